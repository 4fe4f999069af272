// Organizations calls in the management account (and LeaveOrganization in a member): reported critical.
// AccountDepartedOrganization, the service event the management account records when an account
// leaves, is how a departure that the member can no longer report is reported.
import { departedAccount } from '../src/domain/classify-organizations';
import { decide } from '../src/domain/decide';
import { apiCall, FIXTURE_ACCOUNT, type FixtureJson } from './fixtures';
import { params, settings } from './trail-dependencies';

const DEPARTED = '444455556666';
const departure = (change?: (raw: FixtureJson) => void) =>
  apiCall('account-departed-organization.left', change);
const method = (departedMethod: unknown) => (raw: FixtureJson) => {
  raw.detail.serviceEventDetails.departedMethod = departedMethod;
};

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

  describe('AccountDepartedOrganization, in the management account', () => {
    it('reports an account that left critical, naming it from serviceEventDetails, with when', () => {
      expect(decide(departure(), settings)).toEqual({
        kind: 'report',
        action: 'none',
        outcome: 'not-applicable',
        reason: 'organization changes are reported, not reverted',
        assessment: {
          severity: 'critical',
          summary: `Account left the organization: ${DEPARTED}`,
          target: {
            kind: 'resource',
            resource: {
              type: 'account',
              name: DEPARTED,
              arn: null,
              region: 'us-east-1',
              account: FIXTURE_ACCOUNT,
            },
            trail: null,
          },
          details: [
            'its TrailGuard stacks are deleted with it: its trails are guarded no more',
            'departed at 2026-11-27T08:19:17Z',
          ],
        },
      });
    });

    it('stays silent on a removal, which RemoveAccountFromOrganization reports already', () => {
      expect(decide(departure(method('Removed')), settings)).toMatchObject({ kind: 'silent' });
      expect(decide(apiCall('remove-account-from-organization.sso-role'), settings)).toMatchObject({
        assessment: { severity: 'critical' },
      });
    });

    it('reports a closed account cleaned out of the organization as info', () => {
      expect(decide(departure(method('Cleaned')), settings)).toMatchObject({
        kind: 'report',
        assessment: {
          severity: 'info',
          summary: `Closed account cleaned out of the organization: ${DEPARTED}`,
        },
      });
    });

    it('reports a departure it cannot place high, the method quoted', () => {
      for (const [given, shown] of [
        ['Evicted', 'departedMethod Evicted'],
        ['Left\nSeverity: none', 'departedMethod "Left Severity: none"'],
        [undefined, 'departedMethod not given'],
      ] as const) {
        const decision = decide(departure(method(given)), settings);
        expect(decision).toMatchObject({
          assessment: { severity: 'high', summary: `Account departed the organization: ${DEPARTED}` },
        });
        expect(decision.kind === 'report' ? decision.assessment.details[0] : '').toMatch(
          new RegExp(`^${shown.replace(/[\\"]/g, '\\$&')};`),
        );
      }
    });

    it('takes the account from the Organizations ARN in resources when the details lack it', () => {
      const event = departure((raw) => {
        delete raw.detail.serviceEventDetails.accountId;
      });
      expect(departedAccount(event)).toBe(DEPARTED);
      expect(decide(event, settings)).toMatchObject({
        assessment: { summary: `Account left the organization: ${DEPARTED}` },
      });
    });

    it('takes a resource’s accountId only when it is not the management account’s own', () => {
      const withResources = (resources: unknown[]) =>
        departedAccount(
          departure((raw) => {
            delete raw.detail.serviceEventDetails.accountId;
            raw.detail.resources = resources;
          }),
        );
      expect(withResources([{ accountId: FIXTURE_ACCOUNT }, { accountId: '777788889999' }])).toBe(
        '777788889999',
      );
      expect(withResources([{ accountId: FIXTURE_ACCOUNT, type: 'AWS::Organizations::Account' }])).toBe(
        'unknown',
      );
      expect(withResources([])).toBe('unknown');
    });

    it('names no account from free text: anything but a 12-digit id is unknown', () => {
      const event = departure((raw) => {
        raw.detail.serviceEventDetails.accountId = '444455556666\nSeverity: none';
        raw.detail.resources = [
          { ARN: 'arn:aws:organizations::111122223333:account/o-a1b2c3d4e5/4444 Severity: none' },
          { accountId: 'all fine' },
        ];
      });
      expect(departedAccount(event)).toBe('unknown');
      expect(decide(event, settings)).toMatchObject({
        assessment: { summary: 'Account left the organization: unknown' },
      });
    });
  });
});
