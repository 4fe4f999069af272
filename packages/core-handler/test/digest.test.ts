import { decide } from '../src/domain/decide';
import { MAX_DIGEST_GROUPS, renderDigest } from '../src/domain/digest';
import type { ScheduledEvent } from '../src/domain/event';
import {
  type DigestGroup,
  digestGroupKey,
  type HeldNotice,
  heldNotice,
  highestSeverity,
  mayHoldBack,
  noticeWindow,
} from '../src/domain/flood';
import { apiCallIncident, type Response } from '../src/domain/incident';
import type { Settings } from '../src/domain/settings';
import { apiCall, FIXTURE_ACCOUNT, FIXTURE_SETTINGS } from './fixtures';

const settings: Settings = { ...FIXTURE_SETTINGS, stateTableName: 'trailguard-state' };
const nothing: Response = { actions: [], outcome: 'not-applicable', verified: false, reason: 'x' };

function incidentOf(name: string, response: Response = nothing, change?: Parameters<typeof apiCall>[1]) {
  const event = apiCall(name, change);
  const decision = decide(event, settings);
  if (decision.kind === 'silent') throw new Error('silent');
  return apiCallIncident(event, decision.assessment, response);
}

describe('mayHoldBack: what a flood may delay', () => {
  it.each([
    ['stop-logging.failed-access-denied', 'a failed attempt (high)'],
    ['create-trail.aws-service', 'a low change'],
    ['start-logging.by-admin', 'an info change'],
  ])('%s, %s', (name) => {
    expect(mayHoldBack(incidentOf(name))).toBe(true);
  });

  it.each([
    ['stop-logging.sso-role', 'a critical change that succeeded'],
    ['update-trail.weakened', 'a high change'],
    ['put-insight-selectors.off', 'a medium change'],
  ])('never %s: %s', (name) => {
    expect(mayHoldBack(incidentOf(name))).toBe(false);
  });

  it('never a failed repair', () => {
    const failed: Response = {
      actions: ['start-logging'],
      outcome: 'failed',
      verified: false,
      reason: 'denied',
    };
    expect(mayHoldBack(incidentOf('create-trail.aws-service', failed))).toBe(false);
  });
});

describe('noticeWindow and digestGroupKey', () => {
  it('counts per sweep interval', () => {
    const at = Date.parse('2026-12-01T10:02:00Z');
    expect(noticeWindow(at, 10)).toBe(noticeWindow(at + 7 * 60_000, 10));
    expect(noticeWindow(at, 10)).not.toBe(noticeWindow(at + 8 * 60_000, 10));
  });

  it('groups by call, role (not the session name the caller chose) and error code', () => {
    const one = heldNotice(incidentOf('stop-logging.failed-access-denied'), 0);
    const other = heldNotice(
      incidentOf('stop-logging.failed-access-denied', nothing, (raw) => {
        raw.detail.userIdentity.arn = raw.detail.userIdentity.arn.replace('mallory@example.com', 'x-1');
      }),
      0,
    );
    expect(one.actor).toBe(
      `arn:aws:iam::${FIXTURE_ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ReadOnly_fedcba9876543210`,
    );
    expect(digestGroupKey(one)).toBe(digestGroupKey(other));
    expect(digestGroupKey(one)).toBe(`StopLogging|${one.actor}|AccessDenied`);
  });

  it('keeps group keys within DynamoDB’s sort-key limit whatever a forged event carries', () => {
    const huge: HeldNotice = {
      ...heldNotice(incidentOf('stop-logging.failed-access-denied'), 0),
      eventName: 'x'.repeat(5000),
    };
    expect(Buffer.byteLength(digestGroupKey(huge))).toBeLessThanOrEqual(1024);
  });

  it('rates a group by its highest severity', () => {
    expect(highestSeverity(['low', 'high', 'info'])).toBe('high');
    expect(highestSeverity([])).toBe('info');
  });
});

describe('renderDigest', () => {
  const sweep: ScheduledEvent = {
    kind: 'scheduled',
    id: 'sweep-7',
    time: '2026-12-01T10:10:00Z',
    account: FIXTURE_ACCOUNT,
    region: 'eu-west-1',
  };
  const group = (i: number, count: number, severities: DigestGroup['severities'] = ['low']): DigestGroup => ({
    first: {
      eventName: i === 0 ? 'Stop\nLogging' : 'AddTags',
      actor: `arn:aws:iam::${FIXTURE_ACCOUNT}:user/u${i}`,
      errorCode: i === 0 ? 'AccessDenied' : null,
      severity: severities[0] ?? 'low',
      time: `2026-12-01T10:0${i % 10}:00.000Z`,
      eventId: `e-${i}`,
      summary: 'Tags added',
    },
    count,
    severities,
    lastTime: '2026-12-01T10:09:00.000Z',
  });
  const groups = [
    group(0, 300, ['high', 'medium']),
    ...Array.from({ length: 59 }, (_, i) => group(i + 1, 2)),
  ];
  const rendered = renderDigest(groups, sweep, 10);
  const email = (JSON.parse(rendered.message) as { email: string }).email;

  it('says how many, since when, at the highest severity among them', () => {
    // Account and region do not fit beside the summary within SNS's 100 characters.
    expect(rendered.subject).toBe(
      '[HIGH] TrailGuard: 418 more failed attempts and low-severity changes since 2026-12-01T10:00:00.000Z',
    );
    expect(rendered.subject.length).toBeLessThanOrEqual(100);
    expect(rendered.attributes).toEqual({ severity: 'high', eventName: 'Digest', account: FIXTURE_ACCOUNT });
  });

  it(`lists the ${MAX_DIGEST_GROUPS} largest groups, then counts the rest in one line`, () => {
    expect(rendered.document.digest).toMatchObject({
      since: '2026-12-01T10:00:00.000Z',
      until: '2026-12-01T10:10:00Z',
      total: 418,
      moreGroups: 10,
      moreNotices: 20,
    });
    expect(rendered.document.digest?.groups).toHaveLength(MAX_DIGEST_GROUPS);
    expect(rendered.document.digest?.groups[0]).toMatchObject({
      eventName: 'Stop\nLogging',
      count: 300,
      severity: 'high',
    });
    expect(email).toContain('  and 10 more groups (20 notices)');
  });

  it('writes one row per group, the caller’s text made safe', () => {
    const rows = email.split('\n').filter((l) => /^ +\d+ {2}/.test(l));
    expect(rows).toHaveLength(MAX_DIGEST_GROUPS);
    expect(rows[0]).toBe(
      `    300  HIGH      "Stop Logging" (AccessDenied) by arn:aws:iam::${FIXTURE_ACCOUNT}:user/u0, 2026-12-01T10:00:00.000Z to 2026-12-01T10:09:00.000Z, e.g. e-0`,
    );
  });

  it('keeps the schema-1 document: new fields only', () => {
    expect(rendered.document).toMatchObject({
      schemaVersion: 1,
      severity: 'high',
      event: { id: 'sweep-7', name: 'Digest', account: FIXTURE_ACCOUNT, region: 'eu-west-1' },
      actor: { type: 'Unknown', arn: null, accountId: null, name: 'each notice counted here has its own' },
      trail: { name: null, arn: null },
      response: { action: 'none', outcome: 'not-applicable', verified: false },
    });
  });
});
