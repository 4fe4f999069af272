import { parseConfig, type TrailGuardConfigInput } from '@trailguard/config';
import { planOffline } from '../../src/commands/plan/deployment-plan';
import { renderPlan } from '../../src/commands/plan/render';

/** A configuration of made-up identifiers (no organization is read offline), with `overrides`. */
function offlineConfig(overrides: Partial<TrailGuardConfigInput>) {
  return parseConfig({
    organizationId: 'o-a1b2c3d4e5',
    organizationRootId: 'r-a1b2',
    managementAccountId: '111111111111',
    securityAccountId: '222222222222',
    homeRegion: 'eu-west-1',
    organizationalUnits: ['ou-a1b2-workload1'],
    regions: ['eu-west-1', 'us-east-1'],
    notificationEmails: ['s@example.com'],
    ...overrides,
  });
}

describe('planOffline', () => {
  it('says what goes where from the configuration alone', () => {
    const plan = planOffline(offlineConfig({ excludedAccounts: ['333333333333'] }));
    expect(plan).toMatchObject({
      mode: 'offline',
      central: { account: '222222222222', region: 'eu-west-1' },
      memberStackSet: {
        name: 'TrailGuard-Members',
        organizationalUnits: [{ id: 'ou-a1b2-workload1' }],
        regions: ['eu-west-1', 'us-east-1'],
        excludedAccounts: ['333333333333'],
      },
    });
    expect(plan.accounts).toBeUndefined();
    expect(plan.warnings).toEqual([]);
  });

  it('warns that Organizations events go unseen when us-east-1 is not among regions', () => {
    const plan = planOffline(offlineConfig({ regions: ['eu-west-1', 'eu-central-1'] }));
    expect(plan.warnings).toEqual([
      "us-east-1 is not among regions: AWS Organizations records its calls only there, so an account leaving or removed from the organization, and CloudTrail's trusted access or delegated administrator being removed, go unseen",
    ]);
    expect(renderPlan(plan)).toContain('\nwarning: us-east-1 is not among regions');
  });
});
