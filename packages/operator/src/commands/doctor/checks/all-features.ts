import { type CheckSettings, couldNotCheck, type PreflightCheck } from './check';

/** The organization has all features enabled: service-managed StackSets and SCPs need them. */
export function allFeaturesCheck(settings: CheckSettings): PreflightCheck {
  return {
    id: 'all-features',
    title: 'Organization has all features enabled',
    evaluate: ({ organization }) => {
      if (!organization.ok)
        return couldNotCheck(settings, organization, 'organizations:DescribeOrganization');
      if (organization.value.featureSet === 'ALL') return { status: 'pass' };
      return {
        status: 'fail',
        detail: `feature set is ${organization.value.featureSet}`,
        fix:
          'Organizations console → Settings → "Begin process to enable all features" (or `aws organizations enable-all-features`); ' +
          'every member account then accepts the request.',
      };
    },
  };
}
