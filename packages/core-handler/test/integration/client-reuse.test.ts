import { GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { useEmulator } from '@trailguard/test';
import { createHandler } from '../../src/handler';
import { MEMBER_REGION, World } from '../world';

describe('SDK clients', () => {
  const emulator = useEmulator();

  it('are created once per region and reused by every later invocation', async () => {
    const world = await World.create(emulator());
    await world.trail('first', { stopped: true });
    await world.trail('second', { stopped: true });
    await world.trail('org-audit', { region: 'us-west-2', stopped: true });
    const deps = await world.deps();
    const makeClient = deps.cloudTrailClient as NonNullable<typeof deps.cloudTrailClient>;
    const created: string[] = [];
    const handler = createHandler({
      ...deps,
      cloudTrailClient: (region) => {
        created.push(region);
        return makeClient(region);
      },
    });
    const stop = (name: string) =>
      world.event('stop-logging.sso-role', (raw) => {
        raw.detail.requestParameters = { name };
      });

    await handler(stop('first'));
    await handler(stop('second'));
    await handler(world.event('stop-logging.by-arn-other-region'));
    await handler(stop('first'));

    expect(created).toEqual([MEMBER_REGION, 'us-west-2']);
    for (const [name, region] of [
      ['first', MEMBER_REGION],
      ['second', MEMBER_REGION],
      ['org-audit', 'us-west-2'],
    ] as const) {
      const status = await (await world.cloudTrail(region)).send(new GetTrailStatusCommand({ Name: name }));
      expect(status.IsLogging).toBe(true);
    }
  });
});
