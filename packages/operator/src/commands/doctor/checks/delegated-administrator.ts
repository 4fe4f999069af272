import { STACKSETS_SERVICE_PRINCIPAL } from '../facts';
import { type CheckSettings, couldNotCheck, fromDelegatedAdmin, type PreflightCheck } from './check';

/**
 * With `stackSet.callAs: DELEGATED_ADMIN`, the caller is an account registered as delegated
 * administrator for CloudFormation StackSets (not the management account, which cannot call as
 * one), in the organization whose management account the configuration names.
 */
export function delegatedAdministratorCheck(settings: CheckSettings): PreflightCheck {
  const mgmt = settings.config.managementAccountId;
  return {
    id: 'delegated-administrator',
    title: 'Caller is a delegated administrator for CloudFormation StackSets',
    ...(fromDelegatedAdmin(settings)
      ? {}
      : { notApplicable: 'stackSet.callAs is SELF: TrailGuard deploys from the management account' }),
    evaluate: ({ caller, organization, delegatedAdministrators }) => {
      const callerAccount = caller.value.account;
      if (callerAccount === mgmt) {
        return {
          status: 'fail',
          detail: `you are signed in to the management account ${mgmt}`,
          fix:
            `Set stackSet.callAs: SELF in ${settings.configFile} to deploy from the management account, ` +
            'or sign in to the delegated administrator account.',
        };
      }
      if (!organization.ok)
        return couldNotCheck(settings, organization, 'organizations:DescribeOrganization');
      if (organization.value.managementAccountId !== mgmt) {
        return {
          status: 'fail',
          detail: `the organization's management account is ${organization.value.managementAccountId}`,
          fix: `If that is the organization to protect, set managementAccountId: "${organization.value.managementAccountId}" in ${settings.configFile}.`,
        };
      }
      if (!delegatedAdministrators?.ok) {
        return couldNotCheck(settings, delegatedAdministrators, 'organizations:ListDelegatedAdministrators');
      }
      if (!delegatedAdministrators.value.includes(callerAccount)) {
        return {
          status: 'fail',
          detail: `account ${callerAccount} is not registered for ${STACKSETS_SERVICE_PRINCIPAL}`,
          fix:
            `From the management account ${mgmt}: \`aws organizations register-delegated-administrator ` +
            `--service-principal ${STACKSETS_SERVICE_PRINCIPAL} --account-id ${callerAccount}\`.`,
        };
      }
      return { status: 'pass', detail: caller.value.arn };
    },
  };
}
