import { type CheckSettings, fromDelegatedAdmin, type PreflightCheck } from './check';

/**
 * The caller is the organization's management account, and that is the account the
 * configuration names: the parent stack and the management account's StackSet go there.
 */
export function managementAccountCheck(settings: CheckSettings): PreflightCheck {
  const mgmt = settings.config.managementAccountId;
  return {
    id: 'management-account',
    title: `Caller is the management account ${mgmt}`,
    ...(fromDelegatedAdmin(settings)
      ? {
          notApplicable:
            'stackSet.callAs is DELEGATED_ADMIN: TrailGuard deploys from a delegated administrator',
        }
      : {}),
    evaluate: ({ caller, organization }) => {
      const callerAccount = caller.value.account;
      if (!organization.ok) {
        const notInOrg = /AWSOrganizationsNotInUseException/.test(organization.error);
        return {
          status: 'fail',
          detail: notInOrg ? `account ${callerAccount} is not in an organization` : organization.error,
          fix: notInOrg
            ? `Use credentials of the management account ${mgmt}, or create the organization there (Organizations console → Create an organization).`
            : `Use credentials of the management account ${mgmt} allowed organizations:DescribeOrganization.`,
        };
      }
      const problems: string[] = [];
      const fixes: string[] = [];
      if (callerAccount !== mgmt) {
        problems.push(`you are signed in to account ${callerAccount}`);
        fixes.push(
          `Use credentials of the management account ${mgmt} (e.g. \`aws sso login --profile <management-profile>\`).`,
        );
      }
      const actual = organization.value.managementAccountId;
      if (actual !== mgmt) {
        problems.push(`the organization's management account is ${actual}`);
        fixes.push(
          `If that is the organization to protect, set managementAccountId: "${actual}" in ${settings.configFile}.`,
        );
      }
      return problems.length
        ? { status: 'fail', detail: problems.join('; '), fix: fixes.join('\n') }
        : { status: 'pass', detail: caller.value.arn };
    },
  };
}
