// What `cdk bootstrap` creates with its default qualifier, which TrailGuard's stack synthesizes
// against: the deployment reads the version parameter, uploads to the bucket and assumes the roles.

/** The default bootstrap qualifier (DefaultStackSynthesizer). */
export const CDK_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** The SSM parameter holding the bootstrap version. */
export const CDK_BOOTSTRAP_PARAMETER = `/cdk-bootstrap/${CDK_BOOTSTRAP_QUALIFIER}/version`;

/** The bootstrap's asset bucket in an account and region (the member template travels through it). */
export function bootstrapBucketName(account: string, region: string): string {
  return `cdk-${CDK_BOOTSTRAP_QUALIFIER}-assets-${account}-${region}`;
}

/** The bootstrap roles `cdk deploy` of TrailGuard uses: it assumes the first two; CloudFormation acts as the third. */
export function bootstrapRoleNames(account: string, region: string): string[] {
  return ['deploy-role', 'file-publishing-role', 'cfn-exec-role'].map(
    (role) => `cdk-${CDK_BOOTSTRAP_QUALIFIER}-${role}-${account}-${region}`,
  );
}
