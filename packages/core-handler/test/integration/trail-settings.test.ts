// UpdateTrail against the emulator, beyond the weakened fixture (trail-key.test.ts): each attack is
// made on the emulated trail first, then its event handed to the handler, and the trail read back.
// A switch turned off is turned back on and verified; a destination set is reported, never reverted.
import {
  GetTrailCommand,
  UpdateTrailCommand,
  type UpdateTrailCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { useWorld } from '../use-world';
import { MEMBER_REGION } from '../world';

describe('UpdateTrail, against the emulator', () => {
  const { world, emulator } = useWorld();

  const commands = () => world().calls.map((c) => `${c.service}:${c.command}`);
  const getTrail = async () =>
    (await (await world().cloudTrail()).send(new GetTrailCommand({ Name: 'management-events' }))).Trail;
  /** Makes the attacker's UpdateTrail on the emulated trail, then hands its event to the handler. */
  async function attack(input: Omit<UpdateTrailCommandInput, 'Name'>, parameters: Record<string, unknown>) {
    await (await world().cloudTrail()).send(new UpdateTrailCommand({ Name: 'management-events', ...input }));
    return (await world().handler())(
      world().event('update-trail.weakened', (raw) => {
        raw.detail.requestParameters = { name: 'management-events', ...parameters };
      }),
    );
  }
  const logGroup = (name: string) => `arn:aws:logs:${MEMBER_REGION}:${world().member}:log-group:${name}:*`;
  const newKey = async () => {
    const kms = await emulator().client(KMSClient, { account: world().member, region: MEMBER_REGION });
    return (await kms.send(new CreateKeyCommand({ Description: 'trail logs' }))).KeyMetadata?.Arn as string;
  };

  it('turns global service events back on, verified with GetTrail, and reports it high', async () => {
    const trailArn = await world().trail('management-events');
    expect((await getTrail())?.IncludeGlobalServiceEvents).toBe(true);

    const summary = await attack(
      { IncludeGlobalServiceEvents: false },
      { includeGlobalServiceEvents: false },
    );

    expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 0 });
    expect((await getTrail())?.IncludeGlobalServiceEvents).toBe(true);
    expect(commands()).toEqual([
      'cloudtrail:GetTrail',
      'cloudtrail:UpdateTrail',
      'cloudtrail:GetTrail',
      'sns:Publish',
    ]);
    const [notice] = await world().notifications();
    expect(notice?.document).toMatchObject({
      severity: 'high',
      summary: 'Trail management-events weakened',
      trail: { arn: trailArn },
      response: {
        action: 'restore-trail-settings',
        outcome: 'succeeded',
        verified: true,
        reason: 'GetTrail shows IncludeGlobalServiceEvents on again',
      },
    });
    expect((await world().emails())[0]).toContain('Detail:    global service events (IAM, STS) turned off');
  });

  it('reports the trail’s CloudWatch Logs group set elsewhere critical, and leaves it where it was set', async () => {
    await world().trail('management-events', { logGroupArn: logGroup('/aws/cloudtrail/management-events') });
    const elsewhere = logGroup('attacker-group');
    const role = `arn:aws:iam::${world().member}:role/attacker-delivery`;

    const summary = await attack(
      { CloudWatchLogsLogGroupArn: elsewhere, CloudWatchLogsRoleArn: role },
      { cloudWatchLogsLogGroupArn: elsewhere, cloudWatchLogsRoleArn: role },
    );

    expect(summary).toEqual({ notifications: 1, remediations: 0, failures: 0 });
    // Never reverted: TrailGuard cannot know the old group is still right.
    expect((await getTrail())?.CloudWatchLogsLogGroupArn).toBe(elsewhere);
    expect(commands()).toEqual(['sns:Publish']);
    const [notice] = await world().notifications();
    expect(notice?.document).toMatchObject({
      severity: 'critical',
      // An ARN ending `:*` is not in the plain form of a name, so it is quoted.
      summary: `CloudWatch Logs group of trail management-events set to "${elsewhere}"`,
      trail: { name: 'management-events' },
      response: {
        action: 'none',
        outcome: 'not-applicable',
        reason: 'a destination is never reverted: TrailGuard cannot know the old one is still right',
      },
    });
    const [email] = await world().emails();
    expect(email).toContain(
      `Detail:    CloudWatch Logs group set to "${elsewhere}"; the event does not show the previous one, which may be the same`,
    );
    expect(email).toContain(`Detail:    cloudWatchLogsRoleArn set to "${role}"`);
  });

  it('reports the trail’s KMS key set to another critical, and leaves the new key in place', async () => {
    const before = await newKey();
    await world().trail('management-events', { kmsKeyId: before });
    const after = await newKey();

    await attack({ KmsKeyId: after }, { kmsKeyId: after });

    expect((await getTrail())?.KmsKeyId).toBe(after);
    expect(commands()).toEqual(['sns:Publish']);
    expect((await world().notifications())[0]?.document).toMatchObject({
      severity: 'critical',
      summary: `KMS key of trail management-events set to ${after}`,
      response: { action: 'none', outcome: 'not-applicable' },
    });
  });
});
