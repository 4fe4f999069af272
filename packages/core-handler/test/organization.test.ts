// Organizations calls in the management account (and LeaveOrganization in a member): reported critical.
import { decide } from '../src/domain/decide';
import { apiCall, FIXTURE_ACCOUNT } from './fixtures';
import { params, settings } from './trail-dependencies';

describe('the organization', () => {
  it('reports an account leaving the organization critical, naming the account', () => {
    expect(decide(apiCall('leave-organization.member-root'), settings)).toMatchObject({
      kind: 'report',
      assessment: {
        severity: 'critical',
        summary: `Account left the organization: ${FIXTURE_ACCOUNT}`,
        target: { kind: 'resource', resource: { type: 'account', name: FIXTURE_ACCOUNT }, trail: null },
      },
    });
  });

  it('reports CloudTrail’s trusted access disabled and an account removed, critical', () => {
    expect(decide(apiCall('disable-aws-service-access.cloudtrail'), settings)).toMatchObject({
      assessment: {
        severity: 'critical',
        target: { resource: { type: 'service-principal', name: 'cloudtrail.amazonaws.com' } },
      },
    });
    expect(decide(apiCall('remove-account-from-organization.sso-role'), settings)).toMatchObject({
      assessment: { severity: 'critical', summary: 'Account removed from the organization: 444455556666' },
    });
  });

  it('stays silent when another service loses its access, and names no account the caller made up', () => {
    expect(
      decide(
        apiCall(
          'disable-aws-service-access.cloudtrail',
          params({ servicePrincipal: 'config.amazonaws.com' }),
        ),
        settings,
      ).kind,
    ).toBe('silent');
    expect(
      decide(
        apiCall('remove-account-from-organization.sso-role', (raw) => {
          raw.detail.requestParameters = { accountId: '1234\nSeverity: none' };
          raw.detail.errorCode = 'InvalidInputException';
        }),
        settings,
      ),
    ).toMatchObject({
      assessment: {
        summary: 'Failed attempt: RemoveAccountFromOrganization (InvalidInputException) on account unknown',
      },
    });
    expect(
      decide(
        apiCall('disable-aws-service-access.cloudtrail', (raw) => {
          raw.detail.eventName = 'DeregisterDelegatedAdministrator';
          raw.detail.requestParameters = {
            accountId: '777788889999',
            servicePrincipal: 'cloudtrail.amazonaws.com',
          };
        }),
        settings,
      ),
    ).toMatchObject({
      assessment: { summary: 'CloudTrail delegated administrator deregistered: 777788889999' },
    });
  });
});
