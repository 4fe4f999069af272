import type { Actor } from '../src/domain/event';
import {
  causeFromHistory,
  decideSweep,
  EVENT_HISTORY_DELAY_MS,
  failedRepairNotice,
  historyWait,
  noticeOf,
  type ProblemCause,
  type SweepClock,
  type SweepDecision,
  type SweepFinding,
  sweepMessage,
} from '../src/domain/sweep';
import { FIXTURE_ACCOUNT, fixture } from './fixtures';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;
/** A sweep scheduled mid-morning, every 10 minutes. */
const clock: SweepClock = { now: at('2026-11-26T09:20:00Z'), intervalMinutes: 10 };
/** The sweep of the daily reminder slot: the first interval after 00:00 UTC. */
const midnight: SweepClock = { now: at('2026-11-27T00:04:00Z'), intervalMinutes: 10 };

const ADMIN: Actor = {
  type: 'AssumedRole',
  arn: `arn:aws:sts::${FIXTURE_ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123/alice`,
  accountId: FIXTURE_ACCOUNT,
  issuerArn: `arn:aws:iam::${FIXTURE_ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123`,
  mfaAuthenticated: true,
  invokedBy: null,
};
const stopBy = (actor: Actor, time: number): ProblemCause => ({
  eventName: 'StopLogging',
  eventId: 'e-1',
  time,
  actor,
});
const remediate = { mode: 'remediate', exemptPrincipals: [] } as const;
const notifyOnly = { mode: 'notify-only', exemptPrincipals: [] } as const;
/** Exempts the SSO administrators by their role (session issuer), as a real pattern would. */
const exemptAdmins = {
  mode: 'remediate',
  exemptPrincipals: [
    'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_*',
  ],
} as const;

const stopped = (startedAt: number | null, cause: ProblemCause | null = null): SweepFinding => ({
  problem: 'not-logging',
  startedAt,
  cause,
});

describe('noticeOf: report once when new, then once a day', () => {
  it('calls a problem new when it started within the interval before the scheduled time', () => {
    expect(noticeOf(clock.now - 9 * MINUTE, clock)).toBe('new');
    expect(noticeOf(clock.now, clock)).toBe('new');
  });

  it('stays quiet about an older problem outside the daily slot', () => {
    expect(noticeOf(clock.now - 10 * MINUTE, clock)).toBeNull();
    expect(noticeOf(clock.now - 3 * 24 * 60 * MINUTE, clock)).toBeNull();
    expect(noticeOf(null, clock)).toBeNull();
  });

  it('leaves a problem that started after the scheduled time to the next sweep, whose window holds it', () => {
    const start = clock.now + 30_000;
    expect(noticeOf(start, clock)).toBeNull();
    expect(noticeOf(start, { ...clock, now: clock.now + 10 * MINUTE })).toBe('new');
  });

  it('sends the daily reminder from the one sweep in the first interval after 00:00 UTC, also when the start is unknown', () => {
    const old = at('2026-11-20T12:00:00Z');
    expect(noticeOf(old, midnight)).toBe('daily-reminder');
    expect(noticeOf(null, midnight)).toBe('daily-reminder');
    expect(noticeOf(old, { ...midnight, now: at('2026-11-27T00:00:00Z') })).toBe('daily-reminder');
    expect(noticeOf(old, { ...midnight, now: at('2026-11-27T00:10:00Z') })).toBeNull();
    expect(noticeOf(old, { ...midnight, now: at('2026-11-26T23:59:00Z') })).toBeNull();
  });

  it('reports each problem exactly once as new over a day of sweeps, and once as a reminder', () => {
    const start = at('2026-11-26T09:13:27Z');
    const notices: string[] = [];
    // Sweeps every 7 minutes from an unaligned start, as a rate() schedule fires.
    for (let now = at('2026-11-26T08:59:00Z'); now < at('2026-11-27T09:00:00Z'); now += 7 * MINUTE) {
      const notice = noticeOf(start, { now, intervalMinutes: 7 });
      if (notice) notices.push(notice);
    }
    expect(notices).toEqual(['new', 'daily-reminder']);
  });
});

describe('decideSweep', () => {
  it('repairs in remediate mode when the cause is unknown or not exempt', () => {
    expect(decideSweep(stopped(clock.now - 20 * MINUTE), remediate, clock)).toEqual({
      kind: 'repair',
      remedy: 'start-logging',
      waitedForHistory: 0,
    });
    expect(decideSweep(stopped(clock.now - 3 * MINUTE, stopBy(ADMIN, clock.now)), remediate, clock)).toEqual({
      kind: 'repair',
      remedy: 'start-logging',
      waitedForHistory: 0,
    });
    expect(
      decideSweep({ problem: 'no-management-events', startedAt: null, cause: null }, remediate, clock),
    ).toEqual({ kind: 'repair', remedy: 'restore-management-events', waitedForHistory: 0 });
  });

  it('without exempt principals repairs a problem of unknown cause at once: the cause cannot matter', () => {
    expect(decideSweep(stopped(clock.now - MINUTE), remediate, clock)).toEqual({
      kind: 'repair',
      remedy: 'start-logging',
      waitedForHistory: 0,
    });
  });

  it('with exempt principals waits EVENT_HISTORY_DELAY_MS (the documented ~5 min) for the cause, then repairs', () => {
    expect(EVENT_HISTORY_DELAY_MS).toBe(5 * MINUTE);
    // An exempt principal's stop a few minutes ago may not be in event history yet.
    expect(decideSweep(stopped(clock.now - 3 * MINUTE), exemptAdmins, clock)).toMatchObject({
      kind: 'quiet',
      remedy: 'start-logging',
      reason: expect.stringMatching(/^started 3 min ago and event history does not show its cause yet/),
    });
    expect(decideSweep(stopped(clock.now - 4 * MINUTE), exemptAdmins, clock).kind).toBe('quiet');
    expect(decideSweep(stopped(clock.now - 5 * MINUTE), exemptAdmins, clock)).toEqual({
      kind: 'repair',
      remedy: 'start-logging',
      waitedForHistory: EVENT_HISTORY_DELAY_MS,
    });
    // A known, non-exempt cause needs no wait, nor does a problem whose start nobody knows.
    const start = clock.now - MINUTE;
    const byMallory = { ...ADMIN, arn: 'arn:aws:iam::111122223333:user/mallory', issuerArn: null };
    expect(decideSweep(stopped(start, stopBy(byMallory, start)), exemptAdmins, clock).kind).toBe('repair');
    // With no start to wait from, it does not say it waited.
    expect(decideSweep(stopped(null), exemptAdmins, clock)).toEqual({
      kind: 'repair',
      remedy: 'start-logging',
      waitedForHistory: 0,
    });
  });

  it('restarts an organization trail whose stop is not in this account’s history at once, exempt principals or not', () => {
    const org: SweepFinding = { ...stopped(clock.now - MINUTE), organizationTrail: true };
    expect(historyWait(org, exemptAdmins)).toBe(0);
    expect(decideSweep(org, exemptAdmins, clock)).toEqual({
      kind: 'repair',
      remedy: 'start-logging',
      waitedForHistory: 0,
    });
  });

  it('repairs regardless of the notice: a repair is always reported', () => {
    expect(decideSweep(stopped(at('2026-11-01T00:00:00Z')), remediate, clock).kind).toBe('repair');
  });

  it('leaves an exempt principal’s stop alone and reports it as new, naming the actor', () => {
    const start = clock.now - 4 * MINUTE;
    expect(decideSweep(stopped(start, stopBy(ADMIN, start)), exemptAdmins, clock)).toEqual({
      kind: 'report',
      remedy: 'start-logging',
      notice: 'new',
      reason: `StopLogging was called by ${ADMIN.arn}, an exempt principal (EXEMPT_PRINCIPALS)`,
    });
  });

  it('matches the exemption on the actor ARN as well as the session issuer', () => {
    const byArn = { mode: 'remediate', exemptPrincipals: ['arn:aws:sts::*:assumed-role/*/alice'] } as const;
    const start = clock.now - MINUTE;
    expect(decideSweep(stopped(start, stopBy(ADMIN, start)), byArn, clock).kind).toBe('report');
  });

  it('stays quiet about a persisting exempt stop, and reminds once in the daily slot', () => {
    const start = at('2026-11-26T08:00:00Z');
    const finding = stopped(start, stopBy(ADMIN, start));
    expect(decideSweep(finding, exemptAdmins, clock)).toMatchObject({
      kind: 'quiet',
      remedy: 'start-logging',
    });
    expect(decideSweep(finding, exemptAdmins, midnight)).toMatchObject({
      kind: 'report',
      notice: 'daily-reminder',
    });
  });

  it('reports in notify-only mode when new, then only in the daily slot', () => {
    const start = clock.now - 2 * MINUTE;
    expect(decideSweep(stopped(start), notifyOnly, clock)).toEqual({
      kind: 'report',
      remedy: 'start-logging',
      notice: 'new',
      reason: 'REMEDIATION_MODE is notify-only',
    });
    const next = { ...clock, now: clock.now + 10 * MINUTE };
    expect(decideSweep(stopped(start), notifyOnly, next)).toMatchObject({ kind: 'quiet' });
    expect(decideSweep(stopped(start), notifyOnly, midnight)).toMatchObject({ notice: 'daily-reminder' });
  });

  it('treats selectors without management events the same way, timed by their cause', () => {
    const start = clock.now - 5 * MINUTE;
    const cause: ProblemCause = { eventName: 'PutEventSelectors', eventId: 'e-2', time: start, actor: ADMIN };
    const finding: SweepFinding = { problem: 'no-management-events', startedAt: start, cause };
    expect(decideSweep(finding, exemptAdmins, clock)).toMatchObject({
      kind: 'report',
      remedy: 'restore-management-events',
      notice: 'new',
    });
    expect(decideSweep(finding, exemptAdmins, { ...clock, now: clock.now + 10 * MINUTE }).kind).toBe('quiet');
  });

  it('uses the interval it is given: a 60-minute schedule counts an hour-old stop as new', () => {
    const start = clock.now - 45 * MINUTE;
    expect(decideSweep(stopped(start), notifyOnly, clock).kind).toBe('quiet');
    expect(decideSweep(stopped(start), notifyOnly, { ...clock, intervalMinutes: 60 }).kind).toBe('report');
  });
});

describe('failedRepairNotice: a repair that keeps failing is reported once when first due, then daily', () => {
  /** Every 10-minute sweep of a day and a half from 2026-11-26 00:00 UTC. */
  const day = Array.from({ length: 216 }, (_, i) => ({
    now: at('2026-11-26T00:00:00Z') + i * 10 * MINUTE,
    intervalMinutes: 10,
  }));
  const reported = (finding: SweepFinding, settings: typeof remediate | typeof exemptAdmins = remediate) =>
    day.flatMap((c) => {
      // Only sweeps that try the repair can see it fail.
      if (decideSweep(finding, settings, c).kind !== 'repair') return [];
      const notice = failedRepairNotice(finding, c, settings);
      return notice ? [`${new Date(c.now).toISOString().slice(11, 16)} ${notice}`] : [];
    });

  it('known cause: reported as new by the sweep whose window holds the start, then in the next daily slot only', () => {
    const start = at('2026-11-26T09:13:00Z');
    expect(reported(stopped(start, stopBy(ADMIN, start)))).toEqual(['09:20 new', '00:00 daily-reminder']);
  });

  it('unknown cause, no exempt principals: reported as new by the sweep whose window holds the start', () => {
    expect(reported(stopped(at('2026-11-26T09:13:00Z')))).toEqual(['09:20 new', '00:00 daily-reminder']);
  });

  it('unknown cause, exempt principals: reported as new by the first sweep that tries the repair, EVENT_HISTORY_DELAY_MS after the start', () => {
    const start = at('2026-11-26T09:17:00Z');
    expect(reported(stopped(start), exemptAdmins)).toEqual(['09:30 new', '00:00 daily-reminder']);
  });

  it('unknown start: reported in the daily slot only', () => {
    expect(reported(stopped(null))).toEqual(['00:00 daily-reminder', '00:00 daily-reminder']);
  });
});

describe('sweepMessage: the one message about a trail after its repairs', () => {
  const repair: SweepDecision = { kind: 'repair', remedy: 'start-logging', waitedForHistory: 0 };
  const old = stopped(clock.now - 3 * 60 * MINUTE);

  it('always reports a repair that did not fail', () => {
    expect(sweepMessage([old], [repair], false, clock, remediate)).toBe('repaired');
  });

  it('stays quiet about a failed repair of an old problem outside the daily slot, and reminds in it', () => {
    expect(sweepMessage([old], [repair], true, clock, remediate)).toBeNull();
    expect(sweepMessage([old], [repair], true, midnight, remediate)).toBe('daily-reminder');
  });

  it('reports a failed repair as new when it was first due in this sweep', () => {
    expect(sweepMessage([stopped(clock.now - 5 * MINUTE)], [repair], true, clock, remediate)).toBe('new');
  });

  it('reports when something left alone beside the failed repair is new', () => {
    const selectors: SweepFinding = {
      problem: 'no-management-events',
      startedAt: clock.now - MINUTE,
      cause: null,
    };
    const left: SweepDecision = {
      kind: 'report',
      remedy: 'restore-management-events',
      notice: 'new',
      reason: 'x',
    };
    expect(sweepMessage([old, selectors], [repair, left], true, clock, remediate)).toBe('new');
  });
});

describe('causeFromHistory', () => {
  const record = (detail: object | string, eventName = 'StopLogging') => ({
    eventId: 'e-9',
    eventName,
    eventTime: at('2026-11-26T09:14:00Z'),
    cloudTrailEvent: typeof detail === 'string' ? detail : JSON.stringify(detail),
  });

  it('reads the actor and time of a successful call from a real CloudTrail record', () => {
    const detail = fixture('stop-logging.sso-role').detail;
    expect(causeFromHistory(record(detail), 'StopLogging')).toEqual({
      eventName: 'StopLogging',
      eventId: 'e-9',
      time: at('2026-11-26T09:14:00Z'),
      actor: expect.objectContaining({
        type: 'AssumedRole',
        arn: detail.userIdentity.arn,
        issuerArn: detail.userIdentity.sessionContext.sessionIssuer.arn,
      }),
    });
  });

  it('ignores failed attempts, other calls and unreadable records', () => {
    const failed = fixture('stop-logging.failed-access-denied').detail;
    expect(causeFromHistory(record(failed), 'StopLogging')).toBeNull();
    expect(causeFromHistory(record({}, 'StartLogging'), 'StopLogging')).toBeNull();
    expect(causeFromHistory(record('{not json'), 'StopLogging')).toBeNull();
    expect(causeFromHistory({ ...record({}), cloudTrailEvent: null }, 'StopLogging')).toBeNull();
  });

  it('falls back to the record’s own eventTime when the history omits it', () => {
    const detail = fixture('stop-logging.sso-role').detail;
    expect(causeFromHistory({ ...record(detail), eventTime: null }, 'StopLogging')?.time).toBe(
      Date.parse(detail.eventTime),
    );
  });
});
