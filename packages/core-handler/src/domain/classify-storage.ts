// S3 and CloudWatch Logs calls on a trail's bucket or log group: reported with the trail named and
// the risk stated, never reverted (the previous policy or rule is not in the event).
import type { Severity } from './assessment';
import { isObject, stringParameter } from './event';
import { bucketRef, logGroupRef, type TrailSetup, trailsUsing } from './trail-setup';
import { untrustedName } from './untrusted';
import { type Classifier, resourceTarget, usedBy, verdict } from './verdict';

type Json = Record<string, unknown>;

const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/**
 * Whether a bucket policy lets CloudTrail write: an Allow of s3:PutObject to cloudtrail.amazonaws.com
 * (or anyone) and no unconditional Deny of it. Conditions of an Allow are not judged.
 */
export function letsCloudTrailWrite(policy: unknown): boolean {
  const statements = isObject(policy) ? list(policy.Statement).filter(isObject) : [];
  const matches = (s: Json, effect: string) =>
    s.Effect === effect &&
    list(s.Action).some((a) => ['*', 's3:*', 's3:Put*', 's3:PutObject'].includes(a as string)) &&
    (s.Principal === '*' ||
      (isObject(s.Principal) &&
        (list(s.Principal.Service).includes('cloudtrail.amazonaws.com') ||
          list(s.Principal.AWS).includes('*'))));
  return (
    statements.some((s) => matches(s, 'Allow')) && !statements.some((s) => !s.Condition && matches(s, 'Deny'))
  );
}

function policyOf(parameters: Json): unknown {
  try {
    const policy = parameters.bucketPolicy;
    return typeof policy === 'string' ? JSON.parse(policy) : policy;
  } catch {
    return undefined;
  }
}

/** The shortest expiration, in days, of the enabled lifecycle rules (0 for an expiration date), or null. */
export function shortestExpiry(parameters: Json): number | null {
  const config = parameters.LifecycleConfiguration;
  const days = list(isObject(config) ? config.Rule : undefined)
    .flatMap((r) =>
      isObject(r) && r.Status === 'Enabled' && isObject(r.Expiration)
        ? [r.Expiration.Date !== undefined ? 0 : Number(r.Expiration.Days)]
        : [],
    )
    .filter(Number.isFinite);
  return days.length > 0 ? Math.min(...days) : null;
}

/** Severity, what happened, and the risk when it is not plain. */
type Rating = [Severity, string, string?];

const BUCKET = true;
const GROUP = false;

const RATINGS: ReadonlyArray<[string, boolean, (parameters: Json) => Rating]> = [
  [
    'PutBucketPolicy',
    BUCKET,
    (p) =>
      letsCloudTrailWrite(policyOf(p))
        ? ['high', 'policy changed', 'the new policy still lets CloudTrail write']
        : ['critical', 'policy no longer lets CloudTrail write'],
  ],
  ['DeleteBucketPolicy', BUCKET, () => ['critical', 'policy deleted', 'CloudTrail cannot write without one']],
  [
    'PutBucketLifecycle',
    BUCKET,
    (p) => {
      const days = shortestExpiry(p);
      return days === null
        ? ['low', 'lifecycle changed', 'no enabled rule expires objects']
        : [days <= 30 ? 'high' : 'medium', `lifecycle deletes log files after ${days} day(s)`];
    },
  ],
  ['PutBucketAcl', BUCKET, () => ['medium', 'ACL changed', 'an ACL can expose the log files']],
  [
    'DeleteBucket',
    BUCKET,
    () => ['critical', 'deleted', 'nothing is delivered, and any account may take the name'],
  ],
  ['DeleteLogGroup', GROUP, () => ['high', 'deleted', 'its metric filters and alarms are gone too']],
  [
    'PutRetentionPolicy',
    GROUP,
    (p) => {
      const days = Number(p.retentionInDays);
      return [days <= 7 ? 'high' : 'medium', `retention set to ${days} day(s)`];
    },
  ],
];

/** The S3 and CloudWatch Logs classifiers, by event name. */
export const STORAGE_CLASSIFIERS: ReadonlyArray<[string, Classifier<readonly TrailSetup[]>]> = RATINGS.map(
  ([name, bucket, rate]) => [
    name,
    (event, setups) => {
      const id = stringParameter(event, bucket ? 'bucketName' : 'logGroupName');
      if (!id) return null;
      const resource = (bucket ? bucketRef : logGroupRef)(id, event.region, event.account);
      const trails = trailsUsing(resource, setups);
      if (!trails[0]) return null;
      const [severity, what, risk] = rate(event.parameters ?? {});
      return verdict(
        severity,
        `${bucket ? 'Bucket' : 'Log group'} of trail ${untrustedName(trails[0].name)}: ${what}`,
        resourceTarget(resource, trails),
        risk ? [usedBy(trails), risk] : [usedBy(trails)],
        { reason: 'the previous setting is not in the event, so it is not reverted' },
      );
    },
  ],
);
