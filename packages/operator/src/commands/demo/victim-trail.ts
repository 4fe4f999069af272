import {
  CloudTrailClient,
  CreateTrailCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Emulator } from '@trailguard/test';
import { HOME } from './emulated-deployment';

/** Creates the attacked account's own trail, recording management events and logging. */
export async function createVictimTrail(emulator: Emulator, account: string) {
  const where = { account, region: HOME };
  const s3 = await emulator.client(S3Client, where);
  const cloudtrail = await emulator.client(CloudTrailClient, where);
  try {
    const bucket = `payments-audit-logs-${account}`;
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: HOME } }),
    );
    const { TrailARN } = await cloudtrail.send(
      new CreateTrailCommand({ Name: 'audit', S3BucketName: bucket }),
    );
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: 'audit',
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
      }),
    );
    await cloudtrail.send(new StartLoggingCommand({ Name: 'audit' }));
    return { name: 'audit', arn: TrailARN ?? '' };
  } finally {
    s3.destroy();
    cloudtrail.destroy();
  }
}

export async function trailState(emulator: Emulator, account: string, name: string) {
  const cloudtrail = await emulator.client(CloudTrailClient, { account, region: HOME });
  try {
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: name }));
    const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: name }));
    const managementEvents =
      (selectors.EventSelectors ?? []).some((s) => s.IncludeManagementEvents !== false) ||
      (selectors.AdvancedEventSelectors ?? []).some((s) =>
        s.FieldSelectors?.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')),
      );
    return { logging: status.IsLogging === true, managementEvents };
  } finally {
    cloudtrail.destroy();
  }
}
