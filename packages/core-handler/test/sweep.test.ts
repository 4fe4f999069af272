// The sweep's paging, ownership filter and concurrency bound, over CloudTrail responses moto
// cannot produce (it never pages ListTrails and has no organization trails of other accounts).
import {
  CloudTrailClient,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  LookupEventsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { HISTORY_PAGES } from '../src/adapters/cloudtrail';
import { Logger } from '../src/adapters/logger';
import { Metrics } from '../src/adapters/metrics';
import { IncidentFailedError } from '../src/domain/errors';
import { createHandler } from '../src/handler';
import { SWEEP_CONCURRENCY } from '../src/respond/sweep';
import { FIXTURE_ACCOUNT, FIXTURE_SETTINGS, fixture } from './fixtures';

const REGION = 'eu-west-1';
const arn = (name: string, account = FIXTURE_ACCOUNT, region = REGION) =>
  `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

function setUp(
  options: {
    failStartOf?: string;
    endlessHistory?: boolean;
    mode?: 'remediate' | 'notify-only';
    failPublish?: boolean;
    failStatusOf?: string;
  } = {},
) {
  const cloudtrail = new CloudTrailClient({ region: REGION });
  const sns = new SNSClient({ region: 'eu-central-1' });
  const ct = mockClient(cloudtrail);
  const topic = mockClient(sns);
  const owned = Array.from({ length: 12 }, (_, i) => ({
    Name: `t${i}`,
    TrailARN: arn(`t${i}`),
    HomeRegion: REGION,
  }));
  ct.on(ListTrailsCommand, { NextToken: undefined }).resolves({
    Trails: owned.slice(0, 7),
    NextToken: 'page-2',
  });
  ct.on(ListTrailsCommand, { NextToken: 'page-2' }).resolves({
    Trails: [
      ...owned.slice(7),
      // An organization trail owned by the management account, and a shadow of a trail homed elsewhere.
      { Name: 'org-trail', TrailARN: arn('org-trail', '999988887777'), HomeRegion: REGION },
      { Name: 'shadow', TrailARN: arn('shadow', FIXTURE_ACCOUNT, 'us-east-1'), HomeRegion: 'us-east-1' },
    ],
  });
  const metricLines: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const checked: string[] = [];
  ct.on(GetTrailStatusCommand).callsFake(async ({ Name }: { Name: string }) => {
    checked.push(Name);
    if (Name === options.failStatusOf) {
      throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight--;
    // t3 is stopped until StartLogging is called on it.
    const logging =
      Name !== arn('t3') || (!options.failStartOf && ct.commandCalls(StartLoggingCommand).length > 0);
    // t3 was stopped twenty minutes before the fixture's scheduled time, 09:20: long enough for
    // event history to show a cause, so an unexplained stop is repaired at once.
    return logging
      ? { IsLogging: true }
      : { IsLogging: false, StopLoggingTime: new Date('2026-11-26T09:00:00Z') };
  });
  ct.on(GetTrailCommand).resolves({ Trail: { Name: 't3', IsOrganizationTrail: false } });
  ct.on(GetEventSelectorsCommand).resolves({
    EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
  });
  if (options.failStartOf) {
    const error = Object.assign(new Error('denied by SCP'), { name: 'AccessDeniedException' });
    ct.on(StartLoggingCommand).rejects(error);
  } else {
    ct.on(StartLoggingCommand).resolves({});
  }
  // Event history with nothing about the trail: on every page, or on one.
  ct.on(LookupEventsCommand).resolves({
    Events: [{ EventName: 'CreateTrail', CloudTrailEvent: '{}' }],
    NextToken: options.endlessHistory ? 'more' : undefined,
  });
  if (options.failPublish) {
    topic.on(PublishCommand).rejects(Object.assign(new Error('topic gone'), { name: 'NotFoundException' }));
  } else {
    topic.on(PublishCommand).resolves({ MessageId: 'm-1' });
  }
  const handler = createHandler({
    settings: { ...FIXTURE_SETTINGS, selfRoleArn: null, mode: options.mode ?? 'remediate' },
    cloudTrailClient: () => cloudtrail,
    snsClient: sns,
    logger: new Logger('trailguard', 'SILENT'),
    metrics: new Metrics('TrailGuard', {}, (line) => metricLines.push(line)),
  });
  return { handler, ct, topic, checked, metricLines, maxInFlight: () => maxInFlight };
}

describe('the sweep', () => {
  it('counts a trail it cannot read as SweepCheckFailures, and still checks and repairs the others', async () => {
    const { handler, ct, metricLines } = setUp({ failStatusOf: arn('t5') });

    const summary = await handler(fixture('scheduled-event'));

    expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 1 });
    expect(ct.commandCalls(StartLoggingCommand).map((c) => c.args[0].input)).toEqual([{ Name: arn('t3') }]);
    expect(JSON.parse(metricLines[0] as string)).toMatchObject({ SweepCheckFailures: 1, Remediations: 1 });
  });

  it('follows ListTrails pages, checks only trails this account owns in this region, at most 5 at a time', async () => {
    const { handler, ct, topic, checked, maxInFlight } = setUp();

    const summary = await handler(fixture('scheduled-event'));

    expect(ct.commandCalls(ListTrailsCommand)).toHaveLength(2);
    const firstChecks = new Set(checked);
    expect([...firstChecks].sort()).toEqual(Array.from({ length: 12 }, (_, i) => arn(`t${i}`)).sort());
    expect(maxInFlight()).toBe(SWEEP_CONCURRENCY);
    expect(ct.commandCalls(StartLoggingCommand).map((c) => c.args[0].input)).toEqual([{ Name: arn('t3') }]);
    expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 0 });
    const published = JSON.parse(
      JSON.parse(topic.commandCalls(PublishCommand)[0]?.args[0].input.Message as string).default,
    );
    expect(published).toMatchObject({
      event: { name: 'Sweep', account: FIXTURE_ACCOUNT, region: REGION },
      actor: { type: 'Unknown', arn: null },
      trail: { name: 't3', arn: arn('t3') },
      response: { action: 'start-logging', outcome: 'succeeded', verified: true },
    });
  });

  it('reports a trail it cannot repair in the sweep where the repair was first due, without failing the sweep', async () => {
    const { handler, topic, checked } = setUp({ failStartOf: 't3' });
    // t3 stopped at 09:00 for no known reason, and no principal is exempt: its repair was first due
    // at once, in the 09:05 sweep, whose window holds the stop.
    await expect(handler({ ...fixture('scheduled-event'), time: '2026-11-26T09:05:00Z' })).resolves.toEqual({
      notifications: 1,
      remediations: 0,
      failures: 1,
    });
    expect(new Set(checked).size).toBe(12);
    const published = JSON.parse(
      JSON.parse(topic.commandCalls(PublishCommand)[0]?.args[0].input.Message as string).default,
    );
    expect(published).toMatchObject({
      severity: 'critical',
      summary: 'Trail t3 found not logging by the sweep (new)',
      response: { outcome: 'failed', reason: expect.stringContaining('AccessDeniedException') },
    });

    // The next sweep fails to repair it again, and stays quiet about it.
    await expect(handler({ ...fixture('scheduled-event'), time: '2026-11-26T09:15:00Z' })).resolves.toEqual({
      notifications: 0,
      remediations: 0,
      failures: 1,
    });
    expect(topic.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('fails the sweep (for retries and the DLQ) only when a notification could not be published', async () => {
    const { handler } = setUp({ failPublish: true });
    const failure = await handler(fixture('scheduled-event')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IncidentFailedError);
    expect((failure as Error).message).toMatch(
      /^sweep: 1 notification\(s\) not published: Publish to .* failed: NotFoundException: topic gone$/,
    );
  });

  it('reads a bounded number of event-history pages, by ARN then by name, and repairs a stop it cannot explain', async () => {
    const { handler, ct } = setUp({ endlessHistory: true });

    await handler(fixture('scheduled-event'));

    const lookups = ct.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(lookups.map((l) => l.LookupAttributes)).toEqual([
      ...Array(HISTORY_PAGES).fill([{ AttributeKey: 'ResourceName', AttributeValue: arn('t3') }]),
      ...Array(HISTORY_PAGES).fill([{ AttributeKey: 'ResourceName', AttributeValue: 't3' }]),
    ]);
    expect(lookups.map((l) => l.NextToken)).toEqual([undefined, 'more', 'more', undefined, 'more', 'more']);
    expect(ct.commandCalls(StartLoggingCommand)).toHaveLength(1);
  });

  it('says in the e-mail whether a problem is new or a daily reminder, and since when it lasts', async () => {
    const email = async (time: string) => {
      const { handler, topic } = setUp({ mode: 'notify-only' });
      await handler({ ...fixture('scheduled-event'), time });
      const calls = topic.commandCalls(PublishCommand);
      return calls.length === 0 ? null : JSON.parse(calls[0]?.args[0].input.Message as string).email;
    };

    const news = await email('2026-11-26T09:05:00Z');
    expect(news).toContain('Trail t3 found not logging by the sweep (new).');
    expect(news).toContain('Not logging since 2026-11-26T09:00:00.000Z');
    expect(news).toContain('Notice: new problem, started within the last 10-minute sweep interval');
    expect(news).toContain(
      'Cause: no StopLogging call on this trail in this account’s CloudTrail event history',
    );
    expect(news).toContain('left it as it is: REMEDIATION_MODE is notify-only');
    expect(await email('2026-11-26T09:15:00Z')).toBeNull();
    const reminder = await email('2026-11-27T00:06:00Z');
    expect(reminder).toContain('Trail t3 found not logging by the sweep (daily reminder).');
    expect(reminder).toContain('Notice: daily reminder; the problem persists and was reported before');
  });
});
