import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../aws-clients';
import { bootstrapBucketName, bootstrapRoleNames } from '../../cdk/bootstrap';

/** What `cdk bootstrap` left in the deploying account's home region, besides its version parameter. */
export interface BootstrapResources {
  readonly account: string;
  readonly region: string;
  readonly bucket: string;
  readonly bucketExists: boolean;
  /** Role name → whether it exists. */
  readonly roles: Readonly<Record<string, boolean>>;
}

/**
 * Looks for the bootstrap's bucket and roles. A bucket that answers 403 exists but is not
 * readable: that is an error (the check says which permission), not "missing".
 */
export async function readBootstrapResources(
  clients: AwsClients,
  account: string,
  region: string,
): Promise<BootstrapResources> {
  const bucket = bootstrapBucketName(account, region);
  const s3 = clients.client(S3Client, region);
  const iam = clients.client(IAMClient, region);
  const [bucketExists, ...found] = await Promise.all([
    s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
      () => true,
      (error: unknown) => absentWhen(error, 'NotFound', 'NoSuchBucket'),
    ),
    ...bootstrapRoleNames(account, region).map((name) =>
      iam.send(new GetRoleCommand({ RoleName: name })).then(
        () => [name, true] as const,
        (error: unknown) => [name, absentWhen(error, 'NoSuchEntity', 'NoSuchEntityException')] as const,
      ),
    ),
  ]);
  return { account, region, bucket, bucketExists, roles: Object.fromEntries(found) };
}

/** `false` for the errors that mean "no such thing"; any other error is thrown on. */
function absentWhen(error: unknown, ...names: string[]): false {
  if (error instanceof Error && names.includes(error.name)) return false;
  throw error;
}
