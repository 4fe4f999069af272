import { canonical, show } from './show';

// Policy documents compared statement by statement, each statement said in one line:
// `Allow sns:Publish on arn:… when aws:PrincipalOrgID StringEquals o-…`. Pure.

type Statement = Record<string, unknown>;

/** The statements of a policy document (a lone statement object counts as one). */
export function statementsOf(document: unknown): Statement[] {
  if (!document || typeof document !== 'object') return [];
  const statement = (document as { Statement?: unknown }).Statement;
  if (Array.isArray(statement)) return statement.filter((s): s is Statement => !!s && typeof s === 'object');
  return statement && typeof statement === 'object' ? [statement as Statement] : [];
}

const LISTS = ['Action', 'NotAction', 'Resource', 'NotResource'];

/** A statement whose action and resource lists are sorted, so reordering is no change. */
function normalized(statement: Statement): Statement {
  const copy: Statement = { ...statement };
  for (const key of LISTS) {
    const value = copy[key];
    if (value !== undefined) copy[key] = [value].flat().map(show).sort();
  }
  return canonical(copy) as Statement;
}

function list(value: unknown): string {
  return [value].flat().map(show).join(', ');
}

function principal(value: unknown): string {
  if (value === '*') return 'anyone';
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([kind, who]) => (kind === 'AWS' ? list(who) : `${kind} ${list(who)}`))
      .join(', ');
  }
  return show(value);
}

function conditions(value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  const parts: string[] = [];
  for (const [operator, tests] of Object.entries(value)) {
    for (const [key, expected] of Object.entries((tests ?? {}) as Record<string, unknown>)) {
      parts.push(`${key} ${operator} ${list(expected)}`);
    }
  }
  return parts.join('; ');
}

/** One statement as a line a person reads. */
export function describeStatement(statement: Statement): string {
  const s = statement;
  const sid = typeof s.Sid === 'string' && s.Sid ? `[${s.Sid}] ` : '';
  const actions = s.Action !== undefined ? list(s.Action) : `every action but ${list(s.NotAction)}`;
  const resources =
    s.Resource !== undefined
      ? ` on ${list(s.Resource)}`
      : s.NotResource !== undefined
        ? ` on everything but ${list(s.NotResource)}`
        : '';
  const who =
    s.Principal !== undefined
      ? ` to ${principal(s.Principal)}`
      : s.NotPrincipal !== undefined
        ? ` to everyone but ${principal(s.NotPrincipal)}`
        : '';
  const when = s.Condition !== undefined ? ` when ${conditions(s.Condition)}` : '';
  // Never cut: a statement is read to be approved.
  return `${sid}${show(s.Effect)} ${actions}${who}${resources}${when}`;
}

/** Statements only in `after` (+) and only in `before` (-), each as a line. */
export function diffStatements(before: unknown, after: unknown): string[] {
  const keyed = (document: unknown) =>
    new Map(statementsOf(document).map((s) => [JSON.stringify(normalized(s)), s] as const));
  const old = keyed(before);
  const now = keyed(after);
  return [
    ...[...old].filter(([key]) => !now.has(key)).map(([, s]) => `- ${describeStatement(s)}`),
    ...[...now].filter(([key]) => !old.has(key)).map(([, s]) => `+ ${describeStatement(s)}`),
  ];
}
