import { diffStatements } from './policy-diff';
import { clip, same, show } from './show';

/** What a line of the diff is about, for the call-outs. */
export type NoteKind =
  | 'iam-policy'
  | 'trust'
  | 'resource-policy'
  | 'scp'
  | 'environment'
  | 'code'
  | 'targets'
  | 'template'
  | 'property';

/** One line said about a changed resource. */
export interface Note {
  readonly kind: NoteKind;
  readonly text: string;
}

// What to say about one resource of a type that is added, removed or changed: the statements of
// its policies, its trust, the function's environment and code, a StackSet's targets. Pure.

type Props = Readonly<Record<string, unknown>>;
const prop = (props: Props | undefined, key: string): unknown => props?.[key];

/** Notes of one kind; `prefix` goes after each line's sign: `+ attached to ou-…`. */
function notes(kind: NoteKind, lines: readonly string[], prefix = ''): Note[] {
  return lines.map((line) => ({ kind, text: `${line.slice(0, 2)}${prefix}${line.slice(2)}` }));
}

/** Items of two lists only in the second (+) and only in the first (-). */
function diffItems(before: unknown, after: unknown): string[] {
  const items = (v: unknown) => (v === undefined ? [] : [v].flat().map(show));
  const old = items(before);
  const now = items(after);
  return [
    ...old.filter((i) => !now.includes(i)).map((i) => `- ${i}`),
    ...now.filter((i) => !old.includes(i)).map((i) => `+ ${i}`),
  ];
}

function roleNotes(before?: Props, after?: Props): Note[] {
  const named = (props?: Props) =>
    new Map(
      ((prop(props, 'Policies') as Array<{ PolicyName?: unknown; PolicyDocument?: unknown }>) ?? []).map(
        (p) => [show(p.PolicyName), p.PolicyDocument] as const,
      ),
    );
  const old = named(before);
  const now = named(after);
  const policies = [...new Set([...old.keys(), ...now.keys()])].flatMap((name) =>
    notes('iam-policy', diffStatements(old.get(name), now.get(name)), `policy ${name}: `),
  );
  return [
    ...notes(
      'trust',
      diffStatements(prop(before, 'AssumeRolePolicyDocument'), prop(after, 'AssumeRolePolicyDocument')),
    ),
    ...policies,
    ...notes(
      'iam-policy',
      diffItems(prop(before, 'ManagedPolicyArns'), prop(after, 'ManagedPolicyArns')),
      'managed policy ',
    ),
    ...notes(
      'iam-policy',
      diffItems(prop(before, 'PermissionsBoundary'), prop(after, 'PermissionsBoundary')),
      'boundary ',
    ),
  ];
}

function functionNotes(before?: Props, after?: Props): Note[] {
  const variables = (props?: Props) =>
    ((prop(props, 'Environment') as { Variables?: Record<string, unknown> })?.Variables ?? {}) as Record<
      string,
      unknown
    >;
  const old = variables(before);
  const now = variables(after);
  const environment = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort().flatMap((key) => {
    if (!(key in now)) return [`- ${key}`];
    if (!(key in old)) return [`+ ${key}=${clip(show(now[key]))}`];
    return same(old[key], now[key])
      ? []
      : [`~ ${key}: ${clip(show(old[key]), 80)} → ${clip(show(now[key]), 80)}`];
  });
  const code = (props?: Props) => (prop(props, 'Code') as { ZipFile?: unknown })?.ZipFile;
  const codeNotes: Note[] = [];
  if (before && after && !same(code(before), code(after))) {
    const size = (v: unknown) =>
      typeof v === 'string' ? `${Buffer.byteLength(v).toLocaleString('en-US')} bytes` : 'not inline';
    codeNotes.push({
      kind: 'code',
      text: `inline code changes (${size(code(before))} → ${size(code(after))})`,
    });
  }
  const role = diffItems(prop(before, 'Role'), prop(after, 'Role'));
  return [
    ...notes('environment', environment),
    ...codeNotes,
    ...notes('iam-policy', before && after ? role : [], 'execution role '),
  ];
}

function stackSetNotes(before?: Props, after?: Props): Note[] {
  const targets = (props?: Props) =>
    (
      (prop(props, 'StackInstancesGroup') as Array<{ DeploymentTargets?: Props; Regions?: unknown }>) ?? []
    ).flatMap((group) => {
      const t = group.DeploymentTargets ?? {};
      const filter =
        t.AccountFilterType && t.AccountFilterType !== 'NONE'
          ? ` ${show(t.AccountFilterType)} ${show(t.Accounts)}`
          : '';
      return [t.OrganizationalUnitIds ?? t.Accounts]
        .flat()
        .flatMap((target) =>
          [group.Regions].flat().map((region) => `${show(target)}${filter} × ${show(region)}`),
        );
    });
  const lines = notes('targets', diffItems(targets(before), targets(after)), 'target ');
  for (const key of ['OperationPreferences', 'AutoDeployment', 'Parameters']) {
    if (before && after && !same(prop(before, key), prop(after, key))) {
      lines.push({
        kind: 'targets',
        text: `${key}: ${show(prop(before, key) ?? '-')} → ${show(prop(after, key) ?? '-')}`,
      });
    }
  }
  if (before && after && !same(prop(before, 'TemplateURL'), prop(after, 'TemplateURL'))) {
    lines.push({
      kind: 'template',
      text: `template of ${show(prop(after, 'StackSetName'))} changes (below)`,
    });
  }
  return lines;
}

const POLICY_OF: Readonly<Record<string, string>> = {
  'AWS::IAM::Policy': 'PolicyDocument',
  'AWS::IAM::ManagedPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
};

/** What to say about one resource of a type, given its properties before and after (either absent). */
export function notesFor(type: string, before?: Props, after?: Props): Note[] {
  const policyKey = POLICY_OF[type];
  if (policyKey) {
    const kind: NoteKind = type.startsWith('AWS::IAM::') ? 'iam-policy' : 'resource-policy';
    const attached = type.startsWith('AWS::IAM::')
      ? diffItems(prop(before, 'Roles'), prop(after, 'Roles'))
      : [];
    return [
      ...notes(kind, diffStatements(prop(before, policyKey), prop(after, policyKey))),
      ...notes(kind, attached, 'attached to role '),
    ];
  }
  switch (type) {
    case 'AWS::IAM::Role':
      return roleNotes(before, after);
    case 'AWS::Lambda::Function':
      return functionNotes(before, after);
    case 'AWS::Organizations::Policy':
      return [
        ...notes('scp', diffStatements(prop(before, 'Content'), prop(after, 'Content'))),
        ...notes('scp', diffItems(prop(before, 'TargetIds'), prop(after, 'TargetIds')), 'attached to '),
      ];
    case 'AWS::Events::EventBusPolicy': {
      const statement = (p?: Props) => (p?.Statement ? { Statement: [p.Statement] } : undefined);
      return notes('resource-policy', diffStatements(statement(before), statement(after)));
    }
    case 'AWS::Lambda::Permission': {
      const grant = (p?: Props) =>
        p
          ? [`${show(p.Principal)} may ${show(p.Action)}${p.SourceArn ? ` from ${show(p.SourceArn)}` : ''}`]
          : [];
      return notes('resource-policy', diffItems(grant(before), grant(after)));
    }
    case 'AWS::CloudFormation::StackSet':
      return stackSetNotes(before, after);
    default:
      return [];
  }
}

/** The properties of a type that `notesFor` describes itself; others get a generic line. */
const DESCRIBED: Readonly<Record<string, readonly string[]>> = {
  'AWS::IAM::Role': ['AssumeRolePolicyDocument', 'Policies', 'ManagedPolicyArns', 'PermissionsBoundary'],
  'AWS::Lambda::Function': ['Environment', 'Code', 'Role'],
  'AWS::Organizations::Policy': ['Content', 'TargetIds'],
  'AWS::Events::EventBusPolicy': ['Statement'],
  'AWS::Lambda::Permission': ['Principal', 'Action', 'SourceArn'],
  'AWS::CloudFormation::StackSet': [
    'StackInstancesGroup',
    'OperationPreferences',
    'AutoDeployment',
    'Parameters',
    'TemplateURL',
  ],
};

/** `~ Name: old → new` for each changed property no other note describes (values cut short). */
export function propertyNotes(
  type: string,
  properties: readonly string[],
  before: Props,
  after: Props,
): Note[] {
  const described = [...(DESCRIBED[type] ?? []), ...(POLICY_OF[type] ? [POLICY_OF[type], 'Roles'] : [])];
  return properties
    .filter((name) => name in before || name in after)
    .filter((name) => !described.includes(name))
    .map((name) => ({
      kind: 'property' as const,
      text: `~ ${name}: ${clip(show(before[name] ?? '-'), 100)} → ${clip(show(after[name] ?? '-'), 100)}`,
    }));
}
