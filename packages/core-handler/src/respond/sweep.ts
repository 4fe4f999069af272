// Carries out the scheduled sweep: checks this region's own trails, looks up what caused a problem,
// repairs or leaves it as domain/sweep.ts decides, and publishes what domain/sweep-report.ts tells.
import type { TrailControl } from '../adapters/cloudtrail';
import type { Logger } from '../adapters/logger';
import { IncidentFailedError } from '../domain/errors';
import type { ScheduledEvent } from '../domain/event';
import { SWEEP_EVENT_NAME } from '../domain/incident';
import { renderNotification } from '../domain/notification';
import { arnAccount, type TrailRef, trailRef } from '../domain/resources';
import { recordsManagementEvents } from '../domain/selectors';
import {
  causeFromHistory,
  decideSweep,
  PROBLEM_CAUSES,
  type ProblemCause,
  type SweepClock,
  type SweepDecision,
  type SweepProblem,
  sweepMessage,
} from '../domain/sweep';
import { type ExplainedFinding, repairsOf, sweepIncident, sweepResponse } from '../domain/sweep-report';
import { checkedResponse } from '../domain/verification';
import { respondToDelivery, type TrailOutcome } from './delivery';
import { publishDigest } from './digest';
import { remediate } from './remedies';
import { type InvocationSummary, type ResponderDeps, reasonOf, withState } from './responder';
import { type KeptNotices, type Sent, sendOnce } from './sweep-notices';

/** How many trails the sweep checks at once. */
export const SWEEP_CONCURRENCY = 5;

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

/** Checks one trail; returns its findings (empty when all is well). */
async function inspect(
  deps: ResponderDeps,
  control: TrailControl,
  trail: TrailRef,
  status: { logging: boolean; stoppedAt: number | null },
  keys: object,
): Promise<ExplainedFinding[]> {
  const management = recordsManagementEvents(await control.selectors(trail));
  const findings: ExplainedFinding[] = [];
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
  // Asked only when this account's history has no cause: the CloudTrail delegated administrator's
  // change of an organization trail is recorded in its own account.
  // A failed GetTrail is logged and taken as "not an organization trail": the repair waits as before.
  const organizationTrail =
    findings.some((f) => f.cause === null) &&
    (await control.isOrganizationTrail(trail).catch((error: unknown) => {
      deps.logger.warn('organization trail check failed', { ...keys, error });
      return false;
    }));
  return organizationTrail ? findings.map((f) => ({ ...f, organizationTrail })) : findings;
}

function logDecisions(
  logger: Logger,
  keys: object,
  findings: readonly ExplainedFinding[],
  decisions: readonly SweepDecision[],
): void {
  for (const [i, d] of decisions.entries()) {
    logger.info('decision', {
      ...keys,
      problem: findings[i]?.problem,
      decision: d.kind,
      action: d.remedy,
      ...(d.kind === 'repair' ? {} : { reason: d.reason }),
      ...(d.kind === 'report' ? { notice: d.notice } : {}),
    });
  }
}

/** Checks one trail, repairs or leaves what it finds as decided, and reports it when due. */
async function sweepTrail(
  deps: ResponderDeps,
  control: TrailControl,
  trail: TrailRef,
  event: ScheduledEvent,
  clock: SweepClock,
  kept: KeptNotices,
): Promise<TrailOutcome[]> {
  const keys = {
    eventId: event.id,
    eventName: SWEEP_EVENT_NAME,
    account: event.account,
    region: event.region,
    trail: trail.arn,
  };
  let status: Awaited<ReturnType<TrailControl['status']>>;
  let findings: ExplainedFinding[];
  try {
    status = await control.status(trail);
    findings = await inspect(deps, control, trail, status, keys);
  } catch (error) {
    deps.logger.error('sweep check failed', { ...keys, error });
    // A trail the sweep cannot read is a blind spot: counted, so an alarm can see it.
    deps.metrics.add('SweepCheckFailures');
    return ['unhandled'];
  }
  return [
    await respondToFindings(deps, trail, findings, event, clock, keys, kept),
    await respondToDelivery(deps, trail, status, event, clock, keys, kept),
  ];
}

/** Repairs or leaves a trail's findings as decided, and reports them when due. */
async function respondToFindings(
  deps: ResponderDeps,
  trail: TrailRef,
  findings: ExplainedFinding[],
  event: ScheduledEvent,
  clock: SweepClock,
  keys: object,
  kept: KeptNotices,
): Promise<TrailOutcome> {
  // Reported by an earlier attempt of this sweep: a retry neither looks again nor repairs again.
  const incidentKey = `findings#${trail.arn}`;
  if (kept.has(incidentKey)) {
    deps.logger.info('reported before', keys);
    return 'fine';
  }
  const decisions = findings.map((f) => decideSweep(f, deps.settings, clock));
  logDecisions(deps.logger, keys, findings, decisions);
  if (decisions.every((d) => d.kind === 'quiet')) return 'fine';
  deps.metrics.add('TamperEvents');
  const repairs = repairsOf(decisions);
  const repaired =
    repairs.length > 0 ? await remediate(deps, repairs, { kind: 'trail', trail }, Number.NaN, keys) : null;
  // A canary that verify deleted before the repair was checked is no failed repair: no reminders.
  const response = checkedResponse({ kind: 'trail', trail }, sweepResponse(decisions, repaired));
  const failed = response.outcome === 'failed';
  // A failed repair is logged and counted (RemediationFailures) on every sweep, but reported
  // once when first due and then daily, like a problem left alone; it does not fail the sweep.
  const message = sweepMessage(findings, decisions, failed, clock, deps.settings);
  if (message === null) {
    deps.logger.info('not reported', {
      ...keys,
      outcome: response.outcome,
      reason: 'already reported; next reminder in the first sweep after 00:00 UTC',
    });
    return failed ? 'unhandled' : 'fine';
  }
  const incident = sweepIncident(event, trail, findings, decisions, response, message, clock, deps.settings);
  const sent = await sendOnce(deps, event, incidentKey, renderNotification(incident), keys);
  return { repaired: response.outcome === 'succeeded', failed, sent };
}

/** The trails this account owns whose home is the event's region: the ones this sweep checks. */
async function ownTrails(control: TrailControl, event: ScheduledEvent): Promise<TrailRef[]> {
  const owned: TrailRef[] = [];
  for await (const listed of control.trails()) {
    if (listed.homeRegion === event.region && arnAccount(listed.arn) === event.account) {
      owned.push(trailRef(listed.arn, event.region, event.account));
    }
  }
  return owned;
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
  const owned = await ownTrails(control, event);
  const keys = {
    eventId: event.id,
    eventName: SWEEP_EVENT_NAME,
    account: event.account,
    region: event.region,
  };
  // What earlier attempts of this sweep kept (nothing without the table, or when it fails).
  const kept: KeptNotices =
    (await withState(deps, 'kept', keys, (state) => state.keptNotices(event.id))) ?? new Map();
  let notifications = 0;
  let remediations = 0;
  // Trails that could not be checked or repaired: logged (and counted as RemediationFailures when
  // a repair failed), reported by the once-then-daily rule. They do not fail the sweep: the next
  // sweep tries again, where a retry minutes later would fail the same way.
  let unhandled = 0;
  // Messages that could not be published: only these fail the sweep (retries, then the DLQ); a
  // retry sends them as kept (sweep-notices.ts) and nothing already sent.
  const unpublished: string[] = [];
  const count = (sent: Sent) => {
    if (sent === 'sent') notifications++;
    else if (sent instanceof Error) unpublished.push(sent.message);
  };
  // What earlier attempts of this sweep kept but could not publish goes first.
  for (const [incident, notice] of kept) {
    if (!notice.published)
      count(await sendOnce(deps, event, incident, notice.notification, { ...keys, incident }, true));
  }
  await forEachBounded(owned, SWEEP_CONCURRENCY, async (trail) => {
    for (const outcome of await sweepTrail(deps, control, trail, event, clock, kept)) {
      if (outcome === 'fine') continue;
      if (outcome === 'unhandled') {
        unhandled++;
        continue;
      }
      if (outcome.repaired) remediations++;
      if (outcome.failed) unhandled++;
      count(outcome.sent);
    }
  });
  const digest = await publishDigest(deps, event);
  if (digest instanceof Error) unpublished.push(digest.message);
  else notifications += digest;
  deps.logger.info('sweep done', {
    ...keys,
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
