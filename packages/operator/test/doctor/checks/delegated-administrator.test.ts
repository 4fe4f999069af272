import { delegatedAdministratorCheck } from '../../../src/commands/doctor/checks/delegated-administrator';
import { STACKSETS_SERVICE_PRINCIPAL } from '../../../src/commands/doctor/facts';
import { ADMIN, delegatedAdminFacts, failed, healthyFacts, MGMT, ok, settings } from './facts';

describe('delegated-administrator check', () => {
  const check = delegatedAdministratorCheck(settings({ stackSet: { callAs: 'DELEGATED_ADMIN' } }));

  it('passes when the caller is registered for StackSets', () => {
    expect(check.evaluate(delegatedAdminFacts())).toMatchObject({ status: 'pass' });
  });

  it('fails with the register command when the caller is not registered', () => {
    expect(check.evaluate(delegatedAdminFacts({ delegatedAdministrators: ok(['388888888888']) }))).toEqual({
      status: 'fail',
      detail: `account ${ADMIN} is not registered for ${STACKSETS_SERVICE_PRINCIPAL}`,
      fix: `From the management account ${MGMT}: \`aws organizations register-delegated-administrator --service-principal ${STACKSETS_SERVICE_PRINCIPAL} --account-id ${ADMIN}\`.`,
    });
  });

  it('fails when the management account itself calls, which cannot call as delegated administrator', () => {
    expect(check.evaluate(healthyFacts({ delegatedAdministrators: ok([ADMIN]) }))).toMatchObject({
      status: 'fail',
      detail: `you are signed in to the management account ${MGMT}`,
      fix: expect.stringContaining('Set stackSet.callAs: SELF in org.yaml'),
    });
  });

  it('says which permission is missing when the list could not be read', () => {
    expect(check.evaluate(delegatedAdminFacts({ delegatedAdministrators: failed() }))).toMatchObject({
      status: 'fail',
      detail: 'could not check (AccessDeniedException: not authorized)',
      fix: expect.stringContaining(
        'Allow organizations:ListDelegatedAdministrators to the caller in the delegated administrator account',
      ),
    });
  });

  it('does not apply when the configuration deploys from the management account', () => {
    expect(delegatedAdministratorCheck(settings()).notApplicable).toMatch(/callAs is SELF/);
    expect(check.notApplicable).toBeUndefined();
  });
});
