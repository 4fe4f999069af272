import type { DeliveryFacts } from '../delivery-facts';
import { SECURITY_ACCOUNT_ROLE } from '../delivery-facts';
import type { CheckSettings, PreflightCheck } from './check';

// With securityHub on, TrailGuard imports each incident's finding in the account and region where
// it happened. It reaches the security team only where Security Hub aggregates it: where the
// account is an enabled member of the organization's Security Hub administrator in that region.
// Elsewhere the finding stays in the account (or is not imported at all: the function logs one
// warning per cold start), while the e-mails and repairs go on.

/** How many account × regions a failure names; the rest are counted. */
export const SHOWN_PAIRS = 10;

/** With securityHub on: every targeted account × region is an enabled member of the Security Hub administrator. */
export function securityHubMembersCheck(settings: CheckSettings): PreflightCheck<DeliveryFacts> {
  const { config } = settings;
  const notApplicable = 'securityHub.enabled is false';
  return {
    id: 'security-hub-members',
    title: 'Security Hub aggregates the findings of every targeted account × region',
    ...(config.securityHub.enabled ? {} : { notApplicable }),
    evaluate: ({ securityHubMembers }) => {
      if (!securityHubMembers) return { status: 'not-applicable', detail: notApplicable };
      if (!securityHubMembers.ok)
        return {
          status: 'fail',
          detail: `could not check (${securityHubMembers.error})`,
          fix: `Allow securityhub:ListOrganizationAdminAccounts to the caller (packages/operator/deployer-policy.json) and sts:AssumeRole into ${SECURITY_ACCOUNT_ROLE} of the Security Hub administrator account, then run this again.`,
        };
      const { accounts, regions } = securityHubMembers.value;
      const without = config.regions.filter((r) => !regions[r]?.administrator);
      const off = config.regions.flatMap((region) => {
        const hub = regions[region];
        if (!hub?.administrator) return [];
        return accounts.filter((a) => !hub.enabled.includes(a)).map((a) => `${a} in ${region}`);
      });
      if (without.length === 0 && off.length === 0) {
        const admins = [...new Set(config.regions.map((r) => regions[r]?.administrator))].join(', ');
        return {
          status: 'pass',
          detail: `${accounts.length} accounts × ${config.regions.length} regions, administrator ${admins}`,
        };
      }
      const listed = off.slice(0, SHOWN_PAIRS).join(', ');
      const more = off.length > SHOWN_PAIRS ? `, and ${off.length - SHOWN_PAIRS} more` : '';
      return {
        status: 'fail',
        detail: [
          without.length ? `no administrator in ${without.join(', ')}` : '',
          off.length ? `${off.length} account × region(s) not enabled members: ${listed}${more}` : '',
        ]
          .filter(Boolean)
          .join('; '),
        fix: [
          without.length
            ? `From the management account, designate the Security Hub administrator in ${without.join(', ')} (\`aws securityhub enable-organization-admin-account --admin-account-id ${config.securityAccountId} --region REGION\`).`
            : '',
          off.length
            ? 'In the administrator account, enable Security Hub for those accounts (Security Hub console → Settings → Configuration, or `aws securityhub create-members` in each region), and turn on auto-enable so that new accounts join.'
            : '',
          'Until then their findings do not reach the administrator; TrailGuard’s e-mails and repairs do not depend on it.',
        ]
          .filter(Boolean)
          .join(' '),
      };
    },
  };
}
