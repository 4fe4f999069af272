import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackInstancesCommand,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from './aws-clients';
import { mapLimited } from './concurrency';
import { percent, plural, renderTable } from './output';
import type { DeploymentPlan } from './plan';

/** How well one account × region is covered. */
export type CoverageState = 'protected' | 'missing' | 'failed' | 'outdated';

/** One expected account × region and what was found there. */
export interface CoverageRow {
  readonly account: string;
  readonly name: string;
  readonly region: string;
  /** `stack-set` for a member stack instance, `management` for a management-account stack. */
  readonly via: 'stack-set' | 'management';
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
}

/** A management-account stack in one region: its StackStatus, or undefined when absent. */
export interface ManagementStackFact {
  readonly region: string;
  readonly stackName: string;
  readonly status?: string;
  readonly reason?: string;
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
    readonly ratio: string;
  };
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

/** Classifies a management-account stack by its StackStatus. Pure. */
export function classifyStack(status: string | undefined): CoverageState {
  if (status === undefined || status === 'DELETE_COMPLETE') return 'missing';
  if (['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE'].includes(status)) return 'protected';
  if (/FAILED|ROLLBACK/.test(status)) return 'failed';
  return 'outdated'; // *_IN_PROGRESS
}

/** Expected (the online plan) against what CloudFormation reports. Pure. */
export function assessCoverage(
  plan: DeploymentPlan,
  instances: readonly StackInstanceFact[],
  managementStacks: readonly ManagementStackFact[],
): CoverageReport {
  const byKey = new Map(instances.map((i) => [`${i.account}/${i.region}`, i]));
  const rows: CoverageRow[] = [];
  const expectedKeys = new Set<string>();
  for (const account of plan.accounts ?? []) {
    for (const region of account.regions) {
      const key = `${account.id}/${region}`;
      expectedKeys.add(key);
      const instance = byKey.get(key);
      rows.push({
        account: account.id,
        name: account.name,
        region,
        via: 'stack-set',
        state: instance ? classifyStackInstance(instance) : 'missing',
        detail: instance
          ? [
              `${instance.status}${instance.detailedStatus ? `/${instance.detailedStatus}` : ''}`,
              instance.reason ?? '',
            ]
              .filter(Boolean)
              .join(': ')
          : 'no stack instance',
      });
    }
  }
  for (const stack of managementStacks) {
    rows.push({
      account: plan.managementAccount.account,
      name: '(management account)',
      region: stack.region,
      via: 'management',
      state: classifyStack(stack.status),
      detail: stack.status
        ? `${stack.stackName} ${stack.status}${stack.reason ? `: ${stack.reason}` : ''}`
        : `no stack ${stack.stackName}`,
    });
  }
  const count = (state: CoverageState) => rows.filter((r) => r.state === state).length;
  return {
    rows,
    unexpected: instances.filter((i) => !expectedKeys.has(`${i.account}/${i.region}`)),
    summary: {
      expected: rows.length,
      protected: count('protected'),
      missing: count('missing'),
      failed: count('failed'),
      outdated: count('outdated'),
      ratio: percent(count('protected'), rows.length),
    },
  };
}

/** Reads every stack instance of the member StackSet, page by page. */
export async function listStackInstances(
  cloudformation: CloudFormationClient,
  stackSetName: string,
  callAs: 'SELF' | 'DELEGATED_ADMIN',
  onPage?: (count: number) => void,
): Promise<StackInstanceFact[]> {
  const facts: StackInstanceFact[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cloudformation.send(
      new ListStackInstancesCommand({
        StackSetName: stackSetName,
        CallAs: callAs,
        NextToken,
        MaxResults: 100,
      }),
    );
    for (const s of page.Summaries ?? []) facts.push(toFact(s));
    onPage?.(facts.length);
    NextToken = page.NextToken;
  } while (NextToken);
  return facts;
}

function toFact(s: StackInstanceSummary): StackInstanceFact {
  return {
    account: s.Account ?? '',
    region: s.Region ?? '',
    status: s.Status ?? '',
    detailedStatus: s.StackInstanceStatus?.DetailedStatus,
    reason: s.StatusReason,
  };
}

/** Reads the management account's TrailGuard stack in each configured region. */
export async function readManagementStacks(
  clients: AwsClients,
  stacks: DeploymentPlan['managementAccount']['stacks'],
  concurrency = 8,
): Promise<ManagementStackFact[]> {
  return mapLimited(stacks, concurrency, async ({ region, stackName }) => {
    try {
      const { Stacks } = await clients
        .client(CloudFormationClient, region)
        .send(new DescribeStacksCommand({ StackName: stackName }));
      const stack = Stacks?.[0];
      return { region, stackName, status: stack?.StackStatus, reason: stack?.StackStatusReason };
    } catch (error) {
      if (error instanceof Error && /does not exist/.test(error.message)) return { region, stackName };
      throw error;
    }
  });
}

/** Reads the actual state for an online plan and assesses it. */
export async function readCoverage(
  config: TrailGuardConfig,
  plan: DeploymentPlan,
  clients: AwsClients,
  onProgress?: (message: string, phaseStart?: boolean) => void,
): Promise<CoverageReport> {
  const cloudformation = clients.client(CloudFormationClient, plan.memberStackSet.homeRegion);
  let instances: StackInstanceFact[] = [];
  onProgress?.(`Reading stack instances of ${plan.memberStackSet.name}…`, true);
  try {
    instances = await listStackInstances(
      cloudformation,
      plan.memberStackSet.name,
      config.stackSet.callAs,
      (n) => onProgress?.(`Reading stack instances of ${plan.memberStackSet.name}… ${n}`),
    );
  } catch (error) {
    // No StackSet at all: every expected instance is missing, which the report shows.
    if (!(error instanceof Error && error.name === 'StackSetNotFoundException')) throw error;
  }
  onProgress?.('Reading the management account stacks…', true);
  const management = await readManagementStacks(clients, plan.managementAccount.stacks);
  return assessCoverage(plan, instances, management);
}

const STATE_MARK: Record<CoverageState, string> = {
  protected: '✓ protected',
  missing: '✗ missing',
  failed: '✗ failed',
  outdated: '~ outdated',
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
      `note: stack instance in ${u.account} ${u.region} that the plan does not expect (${u.status})`,
    );
  }
  if (report.unexpected.length) lines.push('');
  lines.push(
    `Coverage: ${s.protected}/${s.expected} account × region protected (${s.ratio}); ` +
      `${s.missing} missing, ${s.failed} failed, ${s.outdated} outdated`,
  );
  return lines.join('\n');
}
