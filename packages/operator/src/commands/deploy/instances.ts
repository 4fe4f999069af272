import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { STACKSET_NAMES } from '@trailguard/central-stack/names';
import type { CommandContext } from '../../context';
import { plural, renderTable } from '../../output';
import { classifyStackInstance, type StackInstanceFact } from '../coverage/coverage';
import { listStackInstances } from '../coverage/stack-instances';

/** An account × region whose stack instance did not succeed, and why. */
export interface InstanceFailure {
  readonly stackSet: string;
  readonly account: string;
  readonly region: string;
  /** `OUTDATED/FAILED`, or `no stack instance`. */
  readonly status: string;
  readonly reason: string;
}

function statusOf(instance: StackInstanceFact): string {
  return `${instance.status}${instance.detailedStatus ? `/${instance.detailedStatus}` : ''}`;
}

/**
 * The expected account × region pairs whose instance is missing or did not succeed (CURRENT and,
 * when reported, SUCCEEDED). Pure.
 */
export function unsuccessfulInstances(
  stackSet: string,
  expected: ReadonlyArray<{ readonly account: string; readonly region: string }>,
  instances: readonly StackInstanceFact[],
): InstanceFailure[] {
  const byKey = new Map(instances.map((i) => [`${i.account}/${i.region}`, i]));
  return expected.flatMap(({ account, region }): InstanceFailure[] => {
    const instance = byKey.get(`${account}/${region}`);
    if (!instance) return [{ stackSet, account, region, status: 'no stack instance', reason: '' }];
    if (classifyStackInstance(instance) === 'protected') return [];
    return [{ stackSet, account, region, status: statusOf(instance), reason: instance.reason ?? '' }];
  });
}

/** Instances CloudFormation reports as failed, whichever accounts they are in. Pure. */
export function failedInstances(
  stackSet: string,
  instances: readonly StackInstanceFact[],
): InstanceFailure[] {
  return instances
    .filter((i) => classifyStackInstance(i) === 'failed')
    .map((i) => ({
      stackSet,
      account: i.account,
      region: i.region,
      status: statusOf(i),
      reason: i.reason ?? '',
    }));
}

/** Failures as a table with their status reasons. */
export function renderFailures(failures: readonly InstanceFailure[]): string {
  return renderTable(
    ['STACKSET', 'ACCOUNT', 'REGION', 'STATUS', 'REASON'],
    failures.map((f) => [f.stackSet, f.account, f.region, f.status, f.reason || '-']),
  );
}

/**
 * After a deployment: with a failure tolerance, CloudFormation reports an operation SUCCEEDED
 * while some accounts failed. Reads the member and management instances and names every failed
 * one with its reason, so none fails unnoticed. Resolves to the number of failed instances.
 */
export async function reportFailedInstances(ctx: CommandContext<unknown>): Promise<number> {
  const cloudformation = ctx.clients.client(CloudFormationClient, ctx.config.homeRegion);
  ctx.progress.update('Reading the stack instances…', true);
  const [members, management] = await Promise.all([
    listStackInstances(cloudformation, STACKSET_NAMES.members, ctx.config.stackSet.callAs),
    listStackInstances(cloudformation, STACKSET_NAMES.management, 'SELF'),
  ]).finally(() => ctx.progress.done());
  const failures = [
    ...failedInstances(STACKSET_NAMES.members, members),
    ...failedInstances(STACKSET_NAMES.management, management),
  ];
  const total = members.length + management.length;
  if (failures.length === 0) {
    ctx.print(`\nStack instances: ${plural(total, 'stack instance')}, none failed.`);
    return 0;
  }
  ctx.print(
    [
      '',
      `${plural(failures.length, 'stack instance')} of ${total} failed (within the failure tolerance, so CloudFormation went on):`,
      renderFailures(failures),
      'Fix each cause, then run `pnpm run deploy` again; `pnpm trailguard coverage` shows the whole picture.',
    ].join('\n'),
  );
  return failures.length;
}
