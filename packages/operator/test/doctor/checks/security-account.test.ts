import { securityAccountCheck } from '../../../src/commands/doctor/checks/security-account';
import { failed, healthyFacts, ok, SECURITY, settings } from './facts';

describe('security-account check', () => {
  const check = securityAccountCheck(settings());

  it('passes with the account name when it is active', () => {
    expect(check.evaluate(healthyFacts())).toEqual({ status: 'pass', detail: 'security' });
  });

  it('fails when the account is suspended', () => {
    expect(
      check.evaluate(healthyFacts({ securityAccount: ok({ state: 'SUSPENDED', name: 'security' }) })),
    ).toEqual({
      status: 'fail',
      detail: 'security is SUSPENDED',
      fix: expect.stringContaining('set securityAccountId in org.yaml to an active account'),
    });
  });

  it('fails with the invite command when the account is not a member', () => {
    expect(check.evaluate(healthyFacts({ securityAccount: ok(undefined) }))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining(`invite-account-to-organization --target Id=${SECURITY},Type=ACCOUNT`),
    });
  });

  it('says which permission is missing when the account could not be read', () => {
    expect(check.evaluate(healthyFacts({ securityAccount: failed() }))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('organizations:DescribeAccount'),
    });
  });
});
