// Attacks by an administrator of one member account, played against the emulator over real
// HTTP: floods of noise. One test per attack, named for what the attacker tries;
// the shared setup is in test/attack-kit.ts.
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { MINUTE, NOW, useAttackWorld } from '../../attack-kit';

describe('attacks by a member-account administrator', () => {
  const { world, trailGuard, isLogging, sweepAt } = useAttackWorld();

  describe('flooding (with the state table)', () => {
    it('500 failed attempts: at most 5 mails, then one digest from the next sweep counting the other 495, and a real StopLogging in the middle still restarted and mailed at once', async () => {
      await world().trail('management-events');
      const handler = await trailGuard({ stateTableName: await world().stateTable() });
      const attempt = (i: number) =>
        world().event('stop-logging.failed-access-denied', (raw) => {
          raw.id = `attempt-${i}`;
          raw.detail.eventID = `attempt-${i}`;
        });
      // One at a time: moto's DynamoDB does not apply concurrent ADDs atomically, as DynamoDB does.
      const flood = async (from: number, to: number) => {
        for (let i = from; i < to; i++) await handler(attempt(i));
      };
      await flood(0, 250);
      await (await world().cloudTrail()).send(new StopLoggingCommand({ Name: 'management-events' }));
      await handler(world().event('stop-logging.sso-role'));
      await flood(250, 500);
      expect(await isLogging('management-events')).toBe(true);
      const sent = await world().notifications();
      expect(sent.filter((n) => n.document.event.errorCode === 'AccessDenied')).toHaveLength(5);
      expect(sent.filter((n) => n.document.severity === 'critical')).toHaveLength(1);
      expect(sent).toHaveLength(6);
      await handler(sweepAt(NOW + 10 * MINUTE));
      const [digest, ...others] = await world().notifications();
      expect(others).toEqual([]);
      expect(digest?.subject).toMatch(
        /^\[HIGH\] TrailGuard: 495 more failed attempts and low-severity changes since/,
      );
      expect(digest?.attributes).toEqual({ severity: 'high', eventName: 'Digest', account: world().member });
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
      expect(await world().notifications()).toEqual([]);
    }, 120_000);
  });
});
