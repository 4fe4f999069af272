// What a trail depends on outside CloudTrail (its KMS key, its bucket, its CloudWatch Logs group)
// and which trails depend on a given one. A change to a key, bucket or log group that no trail
// uses is none of TrailGuard's business: the handler reads the trails' settings before it speaks.
import { isCanaryTrail, partitionOf, type TrailRef, trailRef } from './resources';

/** Where a trail delivers, as DescribeTrails says. */
export interface TrailSetup {
  readonly trail: TrailRef;
  readonly bucket: string | null;
  /** The KMS key that encrypts its log files (DescribeTrails gives its ARN). */
  readonly kmsKeyId: string | null;
  /** `arn:…:logs:REGION:ACCOUNT:log-group:NAME:*` */
  readonly logGroupArn: string | null;
}

/** A trail setting that an UpdateTrail can turn off and TrailGuard turns back on. */
export type TrailSwitch = 'IsMultiRegionTrail' | 'IncludeGlobalServiceEvents' | 'EnableLogFileValidation';

/** Something a trail, or the organization's trails, depend on: the subject of the document's `resource` block. */
export interface BackingResource {
  readonly type: 'kms-key' | 's3-bucket' | 'log-group' | 'account' | 'service-principal';
  /** The key id, bucket name, log group name, account id or service principal. */
  readonly name: string;
  readonly arn: string | null;
  readonly region: string;
  /** The account the resource belongs to (the account of the call for buckets and the organization). */
  readonly account: string;
}

const KEY_ARN = /^arn:[\w-]+:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const LOG_GROUP_ARN = /^arn:[\w-]+:logs:([a-z0-9-]+):(\d{12}):log-group:(.+?)(:\*)?$/;

/** The KMS key of a call: an ARN carries its region and account; a bare id is the call's. */
export function keyRef(keyId: string, region: string, account: string): BackingResource {
  const match = KEY_ARN.exec(keyId);
  if (match)
    return {
      type: 'kms-key',
      name: match[3] as string,
      arn: keyId,
      region: match[1] as string,
      account: match[2] as string,
    };
  const arn = `arn:${partitionOf(region)}:kms:${region}:${account}:key/${keyId}`;
  return { type: 'kms-key', name: keyId, arn, region, account };
}

/** A bucket of a call (bucket ARNs name neither region nor account: the call's are used). */
export const bucketRef = (name: string, region: string, account: string): BackingResource => ({
  type: 's3-bucket',
  name,
  arn: `arn:${partitionOf(region)}:s3:::${name}`,
  region,
  account,
});

/** A CloudWatch Logs group of a call, in the call's region and account. */
export const logGroupRef = (name: string, region: string, account: string): BackingResource => ({
  type: 'log-group',
  name,
  arn: `arn:${partitionOf(region)}:logs:${region}:${account}:log-group:${name}`,
  region,
  account,
});

function uses(setup: TrailSetup, resource: BackingResource): boolean {
  if (resource.type === 's3-bucket') return setup.bucket === resource.name;
  if (resource.type === 'kms-key') {
    return (
      setup.kmsKeyId !== null &&
      keyRef(setup.kmsKeyId, resource.region, resource.account).arn === resource.arn
    );
  }
  const group = LOG_GROUP_ARN.exec(setup.logGroupArn ?? '');
  return (
    resource.type === 'log-group' &&
    group !== null &&
    group[3] === resource.name &&
    group[1] === resource.region &&
    group[2] === resource.account
  );
}

/**
 * The trails that depend on a resource, each once; verify's canaries last, so that a notice names
 * a real trail first (a canary anyone can create on the real trail's bucket).
 */
export function trailsUsing(resource: BackingResource, setups: readonly TrailSetup[]): TrailRef[] {
  const found = new Map<string, TrailRef>();
  for (const setup of setups) if (uses(setup, resource)) found.set(setup.trail.arn, setup.trail);
  const trails = [...found.values()];
  return [...trails.filter((t) => !isCanaryTrail(t)), ...trails.filter(isCanaryTrail)];
}

/** A trail as DescribeTrails lists it (undefined fields as the SDK leaves them). */
export interface DescribedTrail {
  readonly TrailARN?: string;
  readonly S3BucketName?: string;
  readonly KmsKeyId?: string;
  readonly CloudWatchLogsLogGroupArn?: string;
}

/** The setups of DescribeTrails' answer (in `region`), trails without an ARN left out. */
export function setupsOf(trails: readonly DescribedTrail[], region: string): TrailSetup[] {
  return trails.flatMap((t) =>
    t.TrailARN
      ? [
          {
            trail: trailRef(t.TrailARN, region, ''),
            bucket: t.S3BucketName || null,
            kmsKeyId: t.KmsKeyId || null,
            logGroupArn: t.CloudWatchLogsLogGroupArn || null,
          },
        ]
      : [],
  );
}
