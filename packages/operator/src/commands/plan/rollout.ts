import { rolloutRegionOrder, STACKSET_NAMES } from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import { plural } from '../../output';

/** How CloudFormation rolls the member StackSets out, as the configuration sets it. */
export interface RolloutPlan {
  /** The StackSets these preferences apply to. */
  readonly stackSets: readonly string[];
  readonly regionConcurrency: 'PARALLEL' | 'SEQUENTIAL';
  /** The order regions are taken in (SEQUENTIAL), or every region at once (PARALLEL). */
  readonly regionOrder: readonly string[];
  readonly concurrencyMode: 'SOFT_FAILURE_TOLERANCE' | 'STRICT_FAILURE_TOLERANCE';
  /** Accounts per region deployed at once, in words: `20 accounts` or `25% of the accounts`. */
  readonly maxConcurrent: string;
  /** Accounts per region that may fail before the region stops, in words. */
  readonly failureTolerance: string;
  /** The OU `pnpm run deploy` updates first, when configured. */
  readonly canary?: string;
  /**
   * About how many stack instances a template that fails everywhere fails in before the
   * operation stops, for the accounts of the online plan.
   */
  readonly brokenTemplateReach?: number;
}

/** How many accounts of `accounts` (per region) a broken template fails in before the region stops. */
export function brokenTemplateReachPerRegion(config: TrailGuardConfig, accounts: number): number {
  const s = config.stackSet;
  const share = (percent: number) => Math.floor((percent * accounts) / 100);
  const tolerance = s.failureToleranceCount ?? share(s.failureTolerancePercentage ?? 0);
  let concurrent = Math.max(1, s.maxConcurrentCount ?? share(s.maxConcurrentPercentage ?? 100));
  // Strict tolerance lowers concurrency to tolerance + 1.
  if (s.concurrencyMode === 'STRICT_FAILURE_TOLERANCE') concurrent = Math.min(concurrent, tolerance + 1);
  // Each wave of `concurrent` accounts fails; the region stops once failures exceed the tolerance.
  const waves = Math.floor(tolerance / concurrent) + 1;
  return Math.min(accounts, waves * concurrent);
}

/** The rollout of the configuration; `accountsPerRegion` (the online plan) adds what a broken template reaches. */
export function planRollout(config: TrailGuardConfig, accountsPerRegion?: number): RolloutPlan {
  const s = config.stackSet;
  const sequential = s.regionConcurrencyType === 'SEQUENTIAL';
  const reach =
    accountsPerRegion === undefined
      ? undefined
      : brokenTemplateReachPerRegion(config, accountsPerRegion) * (sequential ? 1 : config.regions.length);
  return {
    stackSets: [STACKSET_NAMES.members, STACKSET_NAMES.management],
    regionConcurrency: s.regionConcurrencyType,
    regionOrder: sequential ? rolloutRegionOrder(config) : config.regions,
    concurrencyMode: s.concurrencyMode,
    maxConcurrent:
      s.maxConcurrentCount !== undefined
        ? plural(s.maxConcurrentCount, 'account')
        : `${s.maxConcurrentPercentage}% of the accounts`,
    failureTolerance:
      s.failureToleranceCount !== undefined
        ? plural(s.failureToleranceCount, 'failed account')
        : `${s.failureTolerancePercentage}% of the accounts failed (rounded down)`,
    ...(s.canaryOrganizationalUnit ? { canary: s.canaryOrganizationalUnit } : {}),
    ...(reach === undefined ? {} : { brokenTemplateReach: reach }),
  };
}

/** The rollout in words, for `plan`. */
export function renderRollout(rollout: RolloutPlan, accountsPerRegion?: number): string {
  const sequential = rollout.regionConcurrency === 'SEQUENTIAL';
  const lines = [
    `Rollout of ${rollout.stackSets.join(' and ')} (stackSet in the configuration):`,
    sequential
      ? `  regions one after another: ${rollout.regionOrder.join(' → ')} (a region that stops stops the ones after it)`
      : `  regions all at once: ${rollout.regionOrder.join(', ')}`,
    `  in each region: ${rollout.maxConcurrent} at a time; the region stops once more than ${rollout.failureTolerance} (${rollout.concurrencyMode})`,
  ];
  if (rollout.brokenTemplateReach !== undefined && accountsPerRegion !== undefined) {
    const where = sequential ? `the first region (${rollout.regionOrder[0]})` : 'all regions together';
    lines.push(
      `  a template that fails everywhere fails in about ${plural(rollout.brokenTemplateReach, 'stack instance')} of ${where} before the rollout stops (${plural(accountsPerRegion, 'account')} per region)`,
    );
  }
  lines.push(
    rollout.canary
      ? `  canary: \`pnpm run deploy\` updates ${rollout.canary} first and the rest only once its stack instances succeeded`
      : '  no canary OU: `pnpm run deploy --canary OU_ID` (or stackSet.canaryOrganizationalUnit) updates one OU first',
  );
  return lines.join('\n');
}
