// Attacks by an administrator of one member account, played against the emulator over real
// HTTP: waiting for the sweep to look away. One test per attack, named for what the attacker tries;
// the shared setup is in test/attack-kit.ts.
import { MINUTE, useAttackWorld } from '../../attack-kit';

describe('attacks by a member-account administrator', () => {
  const { world, trailGuard, isLogging, sweepAt } = useAttackWorld();

  describe('side-stepping the sweep', () => {
    it('the sweep without exempt principals repairs a trail stopped a minute ago at once', async () => {
      await world().trail('management-events', { stopped: true });
      const stoppedAt = Date.now();
      const summary = await (await trailGuard())(sweepAt(stoppedAt + MINUTE));
      expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 0 });
      expect(await isLogging('management-events')).toBe(true);
    });

    it('an organization trail stopped by the delegated administrator (recorded in its own account) is restarted at once; with exempt principals another trail waits', async () => {
      await world().trail('organization-trail', { stopped: true, organization: true });
      await world().trail('local-trail', { stopped: true });
      const handler = await trailGuard({ exemptPrincipals: ['arn:aws:iam::*:role/BreakGlass'] });

      await handler(sweepAt(Date.now() + MINUTE));

      expect(await isLogging('organization-trail')).toBe(true);
      expect(await isLogging('local-trail')).toBe(false);
      const [notice, ...more] = await world().notifications();
      expect(more).toEqual([]);
      expect(notice?.document.trail.name).toBe('organization-trail');
      // moto has no event history (LookupEvents fails), so no cause; GetTrail says it is an
      // organization trail, whose stop by the delegated administrator this history never shows.
      expect((await world().emails())[0]).toContain(
        'Repair: at once; this account’s history cannot show the cause',
      );
    });
  });
});
