// The sweep's reporting and exemption rules against the emulator: trails really stopped and
// really left alone or restarted, StopLoggingTime as moto's GetTrailStatus reports it, messages
// really delivered. moto 5.2.5 does not implement LookupEvents (its server answers HTTP 500,
// "The lookup_events action has not been implemented"), so where a test needs event history to
// hold a cause, that one command is answered by aws-sdk-client-mock while every other call goes
// through to moto (sinon's callThrough).
import {
  type CloudTrailClient,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
  type LookupEventsCommandInput,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import type { Settings } from '../../src/domain/settings';
import { createHandler } from '../../src/handler';
import { FIXTURE_ACCOUNT, fixture } from '../fixtures';
import { useWorld } from '../use-world';
import { MEMBER_REGION, type World } from '../world';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A CloudTrail record in event history: the fixture's SSO administrator, or another actor. */
function historyEvent(
  account: string,
  eventName: string,
  trail: string,
  time: number,
  options: { actorArn?: string; errorCode?: string } = {},
) {
  const detail = JSON.parse(
    JSON.stringify(fixture('stop-logging.sso-role').detail).replaceAll(FIXTURE_ACCOUNT, account),
  );
  detail.eventName = eventName;
  detail.eventTime = new Date(time).toISOString();
  detail.requestParameters = eventName === 'StopLogging' ? { name: trail } : { trailName: trail };
  if (options.actorArn) {
    detail.userIdentity = { type: 'IAMUser', arn: options.actorArn, accountId: account };
  }
  if (options.errorCode) detail.errorCode = options.errorCode;
  return {
    EventId: `history-${eventName}-${trail}-${time}`,
    EventName: eventName,
    EventTime: new Date(time),
    CloudTrailEvent: JSON.stringify(detail),
  };
}

describe('the sweep’s reporting and exemptions against the emulator', () => {
  const { world } = useWorld();

  const isLogging = async (name: string) =>
    (await (await world().cloudTrail(MEMBER_REGION)).send(new GetTrailStatusCommand({ Name: name })))
      .IsLogging;

  /** The scheduled event of a sweep at `time`. */
  const sweepAt = (time: number) =>
    world().event('scheduled-event', (raw) => {
      raw.time = new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
    });

  /** A sweep time after `from`, a whole interval later, that is not in the daily reminder slot. */
  const laterSweep = (from: number) => {
    let t = from + 10 * MINUTE;
    while (t % DAY < 10 * MINUTE) t += 10 * MINUTE;
    return t;
  };

  /** A handler whose CloudTrail clients answer LookupEvents from `history` and send the rest to moto. */
  async function handlerWithHistory(
    overrides: Partial<Settings>,
    history: (resourceName: string) => ReturnType<typeof historyEvent>[],
  ) {
    const deps = await world().deps(overrides);
    const lookups: string[] = [];
    const real = deps.cloudTrailClient as (region: string) => CloudTrailClient;
    const handler = createHandler({
      ...deps,
      cloudTrailClient: (region) => {
        const client = real(region);
        const mock = mockClient(client);
        mock.send.callThrough();
        mock.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput) => {
          const resource = input.LookupAttributes?.[0]?.AttributeValue as string;
          lookups.push(resource);
          return { Events: history(resource) };
        });
        return client;
      },
    });
    return { handler, lookups };
  }

  it('notify-only: reports a stopped trail once as new, stays quiet on the next sweep, reminds in the daily slot', async () => {
    await world().trail('audit', { stopped: true });
    const handler = await world().handler({ mode: 'notify-only' });
    const first = Date.now() + MINUTE;

    expect(await handler(sweepAt(first))).toEqual({ notifications: 1, remediations: 0, failures: 0 });
    const [news, ...more] = await world().notifications();
    expect(more).toEqual([]);
    expect(news?.subject).toMatch(/^\[HIGH\] TrailGuard: Trail audit found not logging by the sweep \(new\)/);
    expect(news?.document.response).toMatchObject({
      action: 'start-logging',
      outcome: 'skipped',
      reason: 'REMEDIATION_MODE is notify-only',
    });

    world().calls.length = 0;
    expect(await handler(sweepAt(laterSweep(first)))).toEqual({
      notifications: 0,
      remediations: 0,
      failures: 0,
    });
    expect(await world().notifications()).toEqual([]);
    expect(world().calls.map((c) => c.command)).not.toContain('Publish');

    // The daily slot of a day at least one interval after the first sweep (so the stop is not new).
    const nextMidnight = Math.ceil((first + 20 * MINUTE) / DAY) * DAY + 4 * MINUTE;
    await handler(sweepAt(nextMidnight));
    const [reminder, ...others] = await world().notifications();
    expect(others).toEqual([]);
    expect(reminder?.document.summary).toBe('Trail audit found not logging by the sweep (daily reminder)');
    expect(await isLogging('audit')).toBe(false);
    // moto has no event history: the lookup was tried, failed, and did not stop the sweep.
    expect(world().calls.map((c) => c.command)).toContain('LookupEvents');
  });

  it('remediate: leaves a trail stopped by an exempt principal and names them, restarts the others', async () => {
    const exempt = await world().trail('break-glass', { stopped: true });
    const other = await world().trail('attacked', { stopped: true });
    await world().trail('unexplained', { stopped: true });
    const stoppedAt = Date.now();
    const admin = fixture('stop-logging.sso-role').detail.userIdentity.arn.replaceAll(
      '111122223333',
      world().member,
    );
    const { handler, lookups } = await handlerWithHistory(
      {
        exemptPrincipals: [
          'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AdministratorAccess_*',
        ],
      },
      (resource) =>
        resource === exempt
          ? // Newest first: someone's failed attempt (changed nothing), the admin's stop, an older start.
            [
              historyEvent(world().member, 'StopLogging', 'break-glass', stoppedAt + 1000, {
                actorArn: `arn:aws:iam::${world().member}:user/mallory`,
                errorCode: 'AccessDenied',
              }),
              historyEvent(world().member, 'StopLogging', 'break-glass', stoppedAt),
              historyEvent(world().member, 'StartLogging', 'break-glass', stoppedAt - MINUTE),
            ]
          : resource === other
            ? [
                historyEvent(world().member, 'StopLogging', other, stoppedAt, {
                  actorArn: `arn:aws:iam::${world().member}:user/mallory`,
                }),
              ]
            : [],
    );
    const first = Date.now() + MINUTE;

    expect(await handler(sweepAt(first))).toEqual({ notifications: 2, remediations: 1, failures: 0 });

    expect(await isLogging('break-glass')).toBe(false);
    expect(await isLogging('attacked')).toBe(true);
    // A minute-old stop that event history does not explain yet waits for a later sweep.
    expect(await isLogging('unexplained')).toBe(false);
    // Event history is read by ARN, then by name when the ARN finds nothing.
    expect(lookups.filter((r) => r.endsWith('unexplained'))).toEqual([
      `arn:aws:cloudtrail:${MEMBER_REGION}:${world().member}:trail/unexplained`,
      'unexplained',
    ]);
    const byTrail = new Map((await world().notifications()).map((n) => [n.document.trail.name, n]));
    expect(byTrail.get('break-glass')?.subject).toMatch(/found not logging by the sweep \(new\)/);
    expect(byTrail.get('break-glass')?.document).toMatchObject({
      actor: { type: 'AssumedRole', arn: admin },
      response: {
        action: 'start-logging',
        outcome: 'skipped',
        verified: false,
        reason: `StopLogging was called by ${admin}, an exempt principal (EXEMPT_PRINCIPALS)`,
      },
    });
    expect(byTrail.get('attacked')?.document).toMatchObject({
      actor: { arn: `arn:aws:iam::${world().member}:user/mallory` },
      response: { outcome: 'succeeded', verified: true },
    });
    expect(byTrail.has('unexplained')).toBe(false);

    // Twenty minutes on, still unexplained: repaired. The exempt trail is neither restarted nor
    // reported again.
    expect(await handler(sweepAt(laterSweep(first + 10 * MINUTE)))).toEqual({
      notifications: 1,
      remediations: 1,
      failures: 0,
    });
    expect(await isLogging('unexplained')).toBe(true);
    expect(await isLogging('break-glass')).toBe(false);
    const [repaired, ...rest] = await world().notifications();
    expect(rest).toEqual([]);
    expect(repaired?.document).toMatchObject({
      trail: { name: 'unexplained' },
      actor: { arn: null },
      response: { outcome: 'succeeded', verified: true },
    });
  });

  it('leaves selectors set by an exempt principal alone, dated by the PutEventSelectors in history', async () => {
    const arn = await world().trail('data-only');
    const dataOnly = [
      {
        ReadWriteType: 'All' as const,
        IncludeManagementEvents: false,
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
      },
    ];
    await (await world().cloudTrail()).send(
      new PutEventSelectorsCommand({ TrailName: 'data-only', EventSelectors: dataOnly }),
    );
    const changedAt = Date.now();
    const { handler } = await handlerWithHistory(
      { exemptPrincipals: [`arn:aws:iam::${world().member}:user/platform-*`] },
      (resource) =>
        resource === arn
          ? [
              historyEvent(world().member, 'PutEventSelectors', arn, changedAt, {
                actorArn: `arn:aws:iam::${world().member}:user/platform-ci`,
              }),
            ]
          : [],
    );
    const first = Date.now() + MINUTE;

    await handler(sweepAt(first));
    const selectors = await (await world().cloudTrail()).send(
      new GetEventSelectorsCommand({ TrailName: 'data-only' }),
    );
    expect(selectors.EventSelectors).toEqual(dataOnly);
    const [notification] = await world().notifications();
    expect(notification?.document).toMatchObject({
      summary: 'Trail data-only found not recording management events by the sweep (new)',
      actor: { arn: `arn:aws:iam::${world().member}:user/platform-ci` },
      response: { action: 'restore-management-events', outcome: 'skipped' },
    });

    // An hour later the change is old news: quiet until the daily reminder.
    await handler(sweepAt(laterSweep(first + 50 * MINUTE)));
    expect(await world().notifications()).toEqual([]);
  });

  it('a trail whose StartLogging is denied: tried and counted on every sweep, reported once when first due, then quiet', async () => {
    const stoppedAt = Date.now();
    await world().trail('locked', { stopped: true });
    const deps = await world().deps();
    const real = deps.cloudTrailClient as (region: string) => CloudTrailClient;
    const handler = createHandler({
      ...deps,
      cloudTrailClient: (region) => {
        // Only StartLogging is denied (an SCP, say); every other call goes to moto.
        const client = real(region);
        const mock = mockClient(client);
        mock.send.callThrough();
        mock.on(StartLoggingCommand).rejects(
          Object.assign(new Error('Explicit deny in a service control policy'), {
            name: 'AccessDeniedException',
            $fault: 'client',
            $metadata: { httpStatusCode: 403 },
          }),
        );
        return client;
      },
    });
    const inDailySlot = (t: number) => t % DAY < 10 * MINUTE;

    // Six sweeps, ten minutes apart, the first a minute after the stop. No principal is exempt, so
    // the cause cannot matter and the repair is due at once: sweep 0 tries it and reports it.
    const sweeps = Array.from({ length: 6 }, (_, k) => stoppedAt + MINUTE + k * 10 * MINUTE);
    const published: number[] = [];
    const messages: Awaited<ReturnType<World['notifications']>> = [];
    for (const time of sweeps) {
      const summary = await handler(sweepAt(time));
      expect(summary).toEqual({
        notifications: expect.any(Number),
        remediations: 0,
        failures: 1,
      });
      const received = await world().notifications();
      published.push(received.length);
      messages.push(...received);
    }

    // Sweep 0 reports it as new; later ones only in the daily slot (should the test run at midnight).
    expect(published).toEqual(sweeps.map((t, k) => (k === 0 ? 1 : inDailySlot(t) ? 1 : 0)));
    expect(messages[0]?.subject).toMatch(/^\[CRITICAL\] /);
    expect(messages[0]?.document).toMatchObject({
      summary: 'Trail locked found not logging by the sweep (new)',
      response: {
        action: 'start-logging',
        outcome: 'failed',
        reason: expect.stringContaining('AccessDeniedException: Explicit deny in a service control policy'),
      },
    });
    expect(await isLogging('locked')).toBe(false);
    const failures = world()
      .metricLines.map((line) => JSON.parse(line).RemediationFailures ?? 0)
      .reduce((a: number, b: number) => a + b, 0);
    expect(failures).toBe(6);
  });
});
