// Attacks by an administrator of one member account, played against the emulator over real
// HTTP: making TrailGuard's publish fail, so that Lambda's retries lose what it did or say it
// twice. One test per attack, named for what the attacker tries; the shared setup is in
// test/attack-kit.ts.
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { MINUTE, useAttackWorld } from '../../attack-kit';

describe('attacks by a member-account administrator', () => {
  const { world, trailGuard, isLogging, sweepAt } = useAttackWorld();
  /** The topic's ARN with another name: a deleted topic, or a key policy broken on purpose. */
  const goneTopic = () => world().topicArn.replace(/[^:]+$/, 'gone');
  const about = (trail: string) => (input: PublishCommandInput) => input.Subject?.includes(trail) === true;

  describe('retries after a publish failure (with the state table)', () => {
    it('a retried invocation after a publish failure sends exactly one notice saying logging was restarted', async () => {
      await world().trail('management-events', { stopped: true });
      const stateTableName = await world().stateTable();
      const event = world().event('stop-logging.sso-role');
      // The first attempt publishes to a topic that does not exist (a deleted topic, a broken key policy).
      const broken = await trailGuard({
        stateTableName,
        topicArn: goneTopic(),
      });
      await expect(broken(event)).rejects.toMatchObject({ name: 'IncidentFailedError' });
      expect(await isLogging('management-events')).toBe(true);
      world().calls.length = 0;
      await expect((await trailGuard({ stateTableName }))(event)).resolves.toMatchObject({
        notifications: 1,
      });

      // The retry sends what the first attempt did; it does not look at the (now healthy) trail again.
      expect(world().calls.filter((c) => c.service === 'cloudtrail')).toEqual([]);
      const [notice, ...more] = await world().notifications();
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
      const handler = await trailGuard({ stateTableName: await world().stateTable() });
      const event = world().event('stop-logging.sso-role');
      const attempts = [];
      for (let i = 0; i < 3; i++) attempts.push(await handler(event));

      expect(attempts).toEqual([
        { notifications: 1, remediations: 0, failures: 1 },
        { notifications: 0, remediations: 0, failures: 0 },
        { notifications: 0, remediations: 0, failures: 0 },
      ]);
      const [notice, ...more] = await world().notifications();
      expect(more).toEqual([]);
      expect(notice?.document.response).toMatchObject({
        outcome: 'failed',
        reason: expect.stringMatching(/StartLogging/),
      });
      expect(world().calls.filter((c) => c.command === 'StartLogging')).toHaveLength(1);
    });

    it('a retried sweep after a publish failure sends the repair’s notice once', async () => {
      await world().trail('management-events', { stopped: true });
      const stateTableName = await world().stateTable();
      const event = sweepAt(Date.now() + MINUTE);
      const broken = await trailGuard({ stateTableName, topicArn: goneTopic() });
      await expect(broken(event)).rejects.toMatchObject({
        name: 'IncidentFailedError',
        message: expect.stringMatching(/^sweep: 1 notification\(s\) not published/),
      });
      expect(await isLogging('management-events')).toBe(true);

      // Lambda retries the same scheduled event twice; the trail is healthy by now.
      const handler = await trailGuard({ stateTableName });
      expect(await handler(event)).toEqual({ notifications: 1, remediations: 0, failures: 0 });
      expect(await handler(event)).toEqual({ notifications: 0, remediations: 0, failures: 0 });

      const [notice, ...more] = await world().notifications();
      expect(more).toEqual([]);
      expect(notice?.document).toMatchObject({
        severity: 'high',
        event: { name: 'Sweep', id: event.id },
        trail: { name: 'management-events' },
        response: { action: 'start-logging', outcome: 'succeeded', verified: true },
      });
    });

    it('notices already sent are not sent again when a retried sweep re-runs', async () => {
      // Notify-only: both trails stay stopped, so a fresh look on the retry would report both again.
      await world().trail('audit-a', { stopped: true });
      await world().trail('audit-b', { stopped: true });
      const stateTableName = await world().stateTable();
      const event = sweepAt(Date.now() + MINUTE);
      const flaky = await trailGuard({ stateTableName, mode: 'notify-only' }, about('audit-b'));
      await expect(flaky(event)).rejects.toMatchObject({ name: 'IncidentFailedError' });

      const handler = await trailGuard({ stateTableName, mode: 'notify-only' });
      expect(await handler(event)).toEqual({ notifications: 1, remediations: 0, failures: 0 });
      expect(await handler(event)).toEqual({ notifications: 0, remediations: 0, failures: 0 });

      const sent = await world().notifications();
      expect(sent.map((n) => n.document.trail.name).sort()).toEqual(['audit-a', 'audit-b']);
      expect(sent.every((n) => n.document.event.id === event.id)).toBe(true);
    });

    it('a retried sweep whose digest went out sends none of its notices again, and the repair’s once', async () => {
      const stateTableName = await world().stateTable();
      const handler = await trailGuard({ stateTableName });
      const attempt = (i: number) =>
        world().event('stop-logging.failed-access-denied', (raw) => {
          raw.id = `attempt-${i}`;
          raw.detail.eventID = `attempt-${i}`;
        });
      for (let i = 0; i < 6; i++) await handler(attempt(i));
      expect(await world().notifications()).toHaveLength(5);
      await world().trail('management-events', { stopped: true });
      const event = sweepAt(Date.now() + MINUTE);
      // The digest goes out; the repair's notice does not.
      const flaky = await trailGuard({ stateTableName }, about('management-events'));
      await expect(flaky(event)).rejects.toMatchObject({ name: 'IncidentFailedError' });
      const [digest, ...others] = await world().notifications();
      expect(others).toEqual([]);
      expect(digest?.document.digest).toMatchObject({ total: 1, groups: [{ eventId: 'attempt-5' }] });

      expect(await handler(event)).toEqual({ notifications: 1, remediations: 0, failures: 0 });
      const [repair, ...more] = await world().notifications();
      expect(more).toEqual([]);
      expect(repair?.document.response).toMatchObject({ action: 'start-logging', outcome: 'succeeded' });
    });
  });
});
