// What the scheduled sweep does about a problem it finds. The Lambda keeps no state, so "report
// once when new, then a daily reminder" is decided from time alone: the sweep's scheduled time,
// the schedule's interval and when the problem started.
import type { Remedy } from './assessment';
import { type Actor, isObject, parseActor, str } from './event';
import { isExemptActor } from './resources';
import type { Settings } from './settings';
import { untrustedName } from './untrusted';

/** What the sweep can find wrong with a trail. */
export type SweepProblem = 'not-logging' | 'no-management-events';

/** The API call whose newest successful occurrence on the trail explains each problem. */
export const PROBLEM_CAUSES: Readonly<Record<SweepProblem, string>> = {
  'not-logging': 'StopLogging',
  'no-management-events': 'PutEventSelectors',
};

/** The remedy of each problem. */
export const PROBLEM_REMEDIES: Readonly<Record<SweepProblem, Remedy>> = {
  'not-logging': 'start-logging',
  'no-management-events': 'restore-management-events',
};

/** The call that caused a problem, from CloudTrail event history. */
export interface ProblemCause {
  readonly eventName: string;
  readonly eventId: string;
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly actor: Actor;
}

/** One problem of one trail, with what is known about how it came about. */
export interface SweepFinding {
  readonly problem: SweepProblem;
  /** When the problem started (milliseconds since the epoch), or null when nothing says. */
  readonly startedAt: number | null;
  /** The call that caused it, or null when event history has none (or could not be read). */
  readonly cause: ProblemCause | null;
  /**
   * Whether the trail is an organization trail: the CloudTrail delegated administrator can stop or
   * change it from its own account, where its call is recorded, so this account's event history
   * never shows that cause. @default false
   */
  readonly organizationTrail?: boolean;
}

/** Why a notification about an unrepaired problem (or a repair that failed) is sent now. */
export type Notice = 'new' | 'daily-reminder';

/** How a summary says why the sweep reports now: nothing for a repair, else `(new)` or `(daily reminder)`. */
export const noticeSuffix = (notice: Notice | null): string =>
  notice === null ? '' : notice === 'new' ? ' (new)' : ' (daily reminder)';

/** A sweep's summary without its notice: the same in every report of one problem (one finding for all). */
export const withoutNotice = (summary: string): string => summary.replace(/ \((new|daily reminder)\)$/, '');

/** What the sweep does about one finding. */
export type SweepDecision =
  | {
      readonly kind: 'repair';
      readonly remedy: Remedy;
      /**
       * The least milliseconds the repair waited after the start for event history to show the
       * cause (0: none); the sweep that repairs may come up to one interval later.
       */
      readonly waitedForHistory: number;
    }
  | {
      readonly kind: 'report';
      readonly remedy: Remedy;
      readonly notice: Notice;
      /** Why it is left as it is. */
      readonly reason: string;
    }
  | { readonly kind: 'quiet'; readonly remedy: Remedy; readonly reason: string };

/** When a sweep runs: its scheduled time and the schedule's interval. */
export interface SweepClock {
  /** The sweep's scheduled time, milliseconds since the epoch. */
  readonly now: number;
  readonly intervalMinutes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long event history may take to show a call. AWS documents that CloudTrail "typically
 * delivers logs within an average of about 5 minutes of an API call. This time is not guaranteed"
 * (CloudTrail User Guide, "Getting and viewing your CloudTrail log files"; the older figure was 15
 * minutes), and documents no other figure for event history. The wait matters only when some
 * principals are exempt (their change is left alone, so the cause must be looked up before a
 * repair); without exempt principals the cause cannot change what is done, and the sweep repairs
 * at once.
 */
export const EVENT_HISTORY_DELAY_MS = 5 * 60_000;

/**
 * Whether this sweep reports an unrepaired problem. Sweeps run every interval, so the windows
 * (now − interval, now] of consecutive sweeps cover time without overlap: a problem is new in
 * exactly one of them. The daily reminder goes out from the one sweep whose scheduled time falls
 * in the first interval after 00:00 UTC. A problem that started after the scheduled time is left
 * to the next sweep, whose window holds its start.
 */
export function noticeOf(startedAt: number | null, clock: SweepClock): Notice | null {
  const interval = clock.intervalMinutes * 60_000;
  if (startedAt !== null && startedAt > clock.now) return null;
  if (startedAt !== null && startedAt > clock.now - interval) return 'new';
  const sinceMidnight = ((clock.now % DAY_MS) + DAY_MS) % DAY_MS;
  return sinceMidnight < interval ? 'daily-reminder' : null;
}

/**
 * How long after its start a problem of unknown cause waits for event history before the sweep
 * repairs it: EVENT_HISTORY_DELAY_MS when some principals are exempt, else nothing (the cause cannot
 * matter). An organization trail's unexplained problem does not wait either: the CloudTrail
 * delegated administrator's call is recorded in its own account, never in this one's history.
 */
export function historyWait(finding: SweepFinding, settings: Pick<Settings, 'exemptPrincipals'>): number {
  const unexplained = finding.cause === null && finding.organizationTrail !== true;
  return unexplained && settings.exemptPrincipals.length > 0 ? EVENT_HISTORY_DELAY_MS : 0;
}

/**
 * Decides what the sweep does about a finding. A change by an exempt principal is left alone, as
 * the event path leaves it; so is everything in notify-only mode. A problem of unknown cause is
 * repaired in remediate mode, once event history has had time to show its cause when that can
 * matter (historyWait). What is left alone is reported when new and then once a day.
 */
export function decideSweep(
  finding: SweepFinding,
  settings: Pick<Settings, 'mode' | 'exemptPrincipals'>,
  clock: SweepClock,
): SweepDecision {
  const remedy = PROBLEM_REMEDIES[finding.problem];
  const cause = finding.cause;
  const exempt = cause !== null && isExemptActor(cause.actor, settings.exemptPrincipals);
  if (!exempt && settings.mode === 'remediate') {
    const age = finding.startedAt === null ? null : clock.now - finding.startedAt;
    const wait = historyWait(finding, settings);
    if (age !== null && age < wait) {
      return {
        kind: 'quiet',
        remedy,
        reason: `started ${Math.max(0, Math.round(age / 60_000))} min ago and event history does not show its cause yet; a later sweep repairs it unless the cause is exempt`,
      };
    }
    // A problem whose start nobody knows has no start to wait from: it is repaired at once.
    return { kind: 'repair', remedy, waitedForHistory: age === null ? 0 : wait };
  }
  const reason = exempt
    ? `${cause.eventName} was called by ${untrustedName(cause.actor.arn ?? cause.actor.issuerArn ?? 'unknown')}, an exempt principal (EXEMPT_PRINCIPALS)`
    : 'REMEDIATION_MODE is notify-only';
  const notice = noticeOf(finding.startedAt, clock);
  if (notice === null) {
    return {
      kind: 'quiet',
      remedy,
      reason: `${reason}; already reported, next reminder in the first sweep after 00:00 UTC`,
    };
  }
  return { kind: 'report', remedy, notice, reason };
}

/**
 * Whether this sweep reports a repair of the finding that failed. A trail TrailGuard cannot repair
 * (an SCP's deny, a broken KMS key) fails on every sweep; it is reported by the same
 * once-then-daily rule as a problem left alone: as new in the sweep where the repair was first due,
 * then in the daily slot. A repair is due in the sweep whose window holds the problem's start when
 * the repair does not wait, and historyWait later when it does; when the start is unknown, only the
 * daily slot reports it.
 */
export function failedRepairNotice(
  finding: SweepFinding,
  clock: SweepClock,
  settings: Pick<Settings, 'exemptPrincipals'>,
): Notice | null {
  const dueAt = finding.startedAt === null ? null : finding.startedAt + historyWait(finding, settings);
  return noticeOf(dueAt, clock);
}

/**
 * What the sweep's one message about a trail is, once its repairs (if any) have run: `repaired`
 * for a repair that did not fail (always reported), else the notice of what is reported, or null
 * to stay quiet (a failed repair already reported, and nothing new left alone).
 */
export function sweepMessage(
  findings: readonly SweepFinding[],
  decisions: readonly SweepDecision[],
  repairFailed: boolean,
  clock: SweepClock,
  settings: Pick<Settings, 'exemptPrincipals'>,
): 'repaired' | Notice | null {
  const repaired = decisions.some((d) => d.kind === 'repair');
  if (repaired && !repairFailed) return 'repaired';
  const notices = decisions.map((d, i) =>
    d.kind === 'report'
      ? d.notice
      : d.kind === 'repair'
        ? failedRepairNotice(findings[i] as SweepFinding, clock, settings)
        : null,
  );
  return notices.includes('new') ? 'new' : notices.includes('daily-reminder') ? 'daily-reminder' : null;
}

/** A LookupEvents result, as the adapter hands it over. */
export interface HistoryRecord {
  readonly eventId: string | null;
  readonly eventName: string | null;
  readonly eventTime: number | null;
  /** The CloudTrail record as a JSON string (LookupEvents' `CloudTrailEvent`). */
  readonly cloudTrailEvent: string | null;
}

/**
 * The cause in an event-history record, or null when the record is not a successful call of
 * that name (a failed attempt changed nothing) or cannot be read.
 */
export function causeFromHistory(record: HistoryRecord, eventName: string): ProblemCause | null {
  if (record.eventName !== eventName || !record.cloudTrailEvent) return null;
  let detail: unknown;
  try {
    detail = JSON.parse(record.cloudTrailEvent);
  } catch {
    return null;
  }
  if (!isObject(detail) || str(detail.errorCode)) return null;
  const time = record.eventTime ?? Date.parse(str(detail.eventTime) ?? '');
  if (!Number.isFinite(time)) return null;
  return {
    eventName,
    eventId: record.eventId ?? str(detail.eventID) ?? 'unknown',
    time,
    actor: parseActor(detail.userIdentity),
  };
}
