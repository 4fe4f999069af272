import { trustedAccessCheck } from '../../../src/commands/doctor/checks/trusted-access';
import { failed, healthyFacts, ok, settings } from './facts';

describe('trusted-access check', () => {
  const check = trustedAccessCheck(settings());

  it('passes when StackSets have trusted access', () => {
    expect(check.evaluate(healthyFacts())).toEqual({ status: 'pass' });
  });

  it('fails with the command for the home region when it is off', () => {
    expect(check.evaluate(healthyFacts({ trustedServices: ok(['sso.amazonaws.com']) }))).toEqual({
      status: 'fail',
      detail: 'member.org.stacksets.cloudformation.amazonaws.com is not enabled',
      fix: expect.stringContaining(
        'aws cloudformation activate-organizations-access --region ap-southeast-2',
      ),
    });
  });

  it('says which permission is missing when the services could not be listed', () => {
    expect(check.evaluate(healthyFacts({ trustedServices: failed() }))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('organizations:ListAWSServiceAccessForOrganization'),
    });
  });
});
