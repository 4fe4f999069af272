import type { TrailGuardConfigInput } from '@trailguard/config';
import { planOffline } from '../../src/commands/plan/deployment-plan';
import { renderPlan } from '../../src/commands/plan/render';
import { brokenTemplateReachPerRegion, planRollout, renderRollout } from '../../src/commands/plan/rollout';
import { offlineConfig } from '../offline-config';

function config(stackSet: TrailGuardConfigInput['stackSet'] = {}) {
  return offlineConfig({
    homeRegion: 'eu-central-1',
    regions: ['us-east-1', 'eu-central-1', 'ap-south-1'],
    stackSet,
  });
}

describe('a broken template at 300 accounts', () => {
  it('fails in 20 accounts of the home region with the defaults, then the rollout stops', () => {
    expect(brokenTemplateReachPerRegion(config(), 300)).toBe(20);
    expect(planRollout(config(), 300)).toMatchObject({
      regionConcurrency: 'SEQUENTIAL',
      regionOrder: ['eu-central-1', 'us-east-1', 'ap-south-1'],
      maxConcurrent: '20 accounts',
      failureTolerance: '3 failed accounts',
      brokenTemplateReach: 20,
    });
  });

  it('would fail everywhere at once with all accounts in flight and the regions in parallel', () => {
    const everything = config({
      regionConcurrencyType: 'PARALLEL',
      maxConcurrentPercentage: 100,
      failureToleranceCount: 10,
    });
    expect(brokenTemplateReachPerRegion(everything, 300)).toBe(300);
    expect(planRollout(everything, 300).brokenTemplateReach).toBe(900);
  });

  it.each([
    // Strict, 10 % of everything: concurrency drops to tolerance + 1 = 31.
    [
      {
        concurrencyMode: 'STRICT_FAILURE_TOLERANCE',
        maxConcurrentPercentage: 100,
        failureTolerancePercentage: 10,
      },
      31,
    ],
    // The default 20 at a time with 10 % (30) tolerated: two waves.
    [{ failureTolerancePercentage: 10 }, 40],
    // Waves of 5 until more than 12 failed: three waves.
    [{ maxConcurrentCount: 5, failureToleranceCount: 12 }, 15],
    [{ maxConcurrentPercentage: 10, failureToleranceCount: 0 }, 30],
  ] as const)('%j: %i accounts', (stackSet, reach) => {
    expect(brokenTemplateReachPerRegion(config(stackSet), 300)).toBe(reach);
  });

  it('never counts more accounts than there are', () => {
    expect(brokenTemplateReachPerRegion(config(), 7)).toBe(7);
  });
});

describe('the rollout in the plan', () => {
  it('states region order, concurrency and tolerance, and the canary when one is configured', () => {
    const text = renderRollout(planRollout(config(), 300), 300);
    expect(text).toBe(
      [
        'Rollout of TrailGuard-Members and TrailGuard-ManagementAccount (stackSet in the configuration):',
        '  regions one after another: eu-central-1 → us-east-1 → ap-south-1 (a region that stops stops the ones after it)',
        '  in each region: 20 accounts at a time; the region stops once more than 3 failed accounts (SOFT_FAILURE_TOLERANCE)',
        '  a template that fails everywhere fails in about 20 stack instances of the first region (eu-central-1) before the rollout stops (300 accounts per region)',
        '  no canary OU: `pnpm run deploy --canary OU_ID` (or stackSet.canaryOrganizationalUnit) updates one OU first',
      ].join('\n'),
    );
    const offline = renderPlan(planOffline(config({ canaryOrganizationalUnit: 'ou-q9r8-sandbox01' })));
    expect(offline).toContain(
      '  canary: `pnpm run deploy` updates ou-q9r8-sandbox01 first and the rest only once its stack instances succeeded',
    );
    expect(offline).not.toContain('a template that fails everywhere');
  });
});
