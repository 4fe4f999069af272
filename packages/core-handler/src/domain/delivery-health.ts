// Delivery health: a trail can report IsLogging while its bucket, key or log group refuses every
// file. The sweep reads GetTrailStatus and reports a logging trail that is not delivering, by the
// same once-then-daily rule as other lasting problems. Nothing here is repaired.
import type { Assessment } from './assessment';
import type { ScheduledEvent } from './event';
import { type Incident, incidentEventOf } from './incident';
import type { TrailRef } from './resources';
import { type Notice, noticeOf, noticeSuffix, type SweepClock } from './sweep';
import { untrustedName } from './untrusted';
import { asVerification } from './verification';

/** Where CloudTrail delivers: the last success and AWS's latest error, as GetTrailStatus says. */
export interface Delivery {
  /** Milliseconds since the epoch, or null when never. */
  readonly last: number | null;
  readonly error: string | null;
}

/** What GetTrailStatus says of a trail's logging and delivery. */
export interface DeliveryStatus {
  readonly logging: boolean;
  /** StartLoggingTime, ms. */
  readonly startedAt: number | null;
  readonly logFiles: Delivery;
  readonly digestFiles: Delivery;
  readonly cloudWatchLogs: Delivery;
}

/** One way a logging trail fails to deliver. */
export interface DeliveryProblem {
  readonly channel: 'log files' | 'digest files' | 'CloudWatch Logs';
  /** The error as AWS wrote it; null when nothing was delivered for too long, without error. */
  readonly error: string | null;
  readonly last: number | null;
  /** When the sweep can first see it (the once-then-daily rule dates it so), or null when unknown. */
  readonly startedAt: number | null;
}

const MINUTE = 60_000;
/**
 * How long after the last success an error counts as current: CloudTrail keeps showing its latest
 * error after deliveries resume, and delivers every few minutes (the sweep's own calls are events
 * to deliver); digests come hourly.
 */
const GRACE = { 'log files': 30 * MINUTE, 'digest files': 120 * MINUTE, 'CloudWatch Logs': 30 * MINUTE };

/**
 * The delivery problems of a trail at `now` (the time GetTrailStatus was read): an error not
 * followed by a success within the grace, or, for log files, no delivery for `gapMinutes` while
 * logging. None for a trail that is not logging: the sweep reports that already.
 */
export function deliveryProblems(status: DeliveryStatus, now: number, gapMinutes: number): DeliveryProblem[] {
  if (!status.logging) return [];
  const problems: DeliveryProblem[] = [];
  const channels = [
    ['log files', status.logFiles],
    ['digest files', status.digestFiles],
    ['CloudWatch Logs', status.cloudWatchLogs],
  ] as const;
  for (const [channel, { last, error }] of channels) {
    const since = last ?? status.startedAt;
    if (error && (last === null || now - last > GRACE[channel])) {
      problems.push({ channel, error, last, startedAt: since === null ? null : since + GRACE[channel] });
    }
  }
  const since = Math.max(status.logFiles.last ?? 0, status.startedAt ?? 0);
  const gap = gapMinutes * MINUTE;
  if (!problems.some((p) => p.channel === 'log files') && since > 0 && now - since > gap) {
    problems.push({ channel: 'log files', error: null, last: status.logFiles.last, startedAt: since + gap });
  }
  return problems;
}

/** What a delivery error most likely means, from the words AWS used; the first match wins. */
const MEANINGS: ReadonlyArray<[RegExp, string]> = [
  [/^$/, 'nothing delivered while logging: check the bucket, its policy and the KMS key'],
  [/NoSuchBucket/, 'the bucket is gone'],
  [/KMS.*(Disabled|InvalidState|NotFound)/, 'the KMS key is disabled, pending deletion or gone'],
  [/KMS/, 'the KMS key policy refuses CloudTrail'],
  [/NotFound/, 'the log group is gone'],
  [/AccessDenied/, 'the bucket policy (or, for CloudWatch Logs, the role) refuses CloudTrail'],
  [/./, 'see the AWS error'],
];

/** What a delivery problem most likely means. */
export const meaningOf = (problem: DeliveryProblem): string =>
  (MEANINGS.find(([pattern]) => pattern.test(problem.error ?? '')) as [RegExp, string])[1];

const iso = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());

/**
 * The incident the sweep reports about a trail's delivery, or null when it stays quiet (already
 * reported; the reminder comes in the first sweep after 00:00 UTC).
 */
export function deliveryIncident(
  event: ScheduledEvent,
  trail: TrailRef,
  problems: readonly DeliveryProblem[],
  clock: SweepClock,
): Incident | null {
  const notices = problems.map((p) => noticeOf(p.startedAt, clock));
  const notice: Notice | null = notices.includes('new')
    ? 'new'
    : notices.includes('daily-reminder')
      ? 'daily-reminder'
      : null;
  if (notice === null) return null;
  const channels = [...new Set(problems.map((p) => p.channel))].join(', ');
  const errors = [...new Set(problems.flatMap((p) => (p.error ? [untrustedName(p.error)] : [])))].join(', ');
  const assessment: Assessment = {
    severity: problems.some((p) => p.channel === 'log files') ? 'critical' : 'high',
    summary: `Trail ${untrustedName(trail.name)} logs but delivers no ${channels}${errors ? ` (${errors})` : ''}${noticeSuffix(notice)}`,
    target: { kind: 'trail', trail },
    details: problems.map(
      (p) =>
        `${p.channel}: ${p.error ? untrustedName(p.error) : 'none'} (last delivered ${iso(p.last)}): ${meaningOf(p)}`,
    ),
  };
  return {
    event: incidentEventOf(event),
    actor: null,
    ...asVerification(assessment, {
      actions: [],
      outcome: 'not-applicable',
      verified: false,
      reason: 'delivery is not repaired: fix what the error names; reminders follow daily',
    }),
  };
}
