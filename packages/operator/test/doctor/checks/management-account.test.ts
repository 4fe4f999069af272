import { managementAccountCheck } from '../../../src/commands/doctor/checks/management-account';
import { failed, healthyFacts, MGMT, ok, settings } from './facts';

describe('management-account check', () => {
  const check = managementAccountCheck(settings());

  it('passes when the management account named in the configuration is calling', () => {
    expect(check.evaluate(healthyFacts())).toEqual({
      status: 'pass',
      detail: `arn:aws:sts::${MGMT}:assumed-role/Admin/alice`,
    });
  });

  it('fails when a member account is calling, telling to use the management account', () => {
    const verdict = check.evaluate(
      healthyFacts({
        caller: { ok: true, value: { account: '399999999999', arn: 'arn:aws:sts::399999999999:x' } },
      }),
    );
    expect(verdict).toEqual({
      status: 'fail',
      detail: 'you are signed in to account 399999999999',
      fix: expect.stringContaining(`Use credentials of the management account ${MGMT}`),
    });
  });

  it("fails with the value to set when the organization's management account is another", () => {
    const verdict = check.evaluate(
      healthyFacts({
        organization: ok({ id: 'o-q9r8s7t6u5', managementAccountId: '377777777777', featureSet: 'ALL' }),
      }),
    );
    expect(verdict).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining("the organization's management account is 377777777777"),
      fix: expect.stringContaining('set managementAccountId: "377777777777" in org.yaml'),
    });
  });

  it('says to create the organization when the account is in none', () => {
    const verdict = check.evaluate(
      healthyFacts({ organization: failed('AWSOrganizationsNotInUseException: not in an organization') }),
    );
    expect(verdict).toMatchObject({
      status: 'fail',
      detail: `account ${MGMT} is not in an organization`,
      fix: expect.stringContaining('Create an organization'),
    });
  });

  it('does not apply when the configuration deploys from a delegated administrator', () => {
    expect(
      managementAccountCheck(settings({ stackSet: { callAs: 'DELEGATED_ADMIN' } })).notApplicable,
    ).toMatch(/DELEGATED_ADMIN/);
    expect(check.notApplicable).toBeUndefined();
  });
});
