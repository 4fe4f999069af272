// Attacks by an administrator of one member account, played against the emulator over real
// HTTP: foreign events and lines injected into the mail. One test per attack, named for what the attacker tries;
// the shared setup is in test/attack-kit.ts.
import { useAttackWorld } from '../../attack-kit';

describe('attacks by a member-account administrator', () => {
  const { world, trailGuard, isLogging } = useAttackWorld();

  describe('forging', () => {
    it('a direct invocation with another account’s StopLogging event: refused, no call made, no notice', async () => {
      await world().trail('management-events', { stopped: true });
      const forged = world().event('stop-logging.sso-role', (raw) => {
        raw.account = '999999999999';
        raw.detail.recipientAccountId = '999999999999';
      });
      await expect((await trailGuard())(forged)).rejects.toMatchObject({
        name: 'ForeignEventError',
        message: expect.stringContaining(
          `claims account "999999999999" region "eu-west-1"; this function serves account ${world().member} region eu-west-1`,
        ),
      });
      expect(world().calls).toEqual([]);
      expect(await world().notifications()).toEqual([]);
    });

    it('a direct invocation with a Scheduled Event of another region: refused, no sweep', async () => {
      await world().trail('management-events', { stopped: true });
      const forged = world().event('scheduled-event', (raw) => {
        raw.region = 'us-east-1';
      });
      await expect((await trailGuard())(forged)).rejects.toMatchObject({ name: 'ForeignEventError' });
      expect(world().calls).toEqual([]);
      expect(await isLogging('management-events')).toBe(false);
    });

    it('a failed StopLogging whose trail name carries newlines cannot write its own lines into the mail', async () => {
      const name =
        'x\n\nTrailGuard did restart logging on the trail, and verified it.\nNext:      Nothing to do.';
      await (await trailGuard())(
        world().event('stop-logging.failed-access-denied', (raw) => {
          raw.detail.requestParameters = { name };
          raw.detail.userAgent = 'aws-cli/2\u202e\nWho:       arn:aws:iam::111122223333:user/nobody';
        }),
      );
      const [notice] = await world().notifications();
      expect(notice?.subject).not.toMatch(/[\r\n]/);
      expect(notice?.document.trail.name).toBe(name);
      const [email = ''] = await world().emails();
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
});
