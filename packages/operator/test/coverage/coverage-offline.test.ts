import { childProcessEnv, scratchDir } from '@trailguard/test';
import {
  assessCoverage,
  type CoverageReport,
  classifyStackInstance,
  fullyCovered,
} from '../../src/commands/coverage/coverage';
import { renderCoverage } from '../../src/commands/coverage/render';
import { planOffline } from '../../src/commands/plan/deployment-plan';
import { runTrailguardCli } from '../kit';
import { offlineConfig } from '../offline-config';

describe('coverage without credentials', () => {
  it('says how to sign in, or to try the demo, with exit 1', async () => {
    const result = await runTrailguardCli(['coverage'], {
      ...childProcessEnv(),
      HOME: scratchDir('trailguard-nocreds-'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'eu-west-1',
    });
    expect(result.stderr).toContain('Error: no AWS credentials found. Sign in to the management account');
    expect(result.stderr).toContain('`pnpm trailguard demo`');
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(result.status).toBe(1);
  });
});

describe('classifyStackInstance', () => {
  it.each([
    ['CURRENT', 'SUCCEEDED', 'protected'],
    ['OUTDATED', 'FAILED', 'failed'],
    ['INOPERABLE', 'INOPERABLE', 'failed'],
    ['OUTDATED', 'CANCELLED', 'failed'],
    ['OUTDATED', 'RUNNING', 'outdated'],
    ['OUTDATED', 'PENDING', 'outdated'],
    ['OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT', 'outdated'],
  ])('%s/%s is %s', (status, detailedStatus, expected) => {
    expect(classifyStackInstance({ account: '1', region: 'r', status, detailedStatus })).toBe(expected);
  });
});

describe('renderCoverage', () => {
  it("shows each failed instance's status and CloudFormation's reason, expected or not", () => {
    const failed = {
      status: 'OUTDATED',
      detailedStatus: 'FAILED',
      reason:
        'ResourceLogicalId:MemberRemediationRoleA9B9E574, ResourceStatusReason:trailguard-remediation-eu-west-1 already exists',
    };
    const report: CoverageReport = {
      rows: [
        {
          account: '111111111111',
          name: 'app',
          region: 'eu-west-1',
          via: 'members',
          state: 'failed',
          detail: 'OUTDATED/FAILED: x',
        },
      ],
      central: { account: '310000000002', region: 'eu-west-1', state: 'protected', detail: 'CURRENT' },
      unexpected: [{ account: '999999999999', region: 'eu-west-1', ...failed }],
      summary: {
        expected: 1,
        protected: 0,
        missing: 0,
        failed: 1,
        outdated: 0,
        protectedPercent: 0,
        gaps: 1,
        otherVersion: 0,
      },
      version: { thisCheckout: '0.1.0', stackSets: {} },
    };
    expect(renderCoverage(report)).toContain(
      'note: stack instance in 999999999999 eu-west-1 that the plan does not expect (OUTDATED/FAILED: ResourceLogicalId:MemberRemediationRoleA9B9E574, ResourceStatusReason:trailguard-remediation-eu-west-1 already exists)',
    );
    const managementFailed = assessCoverage(
      { ...planOffline(offlineConfig()), accounts: [] },
      { members: [], management: [{ account: '310000000001', region: 'eu-west-1', ...failed }], central: [] },
      '0.1.0',
    );
    expect(renderCoverage(managementFailed)).toMatch(
      /310000000001\s+\(management account\)\s+eu-west-1\s+✗ failed\s+-\s+OUTDATED\/FAILED: ResourceLogicalId:MemberRemediationRoleA9B9E574, ResourceStatusReason:trailguard-remediation-eu-west-1 already exists/,
    );
  });
});

describe('assessCoverage and the central topic’s recipients', () => {
  const plan = { ...planOffline(offlineConfig()), accounts: [] };
  const current = { status: 'CURRENT', detailedStatus: 'SUCCEEDED' };
  const deployed = {
    members: [],
    management: [{ account: '310000000001', region: 'eu-west-1', ...current }],
    central: [{ account: '310000000002', region: 'eu-west-1', ...current }],
  };

  it('counts a deployed central stack with a recipient who has not confirmed as unconfirmed, a gap', () => {
    const report = assessCoverage(plan, deployed, '0.1.0', {
      pending: ['soc@example.org'],
      missing: [],
      configured: 2,
    });
    expect(report.central).toMatchObject({
      state: 'unconfirmed',
      detail: 'e-mail pending confirmation: soc@example.org',
    });
    // Every pair is protected and the other recipient hears of it: one gap, the unconfirmed one.
    expect(report.summary).toMatchObject({
      expected: 1,
      protected: 1,
      protectedPercent: 100,
      gaps: 1,
      recipients: 2,
      unconfirmedRecipients: 1,
    });
    expect(fullyCovered(report)).toBe(false);
    const text = renderCoverage(report);
    expect(text).toContain(
      'Central topic and bus (security account 310000000002, eu-west-1): ✗ unconfirmed — e-mail pending confirmation: soc@example.org; those recipients get nothing yet',
    );
    expect(text).toContain(
      'Coverage: 1/1 account × region protected (100%); 0 missing, 0 failed, 0 outdated; notifications: 1 of 2 e-mail recipients unconfirmed (1 gap in all)',
    );
  });

  it('claims no protection while no recipient has confirmed: nobody hears of an attack', () => {
    const report = assessCoverage(plan, deployed, '0.1.0', {
      pending: ['soc@example.org'],
      missing: ['oncall@example.org'],
      configured: 2,
    });
    expect(report.summary).toMatchObject({
      protected: 1,
      protectedPercent: 0,
      gaps: 1,
      recipients: 2,
      unconfirmedRecipients: 2,
    });
    expect(renderCoverage(report)).toContain(
      'Coverage: 1/1 account × region deployed, but 0% protected: no notice reaches anyone (no e-mail recipient has confirmed); 0 missing, 0 failed, 0 outdated; notifications: 2 of 2 e-mail recipients unconfirmed (1 gap in all)',
    );
  });

  it('leaves it protected when every recipient confirmed, and missing when it is not deployed', () => {
    const confirmed = assessCoverage(plan, deployed, '0.1.0', { pending: [], missing: [], configured: 1 });
    expect(confirmed.central.state).toBe('protected');
    expect(confirmed.summary).toMatchObject({ protectedPercent: 100, gaps: 0, unconfirmedRecipients: 0 });
    expect(fullyCovered(confirmed)).toBe(true);
    const notDeployed = assessCoverage(plan, { ...deployed, central: [] }, '0.1.0', {
      pending: ['soc@example.org'],
      missing: [],
      configured: 1,
    });
    expect(notDeployed.central.state).toBe('missing');
  });
});
