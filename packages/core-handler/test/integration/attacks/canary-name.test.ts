// A canary name gives no other exemption: an administrator of a member account creates a trail
// named like `trailguard verify`'s canaries on the real trail's bucket, then weakens the bucket.
// Whichever trail DescribeTrails lists first, the notice is about the real trail, critical.
import { CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { VERIFY_CANARY_PREFIX } from '@trailguard/config/defaults';
import { useWorld } from '../../use-world';
import { MEMBER_REGION } from '../../world';

describe('attacks by a member-account administrator: a canary name', () => {
  const { world, emulator } = useWorld();
  const canary = `${VERIFY_CANARY_PREFIX}x`;

  /** The audit bucket with the trails on it, created in `order` (DescribeTrails lists them so). */
  async function sharedBucket(order: readonly string[]): Promise<string> {
    const bucket = `audit-logs-${world().member}`;
    const s3 = await emulator().client(S3Client, { account: world().member, region: MEMBER_REGION });
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: MEMBER_REGION as BucketLocationConstraint },
      }),
    );
    const cloudtrail = await world().cloudTrail();
    for (const name of order)
      await cloudtrail.send(new CreateTrailCommand({ Name: name, S3BucketName: bucket }));
    // The attack itself: the bucket policy that lets CloudTrail write is deleted.
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    return bucket;
  }

  it.each([
    ['listed before the real trail', [canary, 'management-events']],
    ['listed after the real trail', ['management-events', canary]],
  ])(
    'a trailguard-verify-x trail on the real bucket (%s), then the bucket policy deleted: the notice stays critical',
    async (_, order) => {
      const bucket = await sharedBucket(order);
      await (await world().handler())(
        world().event('delete-bucket.iam-user', (raw) => {
          raw.detail.eventName = 'DeleteBucketPolicy';
          raw.detail.requestParameters = { bucketName: bucket };
        }),
      );
      const [notice, ...more] = await world().notifications();
      expect(more).toEqual([]);
      expect(notice?.document).toMatchObject({
        severity: 'critical',
        summary: 'Bucket of trail management-events: policy deleted',
        trail: { name: 'management-events' },
        resource: { type: 's3-bucket', name: bucket },
      });
      expect(notice?.subject).toMatch(/^\[CRITICAL\] TrailGuard: Bucket of trail management-events/);
      const [email] = await world().emails();
      expect(email).not.toContain('trailguard verify');
      expect(email).toContain(`Used by trails `);
    },
  );
});
