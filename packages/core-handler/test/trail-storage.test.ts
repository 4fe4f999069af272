// The bucket and CloudWatch Logs group behind a trail: pure decisions over realistic events.
import { letsCloudTrailWrite, shortestExpiry } from '../src/domain/classify-storage';
import type { FixtureJson } from './fixtures';
import { BUCKET, decideWith, params } from './trail-dependencies';

describe('the bucket and log group behind a trail', () => {
  it.each<[string, ((raw: FixtureJson) => void) | undefined, string, string]>([
    ['put-bucket-policy.denies-cloudtrail', undefined, 'critical', 'policy no longer lets CloudTrail write'],
    [
      'put-bucket-policy.denies-cloudtrail',
      params({
        bucketPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/*`,
            },
          ],
        },
      }),
      'high',
      'policy changed',
    ],
    ['put-bucket-lifecycle.one-day', undefined, 'high', 'lifecycle deletes log files after 1 day(s)'],
    ['delete-bucket.iam-user', undefined, 'critical', 'deleted'],
    [
      'delete-bucket.iam-user',
      (raw) => {
        raw.detail.eventName = 'DeleteBucketPolicy';
      },
      'critical',
      'policy deleted',
    ],
    [
      'delete-bucket.iam-user',
      (raw) => {
        raw.detail.eventName = 'PutBucketAcl';
      },
      'medium',
      'ACL changed',
    ],
  ])('reports %s on the trail’s bucket, not reverted', (name, change, severity, what) => {
    expect(decideWith(name, change)).toMatchObject({
      kind: 'report',
      action: 'none',
      reason: 'the previous setting is not in the event, so it is not reverted',
      assessment: {
        severity,
        summary: `Bucket of trail management-events: ${what}`,
        target: {
          kind: 'resource',
          resource: { type: 's3-bucket', name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` },
        },
      },
    });
  });

  it('rates lifecycle expirations by how soon they delete the logs', () => {
    const rule = (Rule: unknown) => ({ LifecycleConfiguration: { Rule } });
    expect(shortestExpiry(rule({ Status: 'Enabled', Expiration: { Days: 400 } }))).toBe(400);
    expect(
      shortestExpiry(
        rule([
          { Status: 'Enabled', Expiration: { Days: 90 } },
          { Status: 'Enabled', Expiration: { Date: '2027-01-01' } },
        ]),
      ),
    ).toBe(0);
    expect(shortestExpiry(rule({ Status: 'Disabled', Expiration: { Days: 1 } }))).toBeNull();
    expect(
      shortestExpiry(rule({ Status: 'Enabled', Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] })),
    ).toBeNull();
    expect(
      decideWith(
        'put-bucket-lifecycle.one-day',
        params({
          LifecycleConfiguration: rule({ Status: 'Enabled', Expiration: { Days: 400 } })
            .LifecycleConfiguration,
        }),
      ),
    ).toMatchObject({ assessment: { severity: 'medium' } });
    expect(
      decideWith(
        'put-bucket-lifecycle.one-day',
        params({
          LifecycleConfiguration: rule({ Status: 'Disabled', Expiration: { Days: 1 } })
            .LifecycleConfiguration,
        }),
      ),
    ).toMatchObject({
      assessment: { severity: 'low', summary: expect.stringMatching(/lifecycle changed$/) },
    });
  });

  it('tells whether a bucket policy still lets CloudTrail write', () => {
    const allow = {
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: ['s3:PutObject'],
    };
    expect(letsCloudTrailWrite({ Statement: [allow] })).toBe(true);
    expect(letsCloudTrailWrite({ Statement: allow })).toBe(true);
    // A Deny of plain HTTP (a condition) does not stop CloudTrail, which uses TLS.
    const tlsOnly = {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    expect(letsCloudTrailWrite({ Statement: [allow, tlsOnly] })).toBe(true);
    expect(letsCloudTrailWrite({ Statement: [allow, { ...tlsOnly, Condition: undefined }] })).toBe(false);
    expect(
      letsCloudTrailWrite({
        Statement: [{ ...allow, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }],
      }),
    ).toBe(false);
    expect(letsCloudTrailWrite({ Statement: [{ ...allow, Action: 's3:GetBucketAcl' }] })).toBe(false);
    expect(letsCloudTrailWrite(undefined)).toBe(false);
  });

  it('reads a bucket policy that CloudTrail recorded as a JSON string', () => {
    const allow = {
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
    };
    expect(
      decideWith(
        'put-bucket-policy.denies-cloudtrail',
        params({ bucketPolicy: JSON.stringify({ Statement: [allow] }) }),
      ),
    ).toMatchObject({ assessment: { severity: 'high' } });
  });

  it('reports a deleted log group high and a one-day retention high, a month medium', () => {
    expect(decideWith('delete-log-group.sso-role')).toMatchObject({
      kind: 'report',
      assessment: {
        severity: 'high',
        summary: 'Log group of trail management-events: deleted',
        target: { resource: { type: 'log-group', name: '/aws/cloudtrail/management-events' } },
      },
    });
    expect(decideWith('put-retention-policy.one-day')).toMatchObject({ assessment: { severity: 'high' } });
    expect(decideWith('put-retention-policy.one-day', params({ retentionInDays: 30 }))).toMatchObject({
      assessment: { severity: 'medium', summary: expect.stringMatching(/retention set to 30 day\(s\)$/) },
    });
  });

  it('stays silent about buckets and log groups no trail uses (same name in another region included)', () => {
    expect(decideWith('delete-bucket.iam-user', params({ bucketName: 'website-assets' })).kind).toBe(
      'silent',
    );
    expect(
      decideWith('delete-log-group.sso-role', (raw) => {
        raw.detail.awsRegion = 'eu-central-1';
      }).kind,
    ).toBe('silent');
  });

  it('names the organization trail whose bucket lives in this (log-archive) account', () => {
    expect(decideWith('delete-bucket.iam-user', params({ bucketName: 'org-archive-logs' }))).toMatchObject({
      assessment: { severity: 'critical', target: { trail: { name: 'org-trail', account: '999988887777' } } },
    });
  });
});
