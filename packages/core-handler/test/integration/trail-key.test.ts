// The KMS key behind a trail and the trail's own settings, against the emulator: keys really
// disabled, scheduled for deletion and brought back; trails really weakened by UpdateTrail and
// restored. Each key event is checked against the trails moto describes.
import { GetTrailCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { fixture } from '../fixtures';
import { useWorld } from '../use-world';
import { MEMBER_REGION } from '../world';

describe('a trail’s key and settings, against the emulator', () => {
  const { world, emulator } = useWorld();

  const kms = () => emulator().client(KMSClient, { account: world().member, region: MEMBER_REGION });
  const keyState = async (KeyId: string) =>
    (await (await kms()).send(new DescribeKeyCommand({ KeyId }))).KeyMetadata?.KeyState;
  /** A KMS key of the member account and a trail encrypting with it. */
  async function keyedTrail(): Promise<{ keyId: string; keyArn: string; trailArn: string }> {
    const { KeyMetadata } = await (await kms()).send(new CreateKeyCommand({ Description: 'trail logs' }));
    const keyArn = KeyMetadata?.Arn as string;
    const trailArn = await world().trail('management-events', { kmsKeyId: keyArn });
    return { keyId: KeyMetadata?.KeyId as string, keyArn, trailArn };
  }
  const keyEvent = (name: string, keyId: string) =>
    world().event(name, (raw) => {
      raw.detail.requestParameters.keyId = keyId;
    });
  const commands = () => world().calls.map((c) => `${c.service}:${c.command}`);

  it('enables a disabled key that encrypts a trail, verifies it, and reports it critical with the key', async () => {
    const { keyId, keyArn, trailArn } = await keyedTrail();
    await (await kms()).send(new DisableKeyCommand({ KeyId: keyId }));

    const summary = await (await world().handler())(keyEvent('disable-key.iam-user', keyId));

    expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 0 });
    expect(await keyState(keyId)).toBe('Enabled');
    // It checks which trails use the key before it speaks, then reads the state before it changes it.
    expect(commands()).toEqual([
      'cloudtrail:ListTrails',
      'cloudtrail:DescribeTrails',
      'kms:DescribeKey',
      'kms:EnableKey',
      'kms:DescribeKey',
      'sns:Publish',
    ]);
    expect(
      world()
        .calls.filter((c) => c.service !== 'sns')
        .every((c) => c.region === MEMBER_REGION),
    ).toBe(true);
    const [notification] = await world().notifications();
    expect(notification?.subject).toBe(
      `[CRITICAL] TrailGuard: KMS key of trail management-events disabled (${world().member} ${MEMBER_REGION})`,
    );
    expect(notification?.document).toMatchObject({
      schemaVersion: 1,
      severity: 'critical',
      trail: { name: 'management-events', arn: trailArn },
      resource: { type: 'kms-key', name: keyId, arn: keyArn },
      response: {
        action: 'enable-key',
        outcome: 'succeeded',
        verified: true,
        reason: 'DescribeKey shows the key Enabled (it was Disabled)',
      },
    });
  });

  it('cancels a scheduled deletion and enables the key, which a cancelled deletion leaves disabled', async () => {
    const { keyId, keyArn } = await keyedTrail();
    await (await kms()).send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    expect(await keyState(keyId)).toBe('PendingDeletion');

    await (await world().handler())(keyEvent('schedule-key-deletion.sso-role', keyArn));

    expect(await keyState(keyId)).toBe('Enabled');
    expect(commands().filter((c) => c.startsWith('kms:'))).toEqual([
      'kms:DescribeKey',
      'kms:CancelKeyDeletion',
      'kms:EnableKey',
      'kms:DescribeKey',
    ]);
    expect((await world().notifications())[0]?.document.response).toMatchObject({
      action: 'cancel-key-deletion',
      outcome: 'succeeded',
      reason: 'DescribeKey shows the key Enabled (it was PendingDeletion)',
    });
  });

  it('stays silent about a key no trail uses: it looks, and says nothing', async () => {
    await keyedTrail();
    const { KeyMetadata } = await (await kms()).send(
      new CreateKeyCommand({ Description: 'application data' }),
    );
    await (await kms()).send(new DisableKeyCommand({ KeyId: KeyMetadata?.KeyId }));

    const summary = await (await world().handler())(
      keyEvent('disable-key.iam-user', KeyMetadata?.KeyId as string),
    );

    expect(summary).toEqual({ notifications: 0, remediations: 0, failures: 0 });
    expect(await keyState(KeyMetadata?.KeyId as string)).toBe('Disabled');
    expect(commands()).toEqual(['cloudtrail:ListTrails', 'cloudtrail:DescribeTrails']);
    expect(await world().notifications()).toEqual([]);
  });

  it('reports a key it cannot bring back as failed, once: the invocation does not fail (retries would only repeat it)', async () => {
    // The trail names a key KMS does not know (deleted, or never there).
    const missing = `arn:aws:kms:${MEMBER_REGION}:${world().member}:key/0f0e0d0c-0b0a-4908-8706-050403020100`;
    await world().trail('management-events', { kmsKeyId: missing });

    await expect(
      (await world().handler())(keyEvent('disable-key.iam-user', '0f0e0d0c-0b0a-4908-8706-050403020100')),
    ).resolves.toMatchObject({ notifications: 1, failures: 1 });

    const [notification] = await world().notifications();
    expect(notification?.document).toMatchObject({
      severity: 'critical',
      response: { action: 'enable-key', outcome: 'failed', verified: false },
    });
    expect(notification?.document.response.reason).toMatch(
      /^DescribeKey on 0f0e0d0c-.* failed: NotFoundException/,
    );
  });

  it('reports a new key policy high and changes nothing', async () => {
    const { keyId } = await keyedTrail();
    await (await world().handler())(keyEvent('put-key-policy.iam-user', keyId));
    expect(commands()).toEqual(['cloudtrail:ListTrails', 'cloudtrail:DescribeTrails', 'sns:Publish']);
    expect((await world().notifications())[0]?.document).toMatchObject({
      severity: 'high',
      response: { action: 'none', outcome: 'not-applicable' },
    });
  });

  it('turns back on the switches an UpdateTrail turned off, verified with GetTrail; the moved bucket is reported critical', async () => {
    const trailArn = await world().trail('management-events', { multiRegion: true, validation: true });
    const cloudtrail = await world().cloudTrail();
    const attack = fixture('update-trail.weakened').detail.requestParameters;
    await s3Bucket('attacker-owned-bucket');
    await cloudtrail.send(
      new UpdateTrailCommand({
        Name: attack.name,
        IsMultiRegionTrail: attack.isMultiRegionTrail,
        EnableLogFileValidation: attack.enableLogFileValidation,
        S3BucketName: attack.s3BucketName,
      }),
    );

    const summary = await (await world().handler())(world().event('update-trail.weakened'));

    expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 0 });
    const { Trail } = await cloudtrail.send(new GetTrailCommand({ Name: 'management-events' }));
    expect(Trail).toMatchObject({
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
      // Never reverted: TrailGuard cannot know the old destination is still right.
      S3BucketName: 'attacker-owned-bucket',
    });
    expect(commands()).toEqual([
      'cloudtrail:GetTrail',
      'cloudtrail:UpdateTrail',
      'cloudtrail:GetTrail',
      'sns:Publish',
    ]);
    expect((await world().notifications())[0]?.document).toMatchObject({
      severity: 'critical',
      summary: 'Log bucket of trail management-events set to attacker-owned-bucket',
      trail: { arn: trailArn },
      response: {
        action: 'restore-trail-settings',
        outcome: 'succeeded',
        verified: true,
        reason: 'GetTrail shows IsMultiRegionTrail, EnableLogFileValidation on again',
      },
    });
  });

  it('stays silent on the echo of its own UpdateTrail: no call, no message', async () => {
    await world().trail('management-events');
    const echo = world().event('start-logging.trailguard-echo', (raw) => {
      raw.detail.eventName = 'UpdateTrail';
      raw.detail.requestParameters = { name: 'management-events', isMultiRegionTrail: true };
    });
    expect(await (await world().handler())(echo)).toEqual({ notifications: 0, remediations: 0, failures: 0 });
    expect(world().calls).toEqual([]);
    expect(await world().notifications()).toEqual([]);
  });

  async function s3Bucket(name: string) {
    await (await s3()).send(
      new CreateBucketCommand({
        Bucket: name,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
  }
  const s3 = () => emulator().client(S3Client, { account: world().member, region: MEMBER_REGION });
});
