import {
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketAclCommand,
  PutBucketAclCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { FixtureJson } from '../fixtures';
import { useWorld } from '../use-world';
import { MEMBER_REGION } from '../world';

describe('a trail’s bucket and log group, against the emulator', () => {
  const { world, emulator } = useWorld();

  const commands = () => world().calls.map((c) => `${c.service}:${c.command}`);
  const s3 = () => emulator().client(S3Client, { account: world().member, region: MEMBER_REGION });

  it('reports a bucket policy that shuts CloudTrail out of the trail’s bucket critical, naming both', async () => {
    const trailArn = await world().trail('management-events');
    const event = world().event('put-bucket-policy.denies-cloudtrail');
    const { bucketName, bucketPolicy } = event.detail.requestParameters;
    await (await s3()).send(
      new PutBucketPolicyCommand({ Bucket: bucketName, Policy: JSON.stringify(bucketPolicy) }),
    );

    await (await world().handler())(event);

    expect(commands()).toEqual(['cloudtrail:ListTrails', 'cloudtrail:DescribeTrails', 'sns:Publish']);
    const [notification] = await world().notifications();
    expect(notification?.document).toMatchObject({
      severity: 'critical',
      summary: 'Bucket of trail management-events: policy no longer lets CloudTrail write',
      trail: { name: 'management-events', arn: trailArn },
      resource: { type: 's3-bucket', name: bucketName, arn: `arn:aws:s3:::${bucketName}` },
      response: {
        action: 'none',
        outcome: 'not-applicable',
        reason: 'the previous setting is not in the event, so it is not reverted',
      },
    });
  });

  it('reports a one-day lifecycle rule on the trail’s bucket high', async () => {
    await world().trail('management-events');
    const event = world().event('put-bucket-lifecycle.one-day');
    await (await s3()).send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: event.detail.requestParameters.bucketName,
        LifecycleConfiguration: {
          Rules: [
            { ID: 'expire-everything', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } },
          ],
        },
      }),
    );
    await (await world().handler())(event);
    expect((await world().notifications())[0]?.document).toMatchObject({
      severity: 'high',
      summary: expect.stringMatching(/: lifecycle deletes log files after 1 day\(s\)$/),
    });
  });

  it('reports the deletion of a trail’s CloudWatch Logs group with the trail named', async () => {
    await world().trail('management-events', {
      logGroupArn: `arn:aws:logs:${MEMBER_REGION}:${world().member}:log-group:/aws/cloudtrail/management-events:*`,
    });
    await (await world().handler())(world().event('delete-log-group.sso-role'));
    expect((await world().notifications())[0]?.document).toMatchObject({
      severity: 'high',
      resource: { type: 'log-group', name: '/aws/cloudtrail/management-events' },
      trail: { name: 'management-events' },
    });
  });

  it('reads the trails afresh in every invocation: a bucket a trail starts using is reported from then on', async () => {
    await world().trail('management-events');
    const handler = await world().handler();
    const deleteBucket = () =>
      world().event('delete-bucket.iam-user', (raw) => {
        raw.detail.requestParameters.bucketName = `later-logs-${world().member}`;
      });

    expect(await handler(deleteBucket())).toMatchObject({ notifications: 0 });
    const trailArn = await world().trail('later');
    const bucket = `later-logs-${world().member}`;
    await (await s3()).send(new DeleteBucketCommand({ Bucket: bucket }));
    expect(await handler(deleteBucket())).toMatchObject({ notifications: 1 });
    const [notice, ...more] = await world().notifications();
    expect(more).toEqual([]);
    expect(notice?.document).toMatchObject({
      severity: 'critical',
      summary: 'Bucket of trail later: deleted',
      trail: { name: 'later', arn: trailArn },
      resource: { type: 's3-bucket', name: bucket, arn: `arn:aws:s3:::${bucket}` },
      response: { action: 'none', outcome: 'not-applicable' },
    });

    // Each invocation looked once: one ListTrails and one DescribeTrails apiece.
    expect(commands().filter((c) => c.startsWith('cloudtrail:'))).toEqual([
      'cloudtrail:ListTrails',
      'cloudtrail:DescribeTrails',
      'cloudtrail:ListTrails',
      'cloudtrail:DescribeTrails',
    ]);
  });

  /** The DeleteBucket fixture as another S3 call on the bucket, with that call's request parameters. */
  const bucketCall = (name: string, parameters: Record<string, unknown>) =>
    world().event('delete-bucket.iam-user', (raw: FixtureJson) => {
      raw.detail.eventName = name;
      raw.detail.requestParameters = { ...raw.detail.requestParameters, ...parameters };
    });

  it('reports a bucket policy deleted from the trail’s bucket critical: CloudTrail cannot write without one', async () => {
    const trailArn = await world().trail('management-events');
    const bucket = `management-events-logs-${world().member}`;
    const policy = world().event('put-bucket-policy.denies-cloudtrail').detail.requestParameters.bucketPolicy;
    await (await s3()).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
    await (await s3()).send(new DeleteBucketPolicyCommand({ Bucket: bucket }));

    await (await world().handler())(bucketCall('DeleteBucketPolicy', { policy: '' }));

    expect(commands()).toEqual(['cloudtrail:ListTrails', 'cloudtrail:DescribeTrails', 'sns:Publish']);
    const [notice] = await world().notifications();
    expect(notice?.document).toMatchObject({
      severity: 'critical',
      summary: 'Bucket of trail management-events: policy deleted',
      trail: { name: 'management-events', arn: trailArn },
      resource: { type: 's3-bucket', name: bucket },
      response: { action: 'none', outcome: 'not-applicable' },
    });
    expect((await world().emails())[0]).toContain('Detail:    CloudTrail cannot write without one');
  });

  it('reports an ACL changed on the trail’s bucket medium, and changes nothing', async () => {
    await world().trail('management-events');
    const bucket = `management-events-logs-${world().member}`;
    await (await s3()).send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' }));
    const before = (await (await s3()).send(new GetBucketAclCommand({ Bucket: bucket }))).Grants;

    await (await world().handler())(bucketCall('PutBucketAcl', { 'x-amz-acl': ['public-read'], acl: '' }));

    expect((await world().notifications())[0]?.document).toMatchObject({
      severity: 'medium',
      summary: 'Bucket of trail management-events: ACL changed',
      resource: { type: 's3-bucket', name: bucket },
    });
    // Reported, never reverted: the previous ACL is not in the event.
    expect((await (await s3()).send(new GetBucketAclCommand({ Bucket: bucket }))).Grants).toEqual(before);
    expect(commands().filter((c) => !c.startsWith('cloudtrail:'))).toEqual(['sns:Publish']);
  });

  it('reports a one-day retention on the trail’s CloudWatch Logs group high, naming the group', async () => {
    const group = '/aws/cloudtrail/management-events';
    await world().trail('management-events', {
      logGroupArn: `arn:aws:logs:${MEMBER_REGION}:${world().member}:log-group:${group}:*`,
    });
    await (await world().handler())(world().event('put-retention-policy.one-day'));
    expect((await world().notifications())[0]?.document).toMatchObject({
      severity: 'high',
      summary: 'Log group of trail management-events: retention set to 1 day(s)',
      trail: { name: 'management-events' },
      resource: {
        type: 'log-group',
        name: group,
        arn: `arn:aws:logs:${MEMBER_REGION}:${world().member}:log-group:${group}`,
      },
    });
  });
});
