// Which notices may be held back when they come in a flood, and how they are grouped. Noise (low and
// info changes, failed attempts that changed nothing) must not bury a real incident: per account,
// region and sweep interval the first NOTICE_BURST go out at once, the rest are counted into groups
// that the next sweep reports in one digest. A change of severity medium or above that succeeded,
// and every failed repair, always goes out at once.
import { SEVERITIES } from '@trailguard/config/defaults';
import type { Severity } from './assessment';
import type { Incident } from './incident';

/** How many notices that may be held back go out at once per account, region and sweep interval. */
export const NOTICE_BURST = 5;

/** How long the state table keeps anything (its items' TTL): two days. */
export const STATE_TTL_MS = 2 * 24 * 60 * 60_000;

/** Whether a notice may be held back for the digest: a failed attempt, or a low or info change. */
export function mayHoldBack(incident: Incident): boolean {
  if (incident.response.outcome === 'failed') return false;
  const { severity } = incident.assessment;
  return incident.event.errorCode !== null || severity === 'low' || severity === 'info';
}

/** The sweep interval a moment falls in, as a key: notices are counted per interval. */
export function noticeWindow(now: number, intervalMinutes: number): string {
  return String(Math.floor(now / (intervalMinutes * 60_000)));
}

/** One held-back notice, as its digest group counts it. */
export interface HeldNotice {
  readonly eventName: string;
  /** The role behind a session, else the actor's own ARN: who, without the session name they chose. */
  readonly actor: string | null;
  readonly errorCode: string | null;
  readonly severity: Severity;
  /** When it was held back (ISO 8601). */
  readonly time: string;
  readonly eventId: string;
  readonly summary: string;
}

// DynamoDB sort keys are at most 1,024 bytes, and every part of a forged event is the caller's.
const part = (value: string | null): string => (value ?? '-').slice(0, 300);

/** The notice as its group counts it. */
export function heldNotice(incident: Incident, now: number): HeldNotice {
  const { event, actor, assessment } = incident;
  return {
    eventName: event.name,
    actor: actor?.issuerArn ?? actor?.arn ?? actor?.invokedBy ?? null,
    errorCode: event.errorCode,
    severity: assessment.severity,
    time: new Date(now).toISOString(),
    eventId: event.id,
    summary: assessment.summary,
  };
}

/** The key of a notice's digest group: the call, who made it, and how it failed. */
export const digestGroupKey = (notice: HeldNotice): string =>
  [notice.eventName, notice.actor, notice.errorCode].map(part).join('|');

/** A digest group: notices of one call by one actor with one outcome, counted. */
export interface DigestGroup {
  /** Its first notice (whose time is the group's first time and whose event is its example). */
  readonly first: HeldNotice;
  readonly count: number;
  /** Every severity among its notices. */
  readonly severities: readonly Severity[];
  readonly lastTime: string;
}

const RANK: readonly Severity[] = SEVERITIES;

/** The highest of some severities (`info` when there are none). */
export const highestSeverity = (severities: readonly Severity[]): Severity =>
  RANK[Math.max(0, ...severities.map((s) => RANK.indexOf(s)))] as Severity;
