import { type CheckSettings, couldNotCheck, fromDelegatedAdmin, type PreflightCheck } from './check';

/**
 * The CDK bootstrap's bucket and roles exist in the deploying account's home region. The version
 * parameter alone can outlive them: a bucket or role deleted by hand fails the deployment.
 */
export function bootstrapResourcesCheck(settings: CheckSettings): PreflightCheck {
  const region = settings.config.homeRegion;
  const where = fromDelegatedAdmin(settings)
    ? 'the deploying account'
    : `account ${settings.config.managementAccountId}`;
  return {
    id: 'bootstrap-resources',
    title: `CDK bootstrap bucket and roles of ${where} in ${region}`,
    evaluate: ({ bootstrap, bootstrapResources: found }) => {
      const version = bootstrap?.[region];
      // Not bootstrapped at all: the bootstrap check fails with the command that creates both.
      if (version?.ok && version.value === undefined) {
        return { status: 'not-applicable', detail: `not bootstrapped in ${region}; see the bootstrap check` };
      }
      if (!found?.ok) {
        return couldNotCheck(
          settings,
          found,
          's3:ListBucket on arn:aws:s3:::cdk-hnb659fds-assets-* and iam:GetRole on arn:aws:iam::*:role/cdk-hnb659fds-*',
        );
      }
      const { account, bucket, bucketExists, roles } = found.value;
      const missing = [
        ...(bucketExists ? [] : [`bucket ${bucket}`]),
        ...Object.entries(roles)
          .filter(([, exists]) => !exists)
          .map(([name]) => `role ${name}`),
      ];
      if (missing.length === 0) {
        return { status: 'pass', detail: `bucket ${bucket} and ${Object.keys(roles).length} roles` };
      }
      return {
        status: 'fail',
        detail: `missing: ${missing.join(', ')}`,
        fix:
          `Bootstrap again: \`pnpm exec cdk bootstrap aws://${account}/${region}\`. If it reports the stack ` +
          'CDKToolkit up to date, the stack does not know what was deleted by hand: delete it first ' +
          `(\`aws cloudformation delete-stack --stack-name CDKToolkit --region ${region}\`), then bootstrap.`,
      };
    },
  };
}
