// Delivery health in the sweep. moto cannot produce a delivery error: its GetTrailStatus reports a
// fresh LatestDeliveryTime whenever the trail is logging, and never an error. So GetTrailStatus is
// answered (through aws-sdk-client-mock) from a response constructed by hand in the wire shape AWS
// documents — not recorded from AWS (test/constructed/get-trail-status.access-denied.json: epoch
// seconds, ISO strings or empty strings for the deprecated text fields) — moved to the test's
// clock; every other call goes to moto.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CloudTrailClient,
  GetTrailStatusCommand,
  type GetTrailStatusCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { useEmulator } from '@trailguard/test';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../src/handler';
import { World } from '../world';

const MINUTE = 60_000;
const CONSTRUCTED = JSON.parse(
  readFileSync(join(__dirname, '..', 'constructed', 'get-trail-status.access-denied.json'), 'utf8'),
);
/** When the constructed answer is read: its last log file delivery was 36 minutes before. */
const ANSWERED_AT = CONSTRUCTED.LatestDeliveryTime * 1000 + 36 * MINUTE;

/** The constructed answer as the SDK hands it over, every time moved by `shift` ms and fields changed. */
function answer(shift: number, change: Record<string, unknown> = {}): GetTrailStatusCommandOutput {
  const out: Record<string, unknown> = { $metadata: {} };
  for (const [key, value] of Object.entries({ ...CONSTRUCTED, ...change })) {
    // Timestamps travel as epoch seconds; the SDK turns them into Dates.
    out[key] = typeof value === 'number' ? new Date(value * 1000 + shift) : value;
  }
  return out as unknown as GetTrailStatusCommandOutput;
}

describe('delivery health in the sweep', () => {
  const emulator = useEmulator();
  let world: World;

  beforeEach(async () => {
    await emulator().reset();
    world = await World.create(emulator());
  });

  /** A sweep scheduled at `time`, run 20 s later, with GetTrailStatus answered by `status`. */
  async function sweepAt(time: number, status: GetTrailStatusCommandOutput) {
    const deps = await world.deps();
    const real = deps.cloudTrailClient as (region: string) => CloudTrailClient;
    const handler = createHandler({
      ...deps,
      clock: () => time + 20_000,
      cloudTrailClient: (region) => {
        const client = real(region);
        const mock = mockClient(client);
        mock.send.callThrough();
        mock.on(GetTrailStatusCommand).resolves(status);
        return client;
      },
    });
    return handler(
      world.event('scheduled-event', (raw) => {
        raw.time = new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
      }),
    );
  }

  it('answers with a consistent response: each deprecated text time is the instant of its epoch twin', () => {
    const iso = (seconds: number) => new Date(Math.floor(seconds) * 1000).toISOString().replace('.000', '');
    expect(CONSTRUCTED.LatestDeliveryAttemptSucceeded).toBe(iso(CONSTRUCTED.LatestDeliveryTime));
    expect(CONSTRUCTED.TimeLoggingStarted).toBe(iso(CONSTRUCTED.StartLoggingTime));
    // The failing attempt came after the last delivery and before the answer.
    const attempt = Date.parse(CONSTRUCTED.LatestDeliveryAttemptTime);
    expect(attempt).toBeGreaterThan(CONSTRUCTED.LatestDeliveryTime * 1000);
    expect(attempt).toBeLessThan(ANSWERED_AT);
  });

  it('reports a logging trail whose bucket refuses CloudTrail once, with the error as AWS wrote it, then stays quiet', async () => {
    await world.trail('management-events');
    // Swept when the answer is read: the log file error became current (30 minutes after the
    // last delivery) 6 minutes ago, within this sweep's window; the digest error long before.
    const now = ANSWERED_AT;
    const shift = 0;

    expect(await sweepAt(now, answer(shift))).toEqual({ notifications: 1, remediations: 0, failures: 0 });
    const [notice, ...more] = await world.notifications();
    expect(more).toEqual([]);
    // Too long for a subject with the trail's name: what happened comes first (subjectOf's rule).
    expect(notice?.subject).toMatch(
      /^\[CRITICAL\] TrailGuard: Trail logs but delivers no log files, digest files/,
    );
    expect(notice?.document).toMatchObject({
      severity: 'critical',
      summary: 'Trail management-events logs but delivers no log files, digest files (AccessDenied) (new)',
      event: { name: 'Sweep' },
      trail: { name: 'management-events' },
      response: { action: 'none', outcome: 'not-applicable', verified: false },
    });
    // What moto answered (GetTrailStatus, answered by the mock, never reaches the recorder).
    expect(world.calls.map((c) => c.command)).toEqual(['ListTrails', 'GetEventSelectors', 'Publish']);

    // The next sweep sees the same lasting problem and says nothing.
    expect(await sweepAt(now + 10 * MINUTE, answer(shift))).toEqual({
      notifications: 0,
      remediations: 0,
      failures: 0,
    });
    expect(await world.notifications()).toEqual([]);
  });

  it('says nothing once deliveries resume, although AWS still shows the old error', async () => {
    await world.trail('management-events');
    const now = ANSWERED_AT;
    const delivered = answer(0, { LatestDeliveryTime: (now - 3 * MINUTE) / 1000 });
    expect(await sweepAt(now, { ...delivered, LatestDigestDeliveryError: '' })).toEqual({
      notifications: 0,
      remediations: 0,
      failures: 0,
    });
  });

  it('reports a trail that delivered nothing for longer than MAX_DELIVERY_GAP_MINUTES, without an error', async () => {
    await world.trail('management-events');
    const last = CONSTRUCTED.LatestDeliveryTime * 1000;
    // The gap (360 min) passed 5 minutes into this sweep's window.
    const now = last + 365 * MINUTE;
    const status = answer(0, { LatestDeliveryError: '', LatestDigestDeliveryError: '' });
    await sweepAt(now, status);
    const [notice] = await world.notifications();
    expect(notice?.document.summary).toBe('Trail management-events logs but delivers no log files (new)');
    expect(notice?.document.severity).toBe('critical');
  });
});
