// Carries out decisions with the adapters: remediate first, verify, then notify once.

import type { TrailControl } from './adapters/cloudtrail';
import type { Logger } from './adapters/logger';
import type { Metrics } from './adapters/metrics';
import type { NotificationTopic } from './adapters/sns';
import { type Assessment, decide, type Remedy, type Target } from './domain/decide';
import { IncidentFailedError, RemediationError } from './domain/errors';
import type { ApiCallEvent, ScheduledEvent } from './domain/event';
import { type Incident, incidentEventOf, type Response, renderNotification } from './domain/notification';
import { arnAccount, type TrailRef, trailRef } from './domain/resources';
import { recordsManagementEvents, restoreManagementEvents } from './domain/selectors';
import type { Settings } from './domain/settings';
import {
  causeFromHistory,
  decideSweep,
  failedRepairNotice,
  type Notice,
  PROBLEM_CAUSES,
  type ProblemCause,
  type SweepClock,
  type SweepDecision,
  type SweepFinding,
  type SweepProblem,
  sweepMessage,
} from './domain/sweep';

/** What the responder works with; built once per cold start by the handler. */
export interface ResponderDeps {
  readonly settings: Settings;
  /** CloudTrail in a region (cached per region by the caller). */
  readonly trails: (region: string) => TrailControl;
  readonly topic: NotificationTopic;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
}

/** What an invocation did, for logs and tests. */
export interface InvocationSummary {
  readonly notifications: number;
  readonly remediations: number;
  /** Sweep: trails that could not be checked or repaired (which alone do not fail the sweep). */
  readonly failures: number;
}

/** How many trails the sweep checks at once. */
export const SWEEP_CONCURRENCY = 5;

const reasonOf = (error: unknown): string =>
  error instanceof RemediationError ? error.message : error instanceof Error ? error.message : String(error);

/** How a remedy was verified, and whether it changed anything. */
interface Applied {
  readonly verification: string;
  readonly changed: boolean;
}

async function restartLogging(control: TrailControl, trail: TrailRef): Promise<Applied> {
  await control.startLogging(trail);
  if (!(await control.isLogging(trail))) {
    throw new RemediationError(`GetTrailStatus still reports ${trail.arn} as not logging`, 'NotVerified');
  }
  return { verification: 'GetTrailStatus reports the trail logging', changed: true };
}

async function restoreManagement(control: TrailControl, trail: TrailRef): Promise<Applied> {
  const current = await control.selectors(trail);
  // Nothing to put back (already restored, or the change never removed them): change nothing.
  if (recordsManagementEvents(current))
    return {
      verification: 'GetEventSelectors shows management events recorded; nothing changed',
      changed: false,
    };
  await control.putSelectors(trail, restoreManagementEvents(current));
  if (!recordsManagementEvents(await control.selectors(trail))) {
    throw new RemediationError(
      `GetEventSelectors still shows ${trail.arn} without management events`,
      'NotVerified',
    );
  }
  return {
    verification: 'GetEventSelectors shows management events recorded, data selectors kept',
    changed: true,
  };
}

/** Applies one remedy and verifies it; says how it was verified and whether it changed anything. */
async function apply(deps: ResponderDeps, remedy: Remedy, target: Target): Promise<Applied> {
  if (target.kind === 'trail') {
    const control = deps.trails(target.trail.region);
    if (remedy === 'start-logging') return restartLogging(control, target.trail);
    if (remedy === 'restore-management-events') return restoreManagement(control, target.trail);
  }
  if (target.kind === 'event-data-store' && remedy === 'start-event-data-store-ingestion') {
    const control = deps.trails(target.store.region);
    await control.startIngestion(target.store);
    if (!(await control.isIngesting(target.store))) {
      throw new RemediationError(
        `GetEventDataStore does not report ${target.store.id} as ENABLED`,
        'NotVerified',
      );
    }
    return { verification: 'GetEventDataStore reports the store ENABLED', changed: true };
  }
  throw new RemediationError(`no way to ${remedy} on a ${target.kind}`, 'Unsupported');
}

async function remediate(
  deps: ResponderDeps,
  remedies: readonly Remedy[],
  target: Target,
  since: number,
  keys: object,
): Promise<Response> {
  const action = remedies.join('+');
  try {
    const applied: Applied[] = [];
    for (const remedy of remedies) applied.push(await apply(deps, remedy, target));
    const reason = applied.map((a) => a.verification).join('; ');
    // Succeeded only when something was restored: otherwise say that nothing was changed.
    if (!applied.some((a) => a.changed)) {
      deps.logger.info('nothing to remediate', { ...keys, action, outcome: 'not-applicable' });
      return { action, outcome: 'not-applicable', verified: true, reason };
    }
    deps.metrics.add('Remediations');
    if (Number.isFinite(since)) deps.metrics.add('RemediationLatency', Math.max(0, deps.clock() - since));
    deps.logger.info('remediated', { ...keys, action, outcome: 'succeeded' });
    return { action, outcome: 'succeeded', verified: true, reason };
  } catch (error) {
    deps.metrics.add('RemediationFailures');
    deps.logger.error('remediation failed', { ...keys, action, error });
    return { action, outcome: 'failed', verified: false, reason: reasonOf(error) };
  }
}

async function notify(deps: ResponderDeps, incident: Incident, keys: object): Promise<Error | null> {
  try {
    const messageId = await deps.topic.publish(renderNotification(incident));
    deps.logger.info('notified', { ...keys, messageId, severity: incident.assessment.severity });
    return null;
  } catch (error) {
    deps.metrics.add('NotificationFailures');
    deps.logger.error('notification failed', { ...keys, error });
    return error as Error;
  }
}

const trailKey = (target: Target): string | null =>
  target.kind === 'trail'
    ? target.trail.arn
    : target.kind === 'event-data-store'
      ? target.store.id
      : target.name;

/** Handles one CloudTrail API call event. Throws when the incident was not fully handled. */
export async function respondToApiCall(deps: ResponderDeps, event: ApiCallEvent): Promise<InvocationSummary> {
  const decision = decide(event, deps.settings);
  const keys = {
    eventId: event.eventId,
    eventName: event.name,
    account: event.account,
    region: event.region,
  };
  if (decision.kind === 'silent') {
    deps.logger.info('decision', { ...keys, decision: 'silent', reason: decision.reason });
    return { notifications: 0, remediations: 0, failures: 0 };
  }
  const target = decision.assessment.target;
  const trailKeys = { ...keys, trail: trailKey(target) };
  deps.logger.info('decision', {
    ...trailKeys,
    decision: decision.kind,
    action: decision.kind === 'remediate' ? decision.remedy : decision.action,
    severity: decision.assessment.severity,
  });
  deps.metrics.add('TamperEvents');
  const response: Response =
    decision.kind === 'remediate'
      ? await remediate(deps, [decision.remedy], target, Date.parse(event.time), trailKeys)
      : { action: decision.action, outcome: decision.outcome, verified: false, reason: decision.reason };
  const incident: Incident = {
    event: incidentEventOf(event),
    actor: event.actor,
    assessment:
      response.outcome === 'failed' ? { ...decision.assessment, severity: 'critical' } : decision.assessment,
    response,
  };
  const publishError = await notify(deps, incident, trailKeys);
  const failed = response.outcome === 'failed';
  if (failed || publishError) {
    throw new IncidentFailedError(
      [failed ? `remediation failed: ${response.reason}` : '', publishError ? publishError.message : '']
        .filter(Boolean)
        .join('; '),
      { cause: publishError ?? undefined },
    );
  }
  return { notifications: 1, remediations: response.outcome === 'succeeded' ? 1 : 0, failures: 0 };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A finding, with what the sweep knows of it for the message. */
interface Finding extends SweepFinding {
  /** Null when event history had no such call; a string when it could not be read. */
  readonly lookupError: string | null;
}

const PROBLEM_WORDS: Readonly<Record<SweepProblem, string>> = {
  'not-logging': 'not logging',
  'no-management-events': 'not recording management events',
};

const iso = (ms: number | null): string => (ms === null ? 'an unknown time' : new Date(ms).toISOString());

/** Looks up the newest successful call that explains the problem; never throws. */
async function findCause(
  deps: ResponderDeps,
  control: TrailControl,
  trail: TrailRef,
  problem: SweepProblem,
  keys: object,
): Promise<{ cause: ProblemCause | null; lookupError: string | null }> {
  try {
    const eventName = PROBLEM_CAUSES[problem];
    return {
      cause: await control.findInHistory(trail, (r) => causeFromHistory(r, eventName)),
      lookupError: null,
    };
  } catch (error) {
    // Without a cause the sweep acts as it did before it looked: a missing permission must not
    // stop repairs.
    deps.logger.warn('cause lookup failed', { ...keys, problem, error });
    return { cause: null, lookupError: reasonOf(error) };
  }
}

function findingDetails(finding: Finding, notice: Notice | null, clock: SweepClock): string[] {
  const { cause } = finding;
  const lines = [
    `${PROBLEM_WORDS[finding.problem]} since ${iso(finding.startedAt)}`.replace(/^./, (c) => c.toUpperCase()),
    cause
      ? `Cause: ${cause.eventName} by ${cause.actor.arn ?? cause.actor.invokedBy ?? 'unknown'} at ${iso(cause.time)} (event ${cause.eventId})`
      : finding.lookupError
        ? `Cause: CloudTrail event history could not be read (${finding.lookupError})`
        : `Cause: no ${PROBLEM_CAUSES[finding.problem]} call on this trail in CloudTrail event history`,
  ];
  if (notice !== null) {
    lines.push(
      notice === 'new'
        ? `Notice: new problem, started within the last ${clock.intervalMinutes}-minute sweep interval; reminders follow once a day while it lasts`
        : 'Notice: daily reminder; the problem persists and was reported before',
    );
  }
  return lines;
}

/** Checks one trail; returns its findings (empty when all is well). */
async function inspect(
  deps: ResponderDeps,
  control: TrailControl,
  trail: TrailRef,
  keys: object,
): Promise<Finding[]> {
  const status = await control.status(trail);
  const management = recordsManagementEvents(await control.selectors(trail));
  const findings: Finding[] = [];
  if (!status.logging) {
    const { cause, lookupError } = await findCause(deps, control, trail, 'not-logging', keys);
    findings.push({
      problem: 'not-logging',
      startedAt: status.stoppedAt ?? cause?.time ?? null,
      cause,
      lookupError,
    });
  }
  if (!management) {
    const { cause, lookupError } = await findCause(deps, control, trail, 'no-management-events', keys);
    findings.push({ problem: 'no-management-events', startedAt: cause?.time ?? null, cause, lookupError });
  }
  return findings;
}

/**
 * What the sweep did about one trail: nothing to do; something it could not handle and did not
 * report this time; or a message sent (or not) about a repair or a problem left alone.
 */
type TrailOutcome =
  | 'fine'
  | 'unhandled'
  | { readonly repaired: boolean; readonly failed: boolean; readonly publishError: string | null };

/** Checks one trail, repairs or leaves what it finds as decided, and reports it when due. */
async function sweepTrail(
  deps: ResponderDeps,
  control: TrailControl,
  trail: TrailRef,
  event: ScheduledEvent,
  clock: SweepClock,
): Promise<TrailOutcome> {
  const keys = {
    eventId: event.id,
    eventName: 'Sweep',
    account: event.account,
    region: event.region,
    trail: trail.arn,
  };
  let findings: Finding[];
  try {
    findings = await inspect(deps, control, trail, keys);
  } catch (error) {
    deps.logger.error('sweep check failed', { ...keys, error });
    // A trail the sweep cannot read is a blind spot: counted, so an alarm can see it.
    deps.metrics.add('SweepCheckFailures');
    return 'unhandled';
  }
  if (findings.length === 0) return 'fine';
  const decisions = findings.map((f) => decideSweep(f, deps.settings, clock));
  const repairs = decisions.flatMap((d) => (d.kind === 'repair' ? [d.remedy] : []));
  const reports = decisions.flatMap((d) => (d.kind === 'report' ? [d] : []));
  for (const [i, d] of decisions.entries()) {
    deps.logger.info('decision', {
      ...keys,
      problem: findings[i]?.problem,
      decision: d.kind,
      action: d.remedy,
      ...(d.kind === 'repair' ? {} : { reason: d.reason }),
      ...(d.kind === 'report' ? { notice: d.notice } : {}),
    });
  }
  if (repairs.length === 0 && reports.length === 0) return 'fine';
  deps.metrics.add('TamperEvents');
  const target: Target = { kind: 'trail', trail };
  const left = reports.map((r) => `${r.remedy} left undone: ${r.reason}`);
  let response: Response;
  if (repairs.length > 0) {
    const repaired = await remediate(deps, repairs, target, Number.NaN, keys);
    response = left.length > 0 ? { ...repaired, reason: [repaired.reason, ...left].join('; ') } : repaired;
  } else {
    response = {
      action: reports.map((r) => r.remedy).join('+'),
      outcome: 'skipped',
      verified: false,
      reason: [...new Set(reports.map((r) => r.reason))].join('; '),
    };
  }
  const failed = response.outcome === 'failed';
  // A failed repair is logged and counted (RemediationFailures) on every sweep, but reported
  // once when first due and then daily, like a problem left alone; it does not fail the sweep.
  const message = sweepMessage(findings, decisions, failed, clock);
  if (message === null) {
    deps.logger.info('not reported', {
      ...keys,
      outcome: response.outcome,
      reason: 'already reported; next reminder in the first sweep after 00:00 UTC',
    });
    return failed ? 'unhandled' : 'fine';
  }
  const problems = findings.map((f) => PROBLEM_WORDS[f.problem]).join(' and ');
  const assessment: Assessment = {
    severity: failed ? 'critical' : 'high',
    summary: `Trail ${trail.name} found ${problems} by the sweep${message === 'repaired' ? '' : message === 'new' ? ' (new)' : ' (daily reminder)'}`,
    target,
    details: findings.flatMap((f, i) => {
      const decision = decisions[i] as SweepDecision;
      const notice =
        decision.kind === 'report'
          ? decision.notice
          : decision.kind === 'repair' && failed
            ? failedRepairNotice(f, clock)
            : null;
      return findingDetails(f, notice, clock);
    }),
  };
  const publishError = await notify(
    deps,
    {
      event: {
        id: event.id,
        name: 'Sweep',
        time: event.time,
        account: event.account,
        region: event.region,
        sourceIp: null,
        userAgent: null,
        errorCode: null,
      },
      // The one who caused it, when event history says (the first problem's cause first).
      actor: findings.find((f) => f.cause)?.cause?.actor ?? null,
      assessment,
      response,
    },
    keys,
  );
  return { repaired: response.outcome === 'succeeded', failed, publishError: publishError?.message ?? null };
}

/**
 * The scheduled sweep: every trail this account owns whose home is this region must be logging
 * and recording management events. What can be repaired is repaired, verified and reported; what
 * is left alone (notify-only, an exempt principal's change) is reported when new and then once a
 * day, judged against the event's scheduled time.
 */
export async function sweep(deps: ResponderDeps, event: ScheduledEvent): Promise<InvocationSummary> {
  const control = deps.trails(event.region);
  const scheduled = Date.parse(event.time);
  const clock: SweepClock = {
    now: Number.isFinite(scheduled) ? scheduled : deps.clock(),
    intervalMinutes: deps.settings.sweepIntervalMinutes,
  };
  const owned: TrailRef[] = [];
  for await (const listed of control.trails()) {
    if (listed.homeRegion === event.region && arnAccount(listed.arn) === event.account) {
      owned.push(trailRef(listed.arn, event.region, event.account));
    }
  }
  let notifications = 0;
  let remediations = 0;
  // Trails that could not be checked or repaired: logged (and counted as RemediationFailures when
  // a repair failed), reported by the once-then-daily rule. They do not fail the sweep: a retry
  // re-runs the whole sweep with the same scheduled time and would send its new notices again.
  let unhandled = 0;
  // Messages that could not be published: only these fail the sweep (retries, then the DLQ).
  const unpublished: string[] = [];
  await forEachBounded(owned, SWEEP_CONCURRENCY, async (trail) => {
    const outcome = await sweepTrail(deps, control, trail, event, clock);
    if (outcome === 'fine') return;
    if (outcome === 'unhandled') {
      unhandled++;
      return;
    }
    if (outcome.repaired) remediations++;
    if (outcome.failed) unhandled++;
    if (outcome.publishError === null) notifications++;
    else unpublished.push(outcome.publishError);
  });
  deps.logger.info('sweep done', {
    eventId: event.id,
    account: event.account,
    region: event.region,
    trails: owned.length,
    remediations,
    notifications,
    failures: unhandled,
    unpublished: unpublished.length,
  });
  if (unpublished.length > 0)
    throw new IncidentFailedError(
      `sweep: ${unpublished.length} notification(s) not published: ${unpublished.join('; ')}`,
    );
  return { notifications, remediations, failures: unhandled };
}
