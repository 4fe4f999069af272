// The state table against the emulator: what the items hold, and that TrailGuard fails open when
// DynamoDB does (a duplicate beats a loss).
import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { Logger } from '../../src/adapters/logger';
import { StateTable } from '../../src/adapters/state';
import type { Settings } from '../../src/domain/settings';
import { createHandler } from '../../src/handler';
import { useWorld } from '../use-world';

const NOW = Date.parse('2026-12-01T10:02:00Z');
const TWO_DAYS_S = 2 * 24 * 60 * 60;

describe('the state table', () => {
  const { world } = useWorld();
  let warnings: string[];

  beforeEach(async () => {
    warnings = [];
  });

  async function handlerWith(overrides: Partial<Settings>) {
    return createHandler({
      ...(await world().deps(overrides)),
      clock: () => NOW,
      logger: new Logger('trailguard', 'WARN', (line) => warnings.push(line)),
    });
  }

  const failedAttempt = (i: number) =>
    world().event('stop-logging.failed-access-denied', (raw) => {
      raw.detail.eventID = `attempt-${i}`;
    });

  const items = async (name: string) =>
    (await (await world().dynamoDb()).send(new ScanCommand({ TableName: name }))).Items ?? [];

  it('keeps a claim per event, marked published, and every item expires two days on (TTL expiresAt)', async () => {
    const stateTableName = await world().stateTable();
    await (await handlerWith({ stateTableName }))(world().event('create-trail.aws-service'));

    const [claim, counter, ...rest] = (await items(stateTableName)).sort((a, b) =>
      String(a.pk?.S).localeCompare(String(b.pk?.S)),
    );
    expect(rest).toEqual([]);
    expect(claim).toMatchObject({ sk: { S: 'event' }, published: { BOOL: true } });
    expect(claim?.pk?.S).toMatch(/^event#/);
    expect(JSON.parse(claim?.notification?.S as string).subject).toMatch(/^\[LOW\] TrailGuard: New trail/);
    expect(counter).toMatchObject({ pk: { S: 'notices' }, n: { N: '1' } });
    for (const item of [claim, counter]) {
      expect(Number(item?.expiresAt?.N)).toBe(Math.ceil(NOW / 1000) + TWO_DAYS_S);
    }
  });

  it('keeps a sweep’s notice per scheduled event and incident, marked published, that no other attempt can claim again', async () => {
    const stateTableName = await world().stateTable();
    const trailArn = await world().trail('management-events', { stopped: true });
    const event = world().event('scheduled-event', (raw) => {
      raw.time = new Date(Date.now() + 60_000).toISOString();
    });
    await (await handlerWith({ stateTableName }))(event);

    const [kept, ...rest] = await items(stateTableName);
    expect(rest).toEqual([]);
    expect(kept).toMatchObject({
      pk: { S: `sweep#${event.id}` },
      sk: { S: `findings#${trailArn}` },
      published: { BOOL: true },
    });
    expect(Number(kept?.expiresAt?.N)).toBe(Math.ceil(NOW / 1000) + TWO_DAYS_S);
    const notification = JSON.parse(kept?.notification?.S as string);
    expect(notification.subject).toMatch(
      /TrailGuard: Trail management-events found not logging by the sweep/,
    );
    const table = new StateTable(await world().dynamoDb(), stateTableName);
    expect(await table.keepRendered(event.id, notification, `findings#${trailArn}`)).toBe(false);
    expect(await table.keepRendered(event.id, notification, 'findings#another-trail')).toBe(true);
    expect([...(await table.keptNotices(event.id)).entries()]).toEqual([
      ['findings#another-trail', { notification, published: false }],
      [`findings#${trailArn}`, { notification, published: true }],
    ]);
  });

  it('proceeds as new when an earlier attempt claimed the event and stopped before rendering anything', async () => {
    const stateTableName = await world().stateTable();
    await world().trail('management-events', { stopped: true });
    const event = world().event('stop-logging.sso-role');
    await (await world().dynamoDb()).send(
      new PutItemCommand({
        TableName: stateTableName,
        Item: { pk: { S: `event#${event.detail.eventID}` }, sk: { S: 'event' } },
      }),
    );

    expect(await (await handlerWith({ stateTableName }))(event)).toEqual({
      notifications: 1,
      remediations: 1,
      failures: 0,
    });
    expect(await world().notifications()).toHaveLength(1);
  });

  it('fails open: without its table DynamoDB fails, and every event is still acted on and notified, with a warning', async () => {
    await world().trail('management-events', { stopped: true });
    const handler = await handlerWith({ stateTableName: 'no-such-table' });

    for (let i = 0; i < 7; i++) await handler(failedAttempt(i));
    await handler(world().event('stop-logging.sso-role'));

    expect(await world().notifications()).toHaveLength(8);
    expect(warnings.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'state table unavailable',
        step: 'claim',
        error: expect.objectContaining({ name: 'ResourceNotFoundException' }),
      }),
    );
  });

  it('puts the digest back when its publish fails, so the next sweep reports every notice', async () => {
    const stateTableName = await world().stateTable();
    const handler = await handlerWith({ stateTableName });
    for (let i = 0; i < 8; i++) await handler(failedAttempt(i));
    expect(await world().notifications()).toHaveLength(5);
    const sweep = (minutes: number) =>
      world().event('scheduled-event', (raw) => {
        raw.time = new Date(NOW + minutes * 60_000).toISOString();
        raw.id = `sweep-${minutes}`;
      });

    const broken = await handlerWith({
      stateTableName,
      topicArn: world().topicArn.replace(/[^:]+$/, 'gone'),
    });
    await expect(broken(sweep(10))).rejects.toMatchObject({
      name: 'IncidentFailedError',
      message: expect.stringMatching(/^sweep: 1 notification\(s\) not published/),
    });
    await handler(failedAttempt(8));

    await handler(sweep(20));
    const [digest, ...more] = await world().notifications();
    expect(more).toEqual([]);
    expect(digest?.document.digest).toMatchObject({ total: 4, groups: [{ count: 4, eventId: 'attempt-5' }] });
  });
});
