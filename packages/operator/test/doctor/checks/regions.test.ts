import { regionsCheck } from '../../../src/commands/doctor/checks/regions';
import { failed, healthyFacts, MGMT, settings } from './facts';

describe('regions check', () => {
  it('passes when every configured region is enabled', () => {
    expect(regionsCheck(settings()).evaluate(healthyFacts())).toEqual({
      status: 'pass',
      detail: `in account ${MGMT}`,
    });
  });

  it('fails for an opt-in region not enabled, and one the account does not know', () => {
    const check = regionsCheck(settings({ regions: ['ap-southeast-2', 'ap-east-1', 'mx-central-1'] }));
    expect(check.evaluate(healthyFacts())).toEqual({
      status: 'fail',
      detail: `not enabled in account ${MGMT}: ap-east-1, mx-central-1`,
      fix: expect.stringContaining(
        '`aws account enable-region --region-name ap-east-1` and `aws account enable-region --region-name mx-central-1`',
      ),
    });
  });

  it('says which permission is missing when the regions could not be read', () => {
    expect(regionsCheck(settings()).evaluate(healthyFacts({ regionStatus: failed() }))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('ec2:DescribeRegions'),
    });
  });
});
