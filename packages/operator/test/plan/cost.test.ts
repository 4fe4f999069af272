import { ALARM_NAMES } from '@trailguard/member-stack/names';
import { estimateCost, renderCost } from '../../src/commands/plan/cost';
import { planOffline } from '../../src/commands/plan/deployment-plan';
import { renderPlan } from '../../src/commands/plan/render';
import { offlineConfig } from '../offline-config';

const config = (sweepIntervalMinutes?: number) =>
  offlineConfig({
    homeRegion: 'eu-central-1',
    regions: ['us-east-1', 'eu-central-1', 'ap-south-1', 'eu-west-1'],
    ...(sweepIntervalMinutes ? { sweepIntervalMinutes } : {}),
  });

describe('the monthly cost plan prints', () => {
  it('100 accounts and the management account in 4 regions: about $89, the alarms most of it', () => {
    const cost = estimateCost(config(), 404);
    expect(cost.alarmsPerPair).toBe(Object.keys(ALARM_NAMES).length);
    expect(cost.perPairUsd.alarms).toBeCloseTo(0.2, 5);
    // 4,380 sweeps a month at 256 MB for an assumed second each, and their requests.
    expect(cost.perPairUsd.lambda).toBeCloseTo(0.0191, 4);
    // 808 alarms of which 10 are free, 404 pairs of sweeps, the key.
    expect(cost.monthlyUsd).toBeCloseTo(79.8 + 404 * 0.019128 + 1, 1);
    expect(renderCost(cost)).toContain(
      'in all: about $89 for 404 account × region pairs (the first 10 alarms of the organization are free)',
    );
  });

  it('a small organization within the free alarms pays for sweeps and the key only', () => {
    expect(estimateCost(config(), 5).monthlyUsd).toBeCloseTo(5 * 0.019128 + 1, 3);
  });

  it('a longer sweep interval makes the sweeps cheaper in proportion', () => {
    expect(estimateCost(config(60), 1).perPairUsd.lambda).toBeCloseTo(0.019128 / 6, 5);
  });

  it('offline, without the accounts, it gives the price per account × region', () => {
    const text = renderPlan(planOffline(config()));
    expect(text).toContain(
      'Monthly cost when nothing happens (list prices):\n  per account × region: 2 CloudWatch alarms ($0.20) and about $0.02 of Lambda sweeps\n  once: $1.00 for the central key',
    );
    expect(text).not.toContain('in all:');
  });
});
