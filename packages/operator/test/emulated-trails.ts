import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { type BucketLocationConstraint, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Emulator } from '@trailguard/test';

/** Creates a trail (and its bucket) in an account of the emulator, logging unless told otherwise. */
export async function createTrail(
  emulator: Emulator,
  where: { account?: string; region: string },
  name: string,
  options: { organization?: boolean; multiRegion?: boolean; logging?: boolean } = {},
): Promise<void> {
  const s3 = await emulator.client(S3Client, where);
  const bucket = `${name.toLowerCase()}-${where.account ?? 'mgmt'}-${where.region}`.slice(0, 63);
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(where.region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: where.region as BucketLocationConstraint } }),
    }),
  );
  const cloudtrail = await emulator.client(CloudTrailClient, where);
  await cloudtrail.send(
    new CreateTrailCommand({
      Name: name,
      S3BucketName: bucket,
      IsOrganizationTrail: options.organization ?? false,
      IsMultiRegionTrail: options.multiRegion ?? false,
    }),
  );
  if (options.logging ?? true) await cloudtrail.send(new StartLoggingCommand({ Name: name }));
  s3.destroy();
  cloudtrail.destroy();
}
