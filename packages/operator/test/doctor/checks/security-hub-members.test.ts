import {
  SHOWN_PAIRS,
  securityHubMembersCheck,
} from '../../../src/commands/doctor/checks/security-hub-members';
import type { DeliveryFacts } from '../../../src/commands/doctor/delivery-facts';
import type { HubCoverage } from '../../../src/commands/doctor/security-hub-facts';
import { failed, MGMT, ok, SECURITY, settings } from './facts';

const on = settings({ securityHub: { enabled: true } });
const check = securityHubMembersCheck(on);
const facts = (coverage: DeliveryFacts['securityHubMembers']): DeliveryFacts => ({
  subscriptions: ok([]),
  securityHubMembers: coverage,
});
/** `n` member accounts beside the management and security accounts. */
const members = (n: number) => Array.from({ length: n }, (_, i) => String(320000000000 + i));

describe('security-hub-members check', () => {
  it('passes when every targeted account is an enabled member in every region', () => {
    const accounts = [MGMT, SECURITY, ...members(3)];
    const coverage: HubCoverage = {
      accounts,
      regions: {
        'ap-southeast-2': { administrator: SECURITY, enabled: accounts },
        'ca-central-1': { administrator: SECURITY, enabled: [...accounts, '399999999999'] },
      },
    };
    expect(check.evaluate(facts(ok(coverage)))).toEqual({
      status: 'pass',
      detail: `5 accounts × 2 regions, administrator ${SECURITY}`,
    });
  });

  it('names the account × regions that are not enabled members, the first ten, and counts the rest', () => {
    const accounts = [MGMT, SECURITY, ...members(20)];
    const coverage: HubCoverage = {
      accounts,
      regions: {
        // Everyone in the first region; in the second, only the administrator and the management account.
        'ap-southeast-2': { administrator: SECURITY, enabled: accounts },
        'ca-central-1': { administrator: SECURITY, enabled: [SECURITY, MGMT] },
      },
    };
    const verdict = check.evaluate(facts(ok(coverage)));
    const first = members(SHOWN_PAIRS).map((a) => `${a} in ca-central-1`);
    expect(verdict).toEqual({
      status: 'fail',
      detail: `20 account × region(s) not enabled members: ${first.join(', ')}, and 10 more`,
      fix: expect.stringMatching(/^In the administrator account, enable Security Hub for those accounts/),
    });
  });

  it('says where no administrator is designated, with the command that designates one', () => {
    const coverage: HubCoverage = {
      accounts: [MGMT, SECURITY],
      regions: {
        'ap-southeast-2': { administrator: SECURITY, enabled: [SECURITY, MGMT] },
        'ca-central-1': { administrator: null, enabled: [] },
      },
    };
    expect(check.evaluate(facts(ok(coverage)))).toEqual({
      status: 'fail',
      detail: 'no administrator in ca-central-1',
      fix: expect.stringContaining(
        `\`aws securityhub enable-organization-admin-account --admin-account-id ${SECURITY} --region REGION\``,
      ),
    });
  });

  it('says what to allow when it could not read, and does not apply with Security Hub off', () => {
    expect(check.evaluate(facts(failed()))).toMatchObject({
      status: 'fail',
      detail: 'could not check (AccessDeniedException: not authorized)',
      fix: expect.stringContaining('securityhub:ListOrganizationAdminAccounts'),
    });
    expect(securityHubMembersCheck(settings()).notApplicable).toBe('securityHub.enabled is false');
  });
});
