import { percent, plural, renderTable } from '../../output';
import type { DeploymentPlan } from '../plan/deployment-plan';

/**
 * How well one account × region is covered. The central stack is `unconfirmed` while an e-mail
 * subscription is pending confirmation (or missing): deployed, yet some recipient gets nothing.
 */
export type CoverageState = 'protected' | 'missing' | 'failed' | 'outdated' | 'unconfirmed';

/** One expected account × region and what was found there. */
export interface CoverageRow {
  readonly account: string;
  readonly name: string;
  readonly region: string;
  /** Which StackSet should cover it: the members', the management account's, or the central one. */
  readonly via: 'members' | 'management' | 'central';
  readonly state: CoverageState;
  /** The status CloudFormation reports, e.g. `OUTDATED/FAILED: …`. */
  readonly detail: string;
}

/** A stack instance as the coverage check needs it (a subset of StackInstanceSummary). */
export interface StackInstanceFact {
  readonly account: string;
  readonly region: string;
  /** CURRENT | OUTDATED | INOPERABLE */
  readonly status: string;
  /** PENDING | RUNNING | SUCCEEDED | FAILED | CANCELLED | INOPERABLE | SKIPPED_SUSPENDED_ACCOUNT | FAILED_IMPORT */
  readonly detailedStatus?: string;
  readonly reason?: string;
  /** The OU it was deployed through (service-managed StackSets). */
  readonly organizationalUnitId?: string;
}

/** The coverage of the whole organization. */
export interface CoverageReport {
  readonly rows: readonly CoverageRow[];
  /** Stack instances in accounts or regions the plan does not expect (excluded, moved out…). */
  readonly unexpected: readonly StackInstanceFact[];
  readonly summary: {
    readonly expected: number;
    readonly protected: number;
    readonly missing: number;
    readonly failed: number;
    readonly outdated: number;
    readonly unconfirmed: number;
    readonly ratio: string;
  };
  /** What could not be read, such as the central topic's subscriptions. */
  readonly notes?: readonly string[];
}

/** The configured addresses whose subscription to the central topic delivers nothing yet. */
export interface UnconfirmedRecipients {
  readonly pending: readonly string[];
  readonly missing: readonly string[];
}

/** Classifies one stack instance. Pure. */
export function classifyStackInstance(instance: StackInstanceFact): CoverageState {
  const detailed = instance.detailedStatus ?? '';
  if (
    instance.status === 'INOPERABLE' ||
    ['FAILED', 'CANCELLED', 'INOPERABLE', 'FAILED_IMPORT'].includes(detailed)
  ) {
    return 'failed';
  }
  if (instance.status === 'CURRENT' && (detailed === '' || detailed === 'SUCCEEDED')) return 'protected';
  // OUTDATED, or an operation still PENDING/RUNNING, or skipped: not yet what the StackSet says.
  return 'outdated';
}

/** The stack instances of TrailGuard's three StackSets, as read from CloudFormation. */
export interface DeployedInstances {
  readonly members: readonly StackInstanceFact[];
  readonly management: readonly StackInstanceFact[];
  readonly central: readonly StackInstanceFact[];
}

/**
 * Expected (the online plan) against what CloudFormation reports, and the central topic's
 * e-mail subscriptions when they could be read. Pure.
 */
export function assessCoverage(
  plan: DeploymentPlan,
  deployed: DeployedInstances,
  recipients?: UnconfirmedRecipients,
): CoverageReport {
  const rows: CoverageRow[] = [];
  const unexpected: StackInstanceFact[] = [];
  const compare = (
    via: CoverageRow['via'],
    expected: ReadonlyArray<{ account: string; name: string; region: string }>,
    instances: readonly StackInstanceFact[],
  ) => {
    const byKey = new Map(instances.map((i) => [`${i.account}/${i.region}`, i]));
    for (const { account, name, region } of expected) {
      const instance = byKey.get(`${account}/${region}`);
      byKey.delete(`${account}/${region}`);
      rows.push({
        account,
        name,
        region,
        via,
        state: instance ? classifyStackInstance(instance) : 'missing',
        detail: instance ? describeInstance(instance) : 'no stack instance',
      });
    }
    unexpected.push(...byKey.values());
  };
  compare(
    'members',
    (plan.accounts ?? []).flatMap((a) =>
      a.regions.map((region) => ({ account: a.id, name: a.name, region })),
    ),
    deployed.members,
  );
  compare(
    'management',
    plan.managementAccount.regions.map((region) => ({
      account: plan.managementAccount.account,
      name: '(management account)',
      region,
    })),
    deployed.management,
  );
  compare(
    'central',
    [{ account: plan.central.account, name: '(central topic and bus)', region: plan.central.region }],
    deployed.central,
  );
  const central = rows.at(-1);
  if (
    central?.state === 'protected' &&
    recipients &&
    recipients.pending.length + recipients.missing.length > 0
  ) {
    rows[rows.length - 1] = { ...central, state: 'unconfirmed', detail: unconfirmedDetail(recipients) };
  }
  const count = (state: CoverageState) => rows.filter((r) => r.state === state).length;
  return {
    rows,
    unexpected,
    summary: {
      expected: rows.length,
      protected: count('protected'),
      missing: count('missing'),
      failed: count('failed'),
      outdated: count('outdated'),
      unconfirmed: count('unconfirmed'),
      ratio: percent(count('protected'), rows.length),
    },
  };
}

function unconfirmedDetail({ pending, missing }: UnconfirmedRecipients): string {
  return [
    pending.length ? `e-mail pending confirmation: ${pending.join(', ')}` : '',
    missing.length ? `not subscribed: ${missing.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function describeInstance(instance: StackInstanceFact): string {
  const status = `${instance.status}${instance.detailedStatus ? `/${instance.detailedStatus}` : ''}`;
  return instance.reason ? `${status}: ${instance.reason}` : status;
}

const STATE_MARK: Record<CoverageState, string> = {
  protected: '✓ protected',
  missing: '✗ missing',
  failed: '✗ failed',
  outdated: '~ outdated',
  unconfirmed: '✗ unconfirmed',
};

/** The report as a person reads it; `all` lists protected rows too. */
export function renderCoverage(report: CoverageReport, all = false): string {
  const shown = all ? report.rows : report.rows.filter((r) => r.state !== 'protected');
  const s = report.summary;
  const lines: string[] = [];
  if (shown.length) {
    lines.push(
      renderTable(
        ['ACCOUNT', 'NAME', 'REGION', 'COVERAGE', 'DETAIL'],
        shown.map((r) => [r.account, r.name, r.region, STATE_MARK[r.state], r.detail]),
      ),
    );
    if (!all && s.protected > 0)
      lines.push(`(${plural(s.protected, 'protected account × region')} not listed; --all lists them)`);
    lines.push('');
  }
  for (const u of report.unexpected) {
    lines.push(
      `note: stack instance in ${u.account} ${u.region} that the plan does not expect (${describeInstance(u)})`,
    );
  }
  for (const note of report.notes ?? []) lines.push(`note: ${note}`);
  if (report.unexpected.length || report.notes?.length) lines.push('');
  lines.push(
    `Coverage: ${s.protected}/${s.expected} account × region protected (${s.ratio}); ` +
      `${s.missing} missing, ${s.failed} failed, ${s.outdated} outdated` +
      (s.unconfirmed ? `, ${s.unconfirmed} unconfirmed (recipients who get nothing yet)` : ''),
  );
  return lines.join('\n');
}
