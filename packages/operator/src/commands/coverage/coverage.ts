import { percentOf } from '../../output';
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
  /** Which StackSet should cover it: the members' or the management account's. */
  readonly via: 'members' | 'management';
  readonly state: CoverageState;
  /** The status CloudFormation reports, e.g. `OUTDATED/FAILED: …`. */
  readonly detail: string;
  /** The TrailGuard version it runs, when known: a current instance runs its StackSet's. */
  readonly version?: string;
}

/** The central topic and bus: one stack instance that every account × region needs, not one of them. */
export interface CentralCoverage {
  readonly account: string;
  readonly region: string;
  readonly state: CoverageState;
  readonly detail: string;
  readonly version?: string;
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
  /** Every expected account × region. */
  readonly rows: readonly CoverageRow[];
  readonly central: CentralCoverage;
  /** Stack instances in accounts or regions the plan does not expect (excluded, moved out…). */
  readonly unexpected: readonly StackInstanceFact[];
  /** Counts of account × region pairs (the central instance is not one). */
  readonly summary: {
    readonly expected: number;
    readonly protected: number;
    readonly missing: number;
    readonly failed: number;
    readonly outdated: number;
    /**
     * Protected out of expected, in percent, rounded down to one decimal; 0 while no notice can
     * reach anyone (reachesNobody): TrailGuard still repairs, but nobody hears of an attack.
     */
    readonly protectedPercent: number;
    /**
     * What stands between the organization and full coverage: the pairs missing, failed or
     * outdated, and the central topic and bus when it is not protected (unconfirmed included).
     */
    readonly gaps: number;
    /** The e-mail addresses the configuration names; absent when the subscriptions could not be read. */
    readonly recipients?: number;
    /** Of those, the ones that get nothing yet: pending confirmation or not subscribed. */
    readonly unconfirmedRecipients?: number;
    /** Protected pairs that run another version than `version.thisCheckout`. */
    readonly otherVersion: number;
  };
  readonly version: {
    /** The version of the TrailGuard that runs this command (what `pnpm run deploy` would deploy). */
    readonly thisCheckout: string;
    /** The version each deployed StackSet records, by StackSet name; absent when it records none. */
    readonly stackSets: Readonly<Record<string, string>>;
  };
  /** What could not be read, such as the central topic's subscriptions. */
  readonly notes?: readonly string[];
}

/** The configured addresses whose subscription to the central topic delivers nothing yet. */
export interface UnconfirmedRecipients {
  readonly pending: readonly string[];
  readonly missing: readonly string[];
  /** How many addresses the configuration names. */
  readonly configured: number;
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
  /** The version each StackSet records (its version tag), by role; absent when unknown. */
  readonly versions?: { readonly members?: string; readonly management?: string; readonly central?: string };
}

/** Where a stack instance is expected: an account (with its name) and a region. */
interface ExpectedInstance {
  readonly account: string;
  readonly name: string;
  readonly region: string;
}

/**
 * One row per expected instance, from the instances CloudFormation reports (`version`, what the
 * StackSet records, shown on current ones); `left`, the instances nothing expected.
 */
function compareInstances(
  via: CoverageRow['via'] | 'central',
  expected: readonly ExpectedInstance[],
  instances: readonly StackInstanceFact[],
  recorded: string | undefined,
): { found: CoverageRow[]; left: StackInstanceFact[] } {
  const byKey = new Map(instances.map((i) => [`${i.account}/${i.region}`, i]));
  const found = expected.map(({ account, name, region }): CoverageRow => {
    const instance = byKey.get(`${account}/${region}`);
    byKey.delete(`${account}/${region}`);
    const state = instance ? classifyStackInstance(instance) : 'missing';
    // Only a current instance is known to run what its StackSet records.
    const version = state === 'protected' ? recorded : undefined;
    return {
      account,
      name,
      region,
      via: via === 'central' ? 'members' : via,
      state,
      detail: instance ? describeInstance(instance) : 'no stack instance',
      ...(version ? { version } : {}),
    };
  });
  return { found, left: [...byKey.values()] };
}

/**
 * Expected (the online plan) against what CloudFormation reports, and the central topic's
 * e-mail subscriptions when they could be read. Pure.
 */
export function assessCoverage(
  plan: DeploymentPlan,
  deployed: DeployedInstances,
  thisCheckout: string,
  recipients?: UnconfirmedRecipients,
): CoverageReport {
  const rows: CoverageRow[] = [];
  const unexpected: StackInstanceFact[] = [];
  const versions = deployed.versions ?? {};
  const compare = (
    via: CoverageRow['via'] | 'central',
    expected: readonly ExpectedInstance[],
    instances: readonly StackInstanceFact[],
  ): CoverageRow[] => {
    const { found, left } = compareInstances(via, expected, instances, versions[via]);
    unexpected.push(...left);
    return found;
  };
  rows.push(
    ...compare(
      'members',
      (plan.accounts ?? []).flatMap((a) =>
        a.regions.map((region) => ({ account: a.id, name: a.name, region })),
      ),
      deployed.members,
    ),
    ...compare(
      'management',
      plan.managementAccount.regions.map((region) => ({
        account: plan.managementAccount.account,
        name: '(management account)',
        region,
      })),
      deployed.management,
    ),
  );
  const { account, region } = plan.central;
  const [found] = compare('central', [{ account, name: '', region }], deployed.central);
  const unconfirmed =
    found?.state === 'protected' && recipients && recipients.pending.length + recipients.missing.length > 0;
  const central = unconfirmed
    ? { ...found, state: 'unconfirmed' as const, detail: unconfirmedDetail(recipients) }
    : found;
  const count = (state: CoverageState) => rows.filter((r) => r.state === state).length;
  const centralState = central?.state ?? 'missing';
  const unreached = recipients ? recipients.pending.length + recipients.missing.length : undefined;
  const nobody = reachesNobody(centralState, recipients?.configured, unreached);
  return {
    rows,
    central: {
      account,
      region,
      state: centralState,
      detail: central?.detail ?? 'no stack instance',
      ...(central?.version ? { version: central.version } : {}),
    },
    unexpected,
    summary: {
      expected: rows.length,
      protected: count('protected'),
      missing: count('missing'),
      failed: count('failed'),
      outdated: count('outdated'),
      protectedPercent: nobody ? 0 : percentOf(count('protected'), rows.length),
      gaps: count('missing') + count('failed') + count('outdated') + (centralState === 'protected' ? 0 : 1),
      ...(recipients ? { recipients: recipients.configured, unconfirmedRecipients: unreached } : {}),
      otherVersion: rows.filter((r) => r.version !== undefined && r.version !== thisCheckout).length,
    },
    version: {
      thisCheckout,
      stackSets: Object.fromEntries(
        [
          [plan.memberStackSet.name, versions.members],
          [plan.managementAccount.stackSetName, versions.management],
          [plan.central.stackSetName, versions.central],
        ].filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    },
  };
}

/**
 * Whether no notice can reach anyone: the central topic and bus is missing or failed, or every
 * configured e-mail recipient is still unconfirmed (or not subscribed).
 */
export function reachesNobody(
  central: CoverageState,
  recipients: number | undefined,
  unconfirmed: number | undefined,
): boolean {
  if (central === 'missing' || central === 'failed') return true;
  return (
    central === 'unconfirmed' && recipients !== undefined && recipients > 0 && unconfirmed === recipients
  );
}

/** Whether every account × region and the central instance are protected. */
export function fullyCovered(report: CoverageReport): boolean {
  return report.summary.protected === report.summary.expected && report.central.state === 'protected';
}

function unconfirmedDetail({ pending, missing }: UnconfirmedRecipients): string {
  return [
    pending.length ? `e-mail pending confirmation: ${pending.join(', ')}` : '',
    missing.length ? `not subscribed: ${missing.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** A stack instance's status as CloudFormation words it, with its reason. */
export function describeInstance(instance: StackInstanceFact): string {
  const status = `${instance.status}${instance.detailedStatus ? `/${instance.detailedStatus}` : ''}`;
  return instance.reason ? `${status}: ${instance.reason}` : status;
}
