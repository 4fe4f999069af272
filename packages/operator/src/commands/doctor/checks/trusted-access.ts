import { STACKSETS_SERVICE_PRINCIPAL } from '../facts';
import { type CheckSettings, couldNotCheck, type PreflightCheck } from './check';

/** Trusted access for CloudFormation StackSets is on: service-managed StackSets cannot deploy without it. */
export function trustedAccessCheck(settings: CheckSettings): PreflightCheck {
  return {
    id: 'trusted-access',
    title: 'Trusted access for CloudFormation StackSets',
    evaluate: ({ trustedServices }) => {
      if (!trustedServices?.ok) {
        return couldNotCheck(settings, trustedServices, 'organizations:ListAWSServiceAccessForOrganization');
      }
      if (trustedServices.value.includes(STACKSETS_SERVICE_PRINCIPAL)) return { status: 'pass' };
      return {
        status: 'fail',
        detail: `${STACKSETS_SERVICE_PRINCIPAL} is not enabled`,
        fix:
          `Run \`aws cloudformation activate-organizations-access --region ${settings.config.homeRegion}\` in the management account, ` +
          'or CloudFormation console → StackSets → "Activate trusted access".',
      };
    },
  };
}
