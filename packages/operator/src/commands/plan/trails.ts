import type { CommandContext } from '../../context';
import { UsageError } from '../../run-command';
import { readTrailReport, type TrailPair, type TrailReport } from '../../trails';
import type { AccountDisposition, DeploymentPlan } from './deployment-plan';

/** The flags `plan` and `coverage` take for the trails report. */
export const TRAIL_OPTIONS = {
  'account-trails': { type: 'boolean' },
  'trail-role': { type: 'string' },
} as const;

/** The flags' lines of the usage texts. */
export const TRAIL_USAGE = `  --account-trails    also read each account's own trails where no organization trail records it
                      (sts:AssumeRole into every such account)
  --trail-role NAME   the role --account-trails uses; by default AWSControlTowerExecution under
                      Control Tower, otherwise OrganizationAccountAccessRole`;

const TRAILGUARD: Record<AccountDisposition, string> = {
  protected: 'will be protected',
  excluded: 'excluded (config)',
  suspended: 'not active',
  management: 'management StackSet',
};

/** Every active account of the plan × region, and the management account, with what TrailGuard does there. */
export function trailPairsOfPlan(plan: DeploymentPlan): TrailPair[] {
  const regions = plan.memberStackSet.regions;
  const pairs: TrailPair[] = (plan.accounts ?? [])
    .filter((a) => a.disposition !== 'suspended' && a.disposition !== 'management')
    .flatMap((a) =>
      regions.map((region) => ({
        account: a.id,
        name: a.name,
        region,
        trailguard: TRAILGUARD[a.disposition],
      })),
    );
  for (const region of plan.managementAccount.regions) {
    pairs.push({
      account: plan.managementAccount.account,
      name: '(management account)',
      region,
      trailguard: TRAILGUARD.management,
    });
  }
  return pairs;
}

/** Reads the trails report for `pairs` as the flags ask. */
export function trailReportFor(
  ctx: CommandContext<unknown>,
  pairs: readonly TrailPair[],
  flags: { 'account-trails'?: boolean; 'trail-role'?: string },
  concurrency: number,
): Promise<TrailReport> {
  if (flags['trail-role'] !== undefined && !flags['account-trails']) {
    throw new UsageError('--trail-role goes with --account-trails');
  }
  return readTrailReport(ctx.clients, ctx.config, pairs, {
    accountTrails: flags['account-trails'] === true,
    ...(flags['trail-role'] ? { role: flags['trail-role'] } : {}),
    concurrency,
    onProgress: (message) => ctx.progress.update(message, true),
  }).finally(() => ctx.progress.done());
}
