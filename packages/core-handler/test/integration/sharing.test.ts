// Every notification is also an incident event on the central bus and, when enabled, a Security
// Hub finding where it happened (issue 11): the Security Hub path and the bus event against the
// emulator, the README's documented pattern included; faults moto cannot make by middleware.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { MetadataBearer, MiddlewareStack } from '@smithy/types';
import { REPO_ROOT, useEmulator } from '@trailguard/test';
import { Logger } from '../../src/adapters/logger';
import { createHandler, type HandlerDeps } from '../../src/handler';
import { busWithRules, CENTRAL_BUS, routePutEventsByBusArn } from '../bus-routing';
import { MEMBER_REGION, TOPIC_REGION, World } from '../world';

/** The pattern packages/central-stack/README.md documents for incidents on the central bus. */
function readmePattern(): Record<string, unknown> {
  const readme = readFileSync(path.join(REPO_ROOT, 'packages', 'central-stack', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('**Incidents on the central bus.**'));
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('the README documents no pattern for incidents on the central bus');
  return JSON.parse(block.replace(/^ {2}/gm, ''));
}

/** An error shaped as the SDK deserialises an AWS error response. */
function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** Makes every `command` of a client fail with `error`, below the SDK's retries; counts the attempts. */
function failing(client: EventBridgeClient | SecurityHubClient, command: string, error: () => Error) {
  const attempts = { count: 0 };
  const stack = client.middlewareStack as MiddlewareStack<object, MetadataBearer>;
  stack.add(
    (next, context) => async (args) => {
      if (context.commandName !== command) return next(args);
      attempts.count++;
      throw error();
    },
    { step: 'deserialize', name: `fail${command}` },
  );
  return attempts;
}

/** Makes every `command` of a client answer `output` without reaching the service; counts the calls. */
function answering(client: SecurityHubClient, command: string, output: object) {
  const attempts = { count: 0 };
  const stack = client.middlewareStack as MiddlewareStack<object, MetadataBearer>;
  stack.add(
    (next, context) => async (args) => {
      if (context.commandName !== command) return next(args);
      attempts.count++;
      return { output: { $metadata: {}, ...output }, response: {} };
    },
    { step: 'initialize', name: `answer${command}` },
  );
  return attempts;
}

describe('sharing each notification beyond the topic', () => {
  const emulator = useEmulator();
  let world: World;
  let busArn: string;

  beforeEach(async () => {
    await emulator().reset();
    world = await World.create(emulator());
    busArn = `arn:aws:events:${TOPIC_REGION}:${world.security}:event-bus/${CENTRAL_BUS}`;
  });

  const isLogging = async (name: string) =>
    (await (await world.cloudTrail()).send(new GetTrailStatusCommand({ Name: name }))).IsLogging;

  const findings = async () => {
    const hub = await emulator().client(SecurityHubClient, { account: world.member, region: MEMBER_REGION });
    return (await hub.send(new GetFindingsCommand({}))).Findings ?? [];
  };

  /** The central bus, where the central stack makes it, with a rule and a queue per pattern. */
  const centralBus = (...patterns: Record<string, unknown>[]) =>
    busWithRules(emulator(), { account: world.security, region: TOPIC_REGION }, patterns);

  it('puts each notification on the central bus, where the pattern the README documents matches it', async () => {
    const [received] = await centralBus(readmePattern());
    const arn = await world.trail('management-events', { stopped: true });
    await (await world.handler({ busArn }))(world.event('stop-logging.sso-role'));

    const [notification] = await world.notifications();
    const [event, ...more] = (await received?.()) ?? [];
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      source: 'trailguard',
      'detail-type': 'TrailGuard Incident',
      resources: [arn],
      detail: notification?.document,
    });
    expect(world.calls.filter((c) => c.service === 'events')).toEqual([
      { service: 'events', command: 'PutEvents', region: TOPIC_REGION },
    ]);
    // The central stack's chat test renders fixtures of this event: each must have this one's shape
    // (a field that may be null, such as a sweep's actor, counts as the string it otherwise is).
    const shape = (value: unknown): unknown =>
      value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .map(([k, v]) => [k, shape(v)])
              .sort(),
          )
        : value === null
          ? 'string'
          : typeof value;
    const fixtures = path.join(REPO_ROOT, 'packages', 'central-stack', 'test', 'fixtures');
    for (const name of readdirSync(fixtures).filter((n) => n.startsWith('incident-event.'))) {
      const fixture = JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));
      expect([name, shape(fixture.detail)]).toEqual([name, shape(notification?.document)]);
    }
  });

  it('puts the incident on the bus its ARN names, in the security account, not on its own account’s namesake', async () => {
    const everything = { source: ['trailguard'] };
    const [central] = await centralBus(everything);
    const [namesake] = await busWithRules(emulator(), { account: world.member, region: TOPIC_REGION }, [
      everything,
    ]);
    await world.trail('management-events', { stopped: true });
    await (await world.handler({ busArn }))(world.event('stop-logging.sso-role'));

    const [notification] = await world.notifications();
    expect(((await central?.()) ?? []).map((e) => e.detail)).toEqual([notification?.document]);
    expect(await namesake?.()).toEqual([]);
    expect(world.metricLines.join('\n')).not.toMatch(/IncidentEventFailures/);
  });

  // Why the World's EventBridge client carries routePutEventsByBusArn, and the demo a relay: when
  // moto puts an event on the bus an ARN names, this test fails, and both can go.
  it('needs the ARN’s account routed by hand: moto 5.2.5 looks for the bus in the caller’s account', async () => {
    await centralBus();
    const member = { account: world.member, region: TOPIC_REGION };
    const put = (client: EventBridgeClient, EventBusName: string) =>
      client.send(
        new PutEventsCommand({
          Entries: [{ EventBusName, Source: 'trailguard', DetailType: 'TrailGuard Incident', Detail: '{}' }],
        }),
      );
    const notFound = {
      name: 'ResourceNotFoundException',
      message: `Event bus ${CENTRAL_BUS} does not exist.`,
    };

    await expect(put(await emulator().client(EventBridgeClient, member), busArn)).rejects.toMatchObject(
      notFound,
    );
    const routed = routePutEventsByBusArn(await emulator().client(EventBridgeClient, member));
    await expect(put(routed, busArn)).resolves.toMatchObject({ FailedEntryCount: 0 });
    // The routing adds nothing AWS would not do: a bare name is the caller's own bus, absent here.
    await expect(put(routed, CENTRAL_BUS)).rejects.toMatchObject(notFound);
  });

  it('puts a medium incident on the bus too, which the README pattern (high and critical) leaves out', async () => {
    const [highAndAbove, everything] = await centralBus(readmePattern(), { source: ['trailguard'] });
    await world.trail('management-events');
    await (await world.handler({ busArn }))(world.event('put-insight-selectors.off'));
    const [notification] = await world.notifications();
    expect(notification?.document.severity).toBe('medium');
    expect(((await everything?.()) ?? []).map((e) => e.detail)).toEqual([notification?.document]);
    expect(await highAndAbove?.()).toEqual([]);
  });

  it('imports a resolved finding where it happened when the repair was verified, and a retry updates it', async () => {
    await world.trail('management-events', { stopped: true });
    const handler = await world.handler({ securityHub: true });
    await handler(world.event('stop-logging.sso-role'));
    const [first, ...none] = await findings();
    expect(none).toEqual([]);
    const [notification] = await world.notifications();
    expect(first).toMatchObject({
      ProductArn: `arn:aws:securityhub:${MEMBER_REGION}:${world.member}:product/${world.member}/default`,
      AwsAccountId: world.member,
      Severity: { Label: String(notification?.document.severity).toUpperCase() },
      Workflow: { Status: 'RESOLVED' },
      Compliance: { Status: 'PASSED' },
      Resources: [{ Type: 'AwsCloudTrailTrail', Id: notification?.document.trail.arn }],
    });
    expect(first?.Remediation?.Recommendation?.Text).toBe(notification?.document.nextStep);
    // A verified repair first looks for the open findings it settles (none here).
    expect(world.calls.filter((c) => c.service === 'securityhub')).toEqual([
      { service: 'securityhub', command: 'GetFindings', region: MEMBER_REGION },
      { service: 'securityhub', command: 'BatchImportFindings', region: MEMBER_REGION },
    ]);

    // The same event again (Lambda retries it; no state table here, so it is reported again).
    await handler(world.event('stop-logging.sso-role'));
    const after = await findings();
    expect(after.map((f) => f.Id)).toEqual([first?.Id]);
  });

  it('settles a failed repair’s finding once a sweep repairs and verifies the trail; the sweep’s reminders update one finding', async () => {
    const name = 'management-events';
    await world.trail(name, { stopped: true });
    const deps = await world.deps({ securityHub: true });
    // StartLogging is refused (as a service control policy would) until `refused` is cleared.
    let refused = true;
    const cloudTrailClient = (region: string) => {
      const client = (deps.cloudTrailClient as (region: string) => CloudTrailClient)(region);
      const stack = client.middlewareStack as MiddlewareStack<object, MetadataBearer>;
      stack.add(
        (next, context) => async (args) => {
          if (refused && context.commandName === 'StartLoggingCommand')
            throw awsError('AccessDeniedException', 'explicit deny in a service control policy');
          return next(args);
        },
        { step: 'deserialize', name: 'refuseStartLogging' },
      );
      return client;
    };
    const handler = createHandler({ ...deps, cloudTrailClient });
    const minute = 60_000;
    const sweep = (id: string, time: number) =>
      handler(
        world.event('scheduled-event', (raw) => {
          raw.id = id;
          raw.time = new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
        }),
      );
    const bySweep = (all: Awaited<ReturnType<typeof findings>>) =>
      all.filter((f) => f.GeneratorId === 'trailguard/Sweep');

    // The event: the repair fails, and its finding stays open.
    await handler(world.event('stop-logging.sso-role'));
    const [failed] = await findings();
    expect(failed).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE' });

    // The sweep right after, and the next day's reminder: the repair fails again, one finding.
    const first = Date.now() + minute;
    await sweep('sweep-1', first);
    const nextDay = Math.ceil(first / (24 * 60 * minute)) * 24 * 60 * minute + minute;
    await sweep('sweep-2', nextDay);
    const [reminder, ...more] = bySweep(await findings());
    expect(more).toEqual([]);
    expect(reminder?.Title).toMatch(/found not logging by the sweep \(daily reminder\)$/);
    expect(reminder).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE' });
    expect(await isLogging(name)).toBe(false);

    // Then the deny is lifted: the next sweep repairs and verifies the trail, and settles both.
    refused = false;
    world.calls.length = 0;
    await sweep('sweep-3', nextDay + 10 * minute);
    expect(await isLogging(name)).toBe(true);
    const after = await findings();
    expect(after.map((f) => f.Id).sort()).toEqual([failed?.Id, reminder?.Id].sort());
    expect(after.find((f) => f.Id === failed?.Id)).toMatchObject({
      Title: failed?.Title,
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
      ProductFields: { 'trailguard/settledBy': 'sweep-3' },
    });
    expect(after.find((f) => f.Id === reminder?.Id)).toMatchObject({
      Title: expect.stringMatching(/found not logging by the sweep$/),
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
    });
    expect(world.calls.filter((c) => c.service === 'securityhub').map((c) => c.command)).toEqual([
      'GetFindings',
      'BatchImportFindings',
    ]);
  });

  it('imports nothing and puts nothing when neither is configured', async () => {
    await world.trail('management-events', { stopped: true });
    await (await world.handler())(world.event('stop-logging.sso-role'));
    expect(await findings()).toEqual([]);
    expect(world.calls.map((c) => c.service)).not.toContain('events');
    expect(world.calls.map((c) => c.service)).not.toContain('securityhub');
  });

  // AWS reports it either way: the call fails, or it succeeds with the finding refused.
  it.each([
    ['an InvalidAccessException', 'throws'],
    ['the finding refused with InvalidAccess', 'answers'],
  ])(
    'warns once per cold start where Security Hub is not enabled (%s), and the notification and repair go on',
    async (_, how) => {
      await world.trail('management-events', { stopped: true });
      const deps = await world.deps({ securityHub: true });
      const logs: string[] = [];
      const hub = deps.securityHubClient as SecurityHubClient;
      const attempts =
        how === 'throws'
          ? failing(hub, 'BatchImportFindingsCommand', () =>
              awsError(
                'InvalidAccessException',
                'Account 111122223333 is not subscribed to AWS Security Hub',
              ),
            )
          : answering(hub, 'BatchImportFindingsCommand', {
              FailedCount: 1,
              SuccessCount: 0,
              FailedFindings: [
                { Id: 'x', ErrorCode: 'InvalidAccess', ErrorMessage: 'Security Hub is not enabled' },
              ],
            });
      const handler = createHandler({
        ...deps,
        logger: new Logger('trailguard', 'INFO', (l) => logs.push(l)),
      });

      // Two invocations of one cold start (the same event twice: without a state table, two notices).
      await expect(handler(world.event('stop-logging.sso-role'))).resolves.toMatchObject({
        notifications: 1,
      });
      await expect(handler(world.event('stop-logging.sso-role'))).resolves.toMatchObject({
        notifications: 1,
      });

      expect(await isLogging('management-events')).toBe(true);
      expect(await world.notifications()).toHaveLength(2);
      expect(attempts.count).toBe(1);
      const warnings = logs.map((l) => JSON.parse(l)).filter((l) => l.level === 'WARN');
      expect(warnings.map((w) => w.message)).toEqual([
        'Security Hub is not enabled here; no findings until the next cold start',
      ]);
      expect(logs.filter((l) => JSON.parse(l).level === 'ERROR')).toEqual([]);
      expect(world.metricLines.join('\n')).not.toMatch(/FindingFailures/);
    },
  );

  it('counts and logs a bus or Security Hub failure, and still restarts the trail and publishes', async () => {
    await world.trail('management-events', { stopped: true });
    const deps: HandlerDeps = await world.deps({ busArn, securityHub: true });
    failing(deps.eventBridgeClient as EventBridgeClient, 'PutEventsCommand', () =>
      awsError('AccessDeniedException', 'not authorized to perform events:PutEvents'),
    );
    failing(deps.securityHubClient as SecurityHubClient, 'BatchImportFindingsCommand', () =>
      awsError('InternalException', 'Internal service error'),
    );
    const logs: string[] = [];
    const handler = createHandler({ ...deps, logger: new Logger('trailguard', 'INFO', (l) => logs.push(l)) });

    await expect(handler(world.event('stop-logging.sso-role'))).resolves.toEqual({
      notifications: 1,
      remediations: 1,
      failures: 0,
    });
    expect(await isLogging('management-events')).toBe(true);
    expect(await world.notifications()).toHaveLength(1);
    const errors = logs.map((l) => JSON.parse(l)).filter((l) => l.level === 'ERROR');
    expect(errors.map((e) => e.message).sort()).toEqual(['finding not imported', 'incident event not put']);
    expect(world.metricLines.join('\n')).toMatch(/IncidentEventFailures/);
    expect(world.metricLines.join('\n')).toMatch(/FindingFailures/);
  });
});
