import { allFeaturesCheck } from '../../../src/commands/doctor/checks/all-features';
import { failed, healthyFacts, MGMT, ok, settings } from './facts';

describe('all-features check', () => {
  const check = allFeaturesCheck(settings());

  it('passes with all features', () => {
    expect(check.evaluate(healthyFacts())).toEqual({ status: 'pass' });
  });

  it('fails with consolidated billing only, saying how to enable all features', () => {
    const verdict = check.evaluate(
      healthyFacts({
        organization: ok({
          id: 'o-q9r8s7t6u5',
          managementAccountId: MGMT,
          featureSet: 'CONSOLIDATED_BILLING',
        }),
      }),
    );
    expect(verdict).toEqual({
      status: 'fail',
      detail: 'feature set is CONSOLIDATED_BILLING',
      fix: expect.stringContaining('aws organizations enable-all-features'),
    });
  });

  it('says which permission is missing when the organization could not be read', () => {
    expect(check.evaluate(healthyFacts({ organization: failed() }))).toMatchObject({
      status: 'fail',
      fix: `Allow organizations:DescribeOrganization to the caller in the management account ${MGMT}, then run this again.`,
    });
  });
});
