// What the sweep says about one trail: the response to its findings and the incident it reports.
// The sweep's decisions (domain/sweep.ts) say what to do; this says how it is told.
import type { Assessment, Remedy } from './assessment';
import type { ScheduledEvent } from './event';
import { type Incident, incidentEventOf, type Response } from './incident';
import type { TrailRef } from './resources';
import type { Settings } from './settings';
import {
  failedRepairNotice,
  type Notice,
  noticeSuffix,
  PROBLEM_CAUSES,
  type SweepClock,
  type SweepDecision,
  type SweepFinding,
  type SweepProblem,
} from './sweep';
import { quoteUntrusted, untrustedName } from './untrusted';
import { asVerification } from './verification';

/** A finding, with the outcome of the search for its cause. */
export interface ExplainedFinding extends SweepFinding {
  /** Null when event history was read (whether or not it held the cause); else why it could not be. */
  readonly lookupError: string | null;
}

const PROBLEM_WORDS: Readonly<Record<SweepProblem, string>> = {
  'not-logging': 'not logging',
  'no-management-events': 'not recording management events',
};

const iso = (ms: number | null): string => (ms === null ? 'an unknown time' : new Date(ms).toISOString());

/** The remedies the sweep applies now, in the order of the findings. */
export function repairsOf(decisions: readonly SweepDecision[]): Remedy[] {
  return decisions.flatMap((d) => (d.kind === 'repair' ? [d.remedy] : []));
}

/**
 * What the sweep did about a trail: the outcome of its repairs (`repaired`, null when none ran)
 * with what it left undone and why; without repairs, what it left as it is.
 */
export function sweepResponse(decisions: readonly SweepDecision[], repaired: Response | null): Response {
  const reports = decisions.flatMap((d) => (d.kind === 'report' ? [d] : []));
  if (repaired !== null) {
    const left = reports.map((r) => `${r.remedy} left undone: ${r.reason}`);
    return left.length > 0 ? { ...repaired, reason: [repaired.reason, ...left].join('; ') } : repaired;
  }
  return {
    actions: reports.map((r) => r.remedy),
    outcome: 'skipped',
    verified: false,
    reason: [...new Set(reports.map((r) => r.reason))].join('; '),
  };
}

function causeLine(finding: ExplainedFinding): string {
  const { cause } = finding;
  if (cause)
    return `Cause: ${cause.eventName} by ${untrustedName(cause.actor.arn ?? cause.actor.invokedBy ?? 'unknown')} at ${iso(cause.time)} (event ${untrustedName(cause.eventId)})`;
  if (finding.lookupError)
    return `Cause: CloudTrail event history could not be read (${quoteUntrusted(finding.lookupError)})`;
  const none = `Cause: no ${PROBLEM_CAUSES[finding.problem]} call on this trail in this account’s CloudTrail event history`;
  return finding.organizationTrail
    ? `${none}; the cause is recorded in another account, the CloudTrail delegated administrator’s (an organization trail)`
    : none;
}

/** Why a repair came when it did: after a wait for event history, or at once for a reason worth saying. */
function repairTiming(finding: ExplainedFinding, decision: SweepDecision): string | null {
  if (decision.kind !== 'repair' || finding.cause !== null) return null;
  if (decision.waitedForHistory > 0) {
    // The repair comes with the first sweep after the wait: up to one sweep interval later.
    return `Repair: waited at least ${decision.waitedForHistory / 60_000} min for event history to show the cause (EXEMPT_PRINCIPALS is set); none was found`;
  }
  return finding.organizationTrail ? 'Repair: at once; this account’s history cannot show the cause' : null;
}

function findingDetails(
  finding: ExplainedFinding,
  decision: SweepDecision,
  notice: Notice | null,
  clock: SweepClock,
): string[] {
  const lines = [
    `${PROBLEM_WORDS[finding.problem]} since ${iso(finding.startedAt)}`.replace(/^./, (c) => c.toUpperCase()),
    causeLine(finding),
  ];
  const timing = repairTiming(finding, decision);
  if (timing) lines.push(timing);
  if (notice !== null) {
    lines.push(
      notice === 'new'
        ? `Notice: new problem, started within the last ${clock.intervalMinutes}-minute sweep interval; reminders follow once a day while it lasts`
        : 'Notice: daily reminder; the problem persists and was reported before',
    );
  }
  return lines;
}

/** What the sweep found about a trail: summary, severity (critical when a repair failed) and details. */
export function sweepAssessment(
  trail: TrailRef,
  findings: readonly ExplainedFinding[],
  decisions: readonly SweepDecision[],
  repairFailed: boolean,
  message: 'repaired' | Notice,
  clock: SweepClock,
  settings: Pick<Settings, 'exemptPrincipals'>,
): Assessment {
  const problems = findings.map((f) => PROBLEM_WORDS[f.problem]).join(' and ');
  const when = noticeSuffix(message === 'repaired' ? null : message);
  return {
    severity: repairFailed ? 'critical' : 'high',
    summary: `Trail ${untrustedName(trail.name)} found ${problems} by the sweep${when}`,
    target: { kind: 'trail', trail },
    details: findings.flatMap((f, i) => {
      const decision = decisions[i] as SweepDecision;
      const notice =
        decision.kind === 'report'
          ? decision.notice
          : decision.kind === 'repair' && repairFailed
            ? failedRepairNotice(f, clock, settings)
            : null;
      return findingDetails(f, decision, notice, clock);
    }),
  };
}

/** The incident the sweep reports about a trail: its findings and what it did about them. */
export function sweepIncident(
  event: ScheduledEvent,
  trail: TrailRef,
  findings: readonly ExplainedFinding[],
  decisions: readonly SweepDecision[],
  response: Response,
  message: 'repaired' | Notice,
  clock: SweepClock,
  settings: Pick<Settings, 'exemptPrincipals'>,
): Incident {
  const failed = response.outcome === 'failed';
  return {
    event: incidentEventOf(event),
    // The one who caused it, when event history says (the first problem's cause first).
    actor: findings.find((f) => f.cause)?.cause?.actor ?? null,
    ...asVerification(
      sweepAssessment(trail, findings, decisions, failed, message, clock, settings),
      response,
    ),
  };
}
