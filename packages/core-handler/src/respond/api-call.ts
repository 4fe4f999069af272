// Carries out the decision about one CloudTrail API call: remediate first, verify, then notify once.
import type { Target } from '../domain/assessment';
import { decide, needsTrailSetups } from '../domain/decide';
import { IncidentFailedError } from '../domain/errors';
import type { ApiCallEvent } from '../domain/event';
import { apiCallIncident, type Response } from '../domain/incident';
import { remediate } from './remedies';
import { type InvocationSummary, notify, type ResponderDeps } from './responder';

const trailKey = (target: Target): string | null =>
  target.kind === 'trail'
    ? target.trail.arn
    : target.kind === 'event-data-store'
      ? target.store.id
      : target.kind === 'resource'
        ? (target.trail?.arn ?? target.resource.name)
        : target.name;

/** Handles one CloudTrail API call event. Throws when the incident was not fully handled. */
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
      : {
          actions: decision.action === 'none' ? [] : [decision.action],
          outcome: decision.outcome,
          verified: false,
          reason: decision.reason,
        };
  const publishError = await notify(deps, apiCallIncident(event, decision.assessment, response), trailKeys);
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
