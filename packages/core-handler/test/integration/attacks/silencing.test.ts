// Attacks by an administrator of one member account, played against the emulator over real
// HTTP: look-alike roles and trail names, and echoes. One test per attack, named for what the attacker tries;
// the shared setup is in test/attack-kit.ts.
import { GetEventSelectorsCommand, PutEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { VERIFY_CANARY_PREFIX } from '@trailguard/config/defaults';
import { MINUTE, useAttackWorld } from '../../attack-kit';

describe('attacks by a member-account administrator', () => {
  const { world, trailGuard, isLogging, byRole, sweepAt } = useAttackWorld();

  /** The attacker's PutEventSelectors: every management event but KMS's, as the fixture records it. */
  const excludeKms = async () =>
    (await world().cloudTrail()).send(
      new PutEventSelectorsCommand({
        TrailName: 'management-events',
        EventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: true,
            ExcludeManagementEventSources: ['kms.amazonaws.com'],
          },
        ],
      }),
    );
  const selectors = async () =>
    (
      await (
        await world().cloudTrail()
      ).send(new GetEventSelectorsCommand({ TrailName: 'management-events' }))
    ).EventSelectors;

  describe('silencing', () => {
    it('a look-alike role trailguard-remediation-x deletes a trail: reported', async () => {
      await world().trail('management-events');
      await (await trailGuard())(byRole('delete-trail.iam-user', 'trailguard-remediation-x'));
      const [notice, ...more] = await world().notifications();
      expect(more).toEqual([]);
      expect(notice?.subject).toMatch(/^\[CRITICAL\] TrailGuard: Trail management-events deleted/);
      expect(notice?.document.actor.arn).toBe(
        `arn:aws:sts::${world().member}:assumed-role/trailguard-remediation-x/quiet`,
      );
    });

    it('a look-alike role stops logging: restarted and reported', async () => {
      await world().trail('management-events', { stopped: true });
      await (await trailGuard())(byRole('stop-logging.sso-role', 'trailguard-remediation-x'));
      expect(await isLogging('management-events')).toBe(true);
      const [notice] = await world().notifications();
      expect(notice?.document).toMatchObject({
        severity: 'critical',
        response: { action: 'start-logging', outcome: 'succeeded', verified: true },
      });
    });

    it('a look-alike role moves the trail to its own bucket and turns switches off: switches back on, the move reported critical', async () => {
      await world().trail('management-events');
      await (await trailGuard())(byRole('update-trail.weakened', 'trailguard-remediation-eu-west-9'));
      const [notice] = await world().notifications();
      expect(notice?.document).toMatchObject({
        severity: 'critical',
        summary: 'Log bucket of trail management-events set to attacker-owned-bucket',
        response: { action: 'restore-trail-settings', outcome: 'succeeded', verified: true },
      });
    });

    it('a look-alike role excludes KMS management events from the trail: not taken for an echo, restored and reported', async () => {
      await world().trail('management-events');
      await excludeKms();
      await (await trailGuard())(
        byRole('put-event-selectors.basic-excludes-kms', 'trailguard-remediation-x'),
      );
      const [notice, ...more] = await world().notifications();
      expect(more).toEqual([]);
      expect(notice?.document).toMatchObject({
        severity: 'high',
        summary: 'Management events no longer recorded by trail management-events',
        response: { action: 'restore-management-events', outcome: 'succeeded', verified: true },
      });
      expect((await world().emails())[0]).toContain('management events of kms.amazonaws.com excluded');
      expect(await selectors()).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true }]);
    });

    it('KMS management events excluded while the event went missing: the sweep restores them', async () => {
      await world().trail('management-events');
      await excludeKms();
      const summary = await (await trailGuard())(sweepAt(Date.now() + MINUTE));
      expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 0 });
      expect(await selectors()).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true }]);
    });

    it('TrailGuard’s own StartLogging, from the function of another region, stays silent', async () => {
      await world().trail('management-events');
      const summary = await (await trailGuard())(
        byRole('start-logging.trailguard-echo', 'trailguard-remediation-us-east-1'),
      );
      expect(summary).toEqual({ notifications: 0, remediations: 0, failures: 0 });
      expect(world().calls).toEqual([]);
      expect(await world().notifications()).toEqual([]);
    });
    it('a trail named like verify’s canary is stopped: restarted, and the notice says to treat it as real unless verify ran', async () => {
      const name = `${VERIFY_CANARY_PREFIX}real-audit`;
      await world().trail(name, { stopped: true });
      await (await trailGuard())(
        world().event('stop-logging.sso-role', (raw) => {
          raw.detail.requestParameters = { name };
        }),
      );
      expect(await isLogging(name)).toBe(true);
      const [notice, ...more] = await world().notifications();
      expect(more).toEqual([]);
      expect(notice?.document).toMatchObject({
        severity: 'info',
        summary: `Verification: Logging stopped on trail ${name}`,
        response: { action: 'start-logging', outcome: 'succeeded', verified: true },
      });
      expect((await world().emails())[0]).toContain('If nobody did, treat this as a real incident');
    });

    it('a role named like verify’s canary stops the real trail: restarted and reported critical', async () => {
      await world().trail('management-events', { stopped: true });
      await (await trailGuard())(byRole('stop-logging.sso-role', `${VERIFY_CANARY_PREFIX}x`));
      expect(await isLogging('management-events')).toBe(true);
      const [notice] = await world().notifications();
      expect(notice?.document).toMatchObject({
        severity: 'critical',
        summary: 'Logging stopped on trail management-events',
      });
    });
  });
});
