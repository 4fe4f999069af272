// Carries out the decision about one CloudTrail API call: remediate first, verify, then notify once.
// With the state table, an event is claimed first, so a redelivered or retried event sends exactly
// one notice, the one rendered the first time; and noise beyond a burst is held back for the digest.
import type { Target } from '../domain/assessment';
import { decide, needsTrailSetups } from '../domain/decide';
import { IncidentFailedError } from '../domain/errors';
import type { ApiCallEvent } from '../domain/event';
import { heldNotice, mayHoldBack, NOTICE_BURST, noticeWindow } from '../domain/flood';
import { apiCallIncident, type Incident, type Response } from '../domain/incident';
import { type RenderedNotification, renderNotification } from '../domain/notification';
import { remediate } from './remedies';
import { type InvocationSummary, publish, type ResponderDeps, withState } from './responder';

const trailKey = (target: Target): string | null =>
  target.kind === 'trail'
    ? target.trail.arn
    : target.kind === 'event-data-store'
      ? target.store.id
      : target.kind === 'resource'
        ? (target.trail?.arn ?? target.resource.name)
        : target.name;

const NOTHING: InvocationSummary = { notifications: 0, remediations: 0, failures: 0 };

/** Counts the notice into the digest when it is noise beyond this interval's burst; says whether it did. */
async function heldBack(deps: ResponderDeps, incident: Incident, keys: object): Promise<boolean> {
  if (!mayHoldBack(incident)) return false;
  const now = deps.clock();
  const held = await withState(deps, 'hold back', keys, async (state) => {
    const count = await state.countNotice(noticeWindow(now, deps.settings.sweepIntervalMinutes));
    if (count <= NOTICE_BURST) return false;
    await state.addToDigest(heldNotice(incident, now));
    return true;
  });
  if (held) deps.logger.info('held back for the digest', keys);
  return held === true;
}

/** Handles one CloudTrail API call event. Throws when its notification could not be published. */
export async function respondToApiCall(deps: ResponderDeps, event: ApiCallEvent): Promise<InvocationSummary> {
  // About a key, bucket or log group: which trails depend on it decides whether to speak at all.
  const setups = needsTrailSetups(event, deps.settings) ? await deps.setups(event.region) : undefined;
  const decision = decide(event, deps.settings, setups);
  const keys = {
    eventId: event.eventId,
    eventName: event.name,
    account: event.account,
    region: event.region,
  };
  if (decision.kind === 'silent') {
    deps.logger.info('decision', { ...keys, decision: 'silent', reason: decision.reason });
    return NOTHING;
  }
  const trailKeys = { ...keys, trail: trailKey(decision.assessment.target) };
  const claim = await withState(deps, 'claim', keys, (state) => state.claim(event.eventId));
  if (claim?.kind === 'published') {
    deps.logger.info('duplicate delivery', trailKeys);
    return NOTHING;
  }
  if (claim?.kind === 'rendered') {
    // A retry after a failed publish: send what the first attempt found and did, not a fresh look.
    await sendOnce(deps, event.eventId, claim.notification, trailKeys, { keep: false, failedRepair: null });
    return { ...NOTHING, notifications: 1 };
  }
  deps.logger.info('decision', {
    ...trailKeys,
    decision: decision.kind,
    action: decision.kind === 'remediate' ? decision.remedy : decision.action,
    severity: decision.assessment.severity,
  });
  deps.metrics.add('TamperEvents');
  const target = decision.assessment.target;
  const response: Response =
    decision.kind === 'remediate'
      ? await remediate(deps, [decision.remedy], target, Date.parse(event.time), trailKeys)
      : {
          actions: decision.action === 'none' ? [] : [decision.action],
          outcome: decision.outcome,
          verified: false,
          reason: decision.reason,
        };
  const incident = apiCallIncident(event, decision.assessment, response);
  const done = {
    notifications: 1,
    remediations: response.outcome === 'succeeded' ? 1 : 0,
    // A failed repair is reported once and does not fail the invocation: Lambda's retries would
    // only repeat the notice, and the sweep retries the repair (RemediationFailures counts it).
    failures: response.outcome === 'failed' ? 1 : 0,
  };
  if (claim && (await heldBack(deps, incident, trailKeys))) {
    await withState(deps, 'mark', trailKeys, (state) => state.markPublished(event.eventId));
    return { ...done, notifications: 0 };
  }
  await sendOnce(deps, event.eventId, renderNotification(incident), trailKeys, {
    keep: claim !== undefined,
    failedRepair: response.outcome === 'failed' ? response.reason : null,
  });
  return done;
}

/**
 * Keeps the notification on the claimed event, publishes it, and marks it published. A failed
 * publish throws (Lambda retries, then the dead-letter queue); the retry sends the kept one.
 */
async function sendOnce(
  deps: ResponderDeps,
  eventId: string,
  notification: RenderedNotification,
  keys: object,
  { keep, failedRepair }: { keep: boolean; failedRepair: string | null },
): Promise<void> {
  if (keep) await withState(deps, 'keep', keys, (state) => state.keepRendered(eventId, notification));
  const publishError = await publish(deps, notification, keys);
  if (publishError) {
    throw new IncidentFailedError(
      [failedRepair ? `remediation failed: ${failedRepair}` : '', publishError.message]
        .filter(Boolean)
        .join('; '),
      { cause: publishError },
    );
  }
  await withState(deps, 'mark', keys, (state) => state.markPublished(eventId));
}
