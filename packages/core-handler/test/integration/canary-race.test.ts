// `trailguard verify` deletes its canary as soon as it sees the trail logging again, which can be
// between TrailGuard's StartLogging and its GetTrailStatus check. Played against the emulator: the
// trail is really deleted in that window, and moto answers the check with TrailNotFoundException.
import { type CloudTrailClient, DeleteTrailCommand } from '@aws-sdk/client-cloudtrail';
import { VERIFY_CANARY_PREFIX } from '@trailguard/config/defaults';
import { createHandler } from '../../src/handler';
import { useWorld } from '../use-world';

describe('a trail deleted between TrailGuard’s repair and its check', () => {
  const { world } = useWorld();

  /**
   * The handler, whose GetTrailStatus number `checkCall` (counted from 1) comes after the trail
   * `name` was deleted: the first for an event, the second for the sweep (which reads the status
   * before it repairs).
   */
  async function handlerDeletingBeforeCheck(name: string, checkCall = 1) {
    const deps = await world().deps();
    const deleter = await world().cloudTrail();
    return createHandler({
      ...deps,
      cloudTrailClient: (region) => {
        const client = deps.cloudTrailClient?.(region) as CloudTrailClient;
        let statusCalls = 0;
        client.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName === 'GetTrailStatusCommand' && ++statusCalls === checkCall)
              await deleter.send(new DeleteTrailCommand({ Name: name })).catch(() => undefined);
            return next(args);
          },
          { step: 'initialize', name: 'deleteBeforeCheck' },
        );
        return client;
      },
    });
  }

  const stopOf = (name: string) =>
    world().event('stop-logging.sso-role', (raw) => {
      raw.detail.requestParameters = { name };
    });

  it('verify’s canary: an info verification notice saying so, not a critical failure', async () => {
    const canary = `${VERIFY_CANARY_PREFIX}race`;
    await world().trail(canary, { stopped: true });
    await (await handlerDeletingBeforeCheck(canary))(stopOf(canary));
    const [notice, ...more] = await world().notifications();
    expect(more).toEqual([]);
    expect(notice?.document).toMatchObject({
      severity: 'info',
      summary: `Verification: Logging stopped on trail ${canary}`,
      response: {
        action: 'start-logging',
        outcome: 'not-applicable',
        verified: false,
        reason: expect.stringContaining('the canary was deleted before its repair could be checked'),
      },
    });
  });

  it('any other trail: the repair is reported failed, critical', async () => {
    await world().trail('management-events', { stopped: true });
    await (await handlerDeletingBeforeCheck('management-events'))(stopOf('management-events'));
    const [notice] = await world().notifications();
    expect(notice?.document).toMatchObject({
      severity: 'critical',
      response: { action: 'start-logging', outcome: 'failed', verified: false },
    });
  });

  it('verify’s canary found by the sweep: one info notice, no reminder promised, no failure counted', async () => {
    const canary = `${VERIFY_CANARY_PREFIX}swept`;
    await world().trail(canary, { stopped: true });
    const summary = await (await handlerDeletingBeforeCheck(canary, 2))(
      world().event('scheduled-event', (raw) => {
        // A minute after the stop, as the sweep that follows it.
        raw.time = new Date(Date.now() + 60_000).toISOString();
      }),
    );
    expect(summary).toMatchObject({ failures: 0, remediations: 0 });
    const [notice, ...more] = await world().notifications();
    expect(more).toEqual([]);
    expect(notice?.document).toMatchObject({
      severity: 'info',
      summary: `Verification: Trail ${canary} found not logging by the sweep`,
      response: { outcome: 'not-applicable', verified: false },
    });
    expect(JSON.stringify(notice?.document)).not.toMatch(/reminder/i);
  });
});
