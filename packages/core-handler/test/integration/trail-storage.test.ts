import { PutBucketLifecycleConfigurationCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { useWorld } from '../use-world';
import { MEMBER_REGION, TOPIC_REGION } from '../world';

describe('a trail’s bucket and log group, and the organization, against the emulator', () => {
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
    await world().trail('later');
    expect(await handler(deleteBucket())).toMatchObject({ notifications: 1 });

    // Each invocation looked once: one ListTrails and one DescribeTrails apiece.
    expect(commands().filter((c) => c.startsWith('cloudtrail:'))).toEqual([
      'cloudtrail:ListTrails',
      'cloudtrail:DescribeTrails',
      'cloudtrail:ListTrails',
      'cloudtrail:DescribeTrails',
    ]);
  });

  it('reports an account leaving the organization critical, calling nothing but Publish', async () => {
    const event = world().event('leave-organization.member-root', (raw) => {
      raw.account = world().member;
      raw.detail.recipientAccountId = world().member;
    });
    await (await world().handler())(event);
    expect(world().calls).toEqual([{ service: 'sns', command: 'Publish', region: TOPIC_REGION }]);
    expect((await world().notifications())[0]).toMatchObject({
      subject: `[CRITICAL] TrailGuard: Account left the organization: ${world().member} (${world().member} us-east-1)`,
      attributes: { severity: 'critical', eventName: 'LeaveOrganization', account: world().member },
    });
  });
});
