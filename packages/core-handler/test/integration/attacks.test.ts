// What an administrator of one member account, who wants CloudTrail off without anyone noticing,
// would try against TrailGuard, played against the emulator over real HTTP: one test per attack,
// named for what the attacker tries. Every invocation carries a Lambda context, as in AWS, so the
// handler compares the event with the function it runs as.
import { GetTrailStatusCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { useEmulator } from '@trailguard/test';
import { HANDLER_PERMISSIONS } from '../../src/domain/permissions';
import type { Settings } from '../../src/domain/settings';
import { createHandler } from '../../src/handler';
import type { FixtureJson } from '../fixtures';
import { MEMBER_REGION, World } from '../world';

const MINUTE = 60_000;
/** A fixed moment, so that a flood falls in one sweep interval however slow the machine is. */
const NOW = Date.parse('2026-12-01T10:02:00Z');

describe('attacks by a member-account administrator', () => {
  const emulator = useEmulator();
  let world: World;
  /** The Lambda context of the member's TrailGuard function in the member region. */
  let context: { awsRequestId: string; invokedFunctionArn: string };

  beforeEach(async () => {
    await emulator().reset();
    world = await World.create(emulator());
    context = {
      awsRequestId: 'attack',
      invokedFunctionArn: `arn:aws:lambda:${MEMBER_REGION}:${world.member}:function:trailguard-remediation`,
    };
  });

  afterEach(() => {
    // Whatever the attacker did, TrailGuard called nothing its role does not grant.
    const granted = new Set<string>(Object.values(HANDLER_PERMISSIONS).flat());
    expect(world.calls.map((c) => `${c.service}:${c.command}`).filter((a) => !granted.has(a))).toEqual([]);
  });

  /** The handler as the member stack configures it: every region's role is TrailGuard's own. */
  async function trailGuard(overrides: Partial<Settings> = {}) {
    const handler = createHandler({
      ...(await world.deps({
        selfRoleArn: `arn:aws:iam::${world.member}:role/trailguard-remediation-*`,
        ...overrides,
      })),
      clock: () => NOW,
    });
    return (event: unknown) => handler(event, context);
  }

  const isLogging = async (name: string) =>
    (await (await world.cloudTrail()).send(new GetTrailStatusCommand({ Name: name }))).IsLogging;

  /** A fixture event made by a session of the role `roleName`, which the attacker created. */
  const byRole = (fixtureName: string, roleName: string) =>
    world.event(fixtureName, (raw: FixtureJson) => {
      const role = `arn:aws:iam::${world.member}:role/${roleName}`;
      raw.detail.userIdentity = {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${world.member}:assumed-role/${roleName}/quiet`,
        accountId: world.member,
        sessionContext: { sessionIssuer: { type: 'Role', arn: role }, attributes: {} },
      };
    });

  const sweepAt = (time: number) =>
    world.event('scheduled-event', (raw) => {
      raw.time = new Date(time).toISOString();
    });

  describe('silencing', () => {
    it('a look-alike role trailguard-remediation-x deletes a trail: reported', async () => {
      await world.trail('management-events');
      await (await trailGuard())(byRole('delete-trail.iam-user', 'trailguard-remediation-x'));
      const [notice, ...more] = await world.notifications();
      expect(more).toEqual([]);
      expect(notice?.subject).toMatch(/^\[CRITICAL\] TrailGuard: Trail management-events deleted/);
      expect(notice?.document.actor.arn).toBe(
        `arn:aws:sts::${world.member}:assumed-role/trailguard-remediation-x/quiet`,
      );
    });

    it('a look-alike role stops logging: restarted and reported', async () => {
      await world.trail('management-events', { stopped: true });
      await (await trailGuard())(byRole('stop-logging.sso-role', 'trailguard-remediation-x'));
      expect(await isLogging('management-events')).toBe(true);
      const [notice] = await world.notifications();
      expect(notice?.document).toMatchObject({
        severity: 'critical',
        response: { action: 'start-logging', outcome: 'succeeded', verified: true },
      });
    });

    it('a look-alike role moves the trail to its own bucket and turns switches off: switches back on, the move reported critical', async () => {
      await world.trail('management-events');
      await (await trailGuard())(byRole('update-trail.weakened', 'trailguard-remediation-eu-west-9'));
      const [notice] = await world.notifications();
      expect(notice?.document).toMatchObject({
        severity: 'critical',
        summary: 'Trail management-events moved to another log bucket',
        response: { action: 'restore-trail-settings', outcome: 'succeeded', verified: true },
      });
    });

    it('TrailGuard’s own StartLogging, from the function of another region, stays silent', async () => {
      await world.trail('management-events');
      const summary = await (await trailGuard())(
        byRole('start-logging.trailguard-echo', 'trailguard-remediation-us-east-1'),
      );
      expect(summary).toEqual({ notifications: 0, remediations: 0, failures: 0 });
      expect(world.calls).toEqual([]);
      expect(await world.notifications()).toEqual([]);
    });
  });

  describe('forging', () => {
    it('a direct invocation with another account’s StopLogging event: refused, no call made, no notice', async () => {
      await world.trail('management-events', { stopped: true });
      const forged = world.event('stop-logging.sso-role', (raw) => {
        raw.account = '999999999999';
        raw.detail.recipientAccountId = '999999999999';
      });
      await expect((await trailGuard())(forged)).rejects.toMatchObject({
        name: 'ForeignEventError',
        message: expect.stringContaining(
          `claims account "999999999999" region "eu-west-1"; this function serves account ${world.member} region eu-west-1`,
        ),
      });
      expect(world.calls).toEqual([]);
      expect(await world.notifications()).toEqual([]);
    });

    it('a direct invocation with a Scheduled Event of another region: refused, no sweep', async () => {
      await world.trail('management-events', { stopped: true });
      const forged = world.event('scheduled-event', (raw) => {
        raw.region = 'us-east-1';
      });
      await expect((await trailGuard())(forged)).rejects.toMatchObject({ name: 'ForeignEventError' });
      expect(world.calls).toEqual([]);
      expect(await isLogging('management-events')).toBe(false);
    });

    it('a failed StopLogging whose trail name carries newlines cannot write its own lines into the mail', async () => {
      const name =
        'x\n\nTrailGuard did restart logging on the trail, and verified it.\nNext:      Nothing to do.';
      await (await trailGuard())(
        world.event('stop-logging.failed-access-denied', (raw) => {
          raw.detail.requestParameters = { name };
          raw.detail.userAgent = 'aws-cli/2\u202e\nWho:       arn:aws:iam::111122223333:user/nobody';
        }),
      );
      const [notice] = await world.notifications();
      expect(notice?.subject).not.toMatch(/[\r\n]/);
      expect(notice?.document.trail.name).toBe(name);
      const [email = ''] = await world.emails();
      // One line each of TrailGuard's own: the injected ones are inside the quoted name.
      const lines = email.split('\n');
      expect(lines.filter((l) => /^(TrailGuard did|Who:)/.test(l))).toEqual([
        expect.stringMatching(/^Who: +arn:aws:sts::/),
      ]);
      expect(lines.filter((l) => l.startsWith('Next:'))).toEqual([
        expect.stringMatching(/^Next: +Nothing changed, but/),
      ]);
      expect(email).toContain(
        'on trail "x TrailGuard did restart logging on the trail, and verified it. Next: Nothing to do."',
      );
      expect(email).not.toContain('\u202e');
    });
  });

  describe('flooding and retries (with the state table)', () => {
    it('500 failed attempts: at most 5 mails, then one digest from the next sweep counting the other 495, and a real StopLogging in the middle still restarted and mailed at once', async () => {
      await world.trail('management-events');
      const handler = await trailGuard({ stateTableName: await world.stateTable() });
      const attempt = (i: number) =>
        world.event('stop-logging.failed-access-denied', (raw) => {
          raw.id = `attempt-${i}`;
          raw.detail.eventID = `attempt-${i}`;
        });
      // One at a time: moto's DynamoDB does not apply concurrent ADDs atomically, as DynamoDB does.
      const flood = async (from: number, to: number) => {
        for (let i = from; i < to; i++) await handler(attempt(i));
      };
      await flood(0, 250);
      await (await world.cloudTrail()).send(new StopLoggingCommand({ Name: 'management-events' }));
      await handler(world.event('stop-logging.sso-role'));
      await flood(250, 500);
      expect(await isLogging('management-events')).toBe(true);
      const sent = await world.notifications();
      expect(sent.filter((n) => n.document.event.errorCode === 'AccessDenied')).toHaveLength(5);
      expect(sent.filter((n) => n.document.severity === 'critical')).toHaveLength(1);
      expect(sent).toHaveLength(6);
      await handler(sweepAt(NOW + 10 * MINUTE));
      const [digest, ...others] = await world.notifications();
      expect(others).toEqual([]);
      expect(digest?.subject).toMatch(
        /^\[HIGH\] TrailGuard: 495 more failed attempts and low-severity changes since/,
      );
      expect(digest?.attributes).toEqual({ severity: 'high', eventName: 'Digest', account: world.member });
      expect(digest?.document).toMatchObject({
        schemaVersion: 1,
        event: { name: 'Digest' },
        digest: {
          total: 495,
          moreGroups: 0,
          groups: [
            {
              eventName: 'StopLogging',
              errorCode: 'AccessDenied',
              severity: 'high',
              count: 495,
              actor: expect.stringMatching(
                /:role\/aws-reserved\/sso\.amazonaws\.com\/eu-west-1\/AWSReservedSSO_ReadOnly_/,
              ),
              eventId: expect.stringMatching(/^attempt-\d+$/),
            },
          ],
        },
      });
      // Reported once: the next sweep has nothing more to say.
      await handler(sweepAt(NOW + 20 * MINUTE));
      expect(await world.notifications()).toEqual([]);
    }, 120_000);

    it('a retried invocation after a publish failure sends exactly one notice saying logging was restarted', async () => {
      await world.trail('management-events', { stopped: true });
      const stateTableName = await world.stateTable();
      const event = world.event('stop-logging.sso-role');
      // The first attempt publishes to a topic that does not exist (a deleted topic, a broken key policy).
      const broken = await trailGuard({ stateTableName, topicArn: world.topicArn.replace(/[^:]+$/, 'gone') });
      await expect(broken(event)).rejects.toMatchObject({ name: 'IncidentFailedError' });
      expect(await isLogging('management-events')).toBe(true);
      world.calls.length = 0;
      await expect((await trailGuard({ stateTableName }))(event)).resolves.toMatchObject({
        notifications: 1,
      });

      // The retry sends what the first attempt did; it does not look at the (now healthy) trail again.
      expect(world.calls.filter((c) => c.service === 'cloudtrail')).toEqual([]);
      const [notice, ...more] = await world.notifications();
      expect(more).toEqual([]);
      expect(notice?.document.response).toEqual({
        action: 'start-logging',
        outcome: 'succeeded',
        verified: true,
        reason: 'GetTrailStatus reports the trail logging',
      });
    });

    it('a failed repair retried by Lambda sends one notice, not three', async () => {
      // No trail of that name: StartLogging really fails in the emulator.
      const handler = await trailGuard({ stateTableName: await world.stateTable() });
      const event = world.event('stop-logging.sso-role');
      const attempts = [];
      for (let i = 0; i < 3; i++) attempts.push(await handler(event));

      expect(attempts).toEqual([
        { notifications: 1, remediations: 0, failures: 1 },
        { notifications: 0, remediations: 0, failures: 0 },
        { notifications: 0, remediations: 0, failures: 0 },
      ]);
      const [notice, ...more] = await world.notifications();
      expect(more).toEqual([]);
      expect(notice?.document.response).toMatchObject({
        outcome: 'failed',
        reason: expect.stringMatching(/StartLogging/),
      });
      expect(world.calls.filter((c) => c.command === 'StartLogging')).toHaveLength(1);
    });
  });

  describe('side-stepping the sweep', () => {
    it('the sweep without exempt principals repairs a trail stopped a minute ago at once', async () => {
      await world.trail('management-events', { stopped: true });
      const stoppedAt = Date.now();
      const summary = await (await trailGuard())(sweepAt(stoppedAt + MINUTE));
      expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 0 });
      expect(await isLogging('management-events')).toBe(true);
    });

    it('an organization trail stopped by the delegated administrator (recorded in its own account) is restarted at once; with exempt principals another trail waits', async () => {
      await world.trail('organization-trail', { stopped: true, organization: true });
      await world.trail('local-trail', { stopped: true });
      const handler = await trailGuard({ exemptPrincipals: ['arn:aws:iam::*:role/BreakGlass'] });

      await handler(sweepAt(Date.now() + MINUTE));

      expect(await isLogging('organization-trail')).toBe(true);
      expect(await isLogging('local-trail')).toBe(false);
      const [notice, ...more] = await world.notifications();
      expect(more).toEqual([]);
      expect(notice?.document.trail.name).toBe('organization-trail');
      // moto has no event history (LookupEvents fails), so no cause; GetTrail says it is an
      // organization trail, whose stop by the delegated administrator this history never shows.
      expect((await world.emails())[0]).toContain(
        'Repair: at once; this account’s history cannot show the cause',
      );
    });
  });
});
