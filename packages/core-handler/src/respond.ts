// Carries out decisions with the adapters: remediate first, verify, then notify once.

import type { TrailControl } from './adapters/cloudtrail';
import type { Logger } from './adapters/logger';
import type { Metrics } from './adapters/metrics';
import type { NotificationTopic } from './adapters/sns';
import { type Assessment, decide, type Remedy, type Target } from './domain/decide';
import { IncidentFailedError, RemediationError } from './domain/errors';
import type { ApiCallEvent, ScheduledEvent } from './domain/event';
import { type Incident, type Response, renderNotification } from './domain/notification';
import { arnAccount, type TrailRef, trailRef } from './domain/resources';
import { recordsManagementEvents, restoreManagementEvents } from './domain/selectors';
import type { Settings } from './domain/settings';

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
  readonly failures: number;
}

/** How many trails the sweep checks at once. */
export const SWEEP_CONCURRENCY = 5;

const reasonOf = (error: unknown): string =>
  error instanceof RemediationError ? error.message : error instanceof Error ? error.message : String(error);

async function restartLogging(control: TrailControl, trail: TrailRef): Promise<string> {
  await control.startLogging(trail);
  if (!(await control.isLogging(trail))) {
    throw new RemediationError(`GetTrailStatus still reports ${trail.arn} as not logging`, 'NotVerified');
  }
  return 'GetTrailStatus reports the trail logging';
}

async function restoreManagement(control: TrailControl, trail: TrailRef): Promise<string> {
  const current = await control.selectors(trail);
  // Someone (or an earlier attempt of this event) already put them back: nothing to change.
  if (recordsManagementEvents(current)) return 'GetEventSelectors already shows management events recorded';
  await control.putSelectors(trail, restoreManagementEvents(current));
  if (!recordsManagementEvents(await control.selectors(trail))) {
    throw new RemediationError(
      `GetEventSelectors still shows ${trail.arn} without management events`,
      'NotVerified',
    );
  }
  return 'GetEventSelectors shows management events recorded, data selectors kept';
}

/** Applies one remedy and verifies it; returns how it was verified. */
async function apply(deps: ResponderDeps, remedy: Remedy, target: Target): Promise<string> {
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
    return 'GetEventDataStore reports the store ENABLED';
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
    const verifications: string[] = [];
    for (const remedy of remedies) verifications.push(await apply(deps, remedy, target));
    deps.metrics.add('Remediations');
    if (Number.isFinite(since)) deps.metrics.add('RemediationLatency', Math.max(0, deps.clock() - since));
    deps.logger.info('remediated', { ...keys, action, outcome: 'succeeded' });
    return { action, outcome: 'succeeded', verified: true, reason: verifications.join('; ') };
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
    event: {
      id: event.eventId,
      name: event.name,
      time: event.time,
      account: event.account,
      region: event.region,
      sourceIp: event.sourceIp,
      userAgent: event.userAgent,
      errorCode: event.errorCode,
    },
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
  return { notifications: 1, remediations: decision.kind === 'remediate' ? 1 : 0, failures: 0 };
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

/**
 * The scheduled sweep: every trail this account owns whose home is this region must be logging
 * and recording management events; repair, verify and report each one that is not.
 */
export async function sweep(deps: ResponderDeps, event: ScheduledEvent): Promise<InvocationSummary> {
  const control = deps.trails(event.region);
  const owned: TrailRef[] = [];
  for await (const listed of control.trails()) {
    if (listed.homeRegion === event.region && arnAccount(listed.arn) === event.account) {
      owned.push(trailRef(listed.arn, event.region, event.account));
    }
  }
  let notifications = 0;
  let remediations = 0;
  const failures: string[] = [];
  await forEachBounded(owned, SWEEP_CONCURRENCY, async (trail) => {
    const keys = {
      eventId: event.id,
      eventName: 'Sweep',
      account: event.account,
      region: event.region,
      trail: trail.arn,
    };
    let remedies: Remedy[];
    try {
      const logging = await control.isLogging(trail);
      const management = recordsManagementEvents(await control.selectors(trail));
      remedies = [
        ...(logging ? [] : (['start-logging'] as const)),
        ...(management ? [] : (['restore-management-events'] as const)),
      ];
    } catch (error) {
      deps.logger.error('sweep check failed', { ...keys, error });
      failures.push(reasonOf(error));
      return;
    }
    if (remedies.length === 0) return;
    const problems = [
      remedies.includes('start-logging') ? 'not logging' : '',
      remedies.includes('restore-management-events') ? 'not recording management events' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const assessment: Assessment = {
      severity: 'high',
      summary: `Trail ${trail.name} found ${problems} by the sweep`,
      target: { kind: 'trail', trail },
      details: [
        'The change that caused this did not reach TrailGuard as an event; look it up in CloudTrail event history.',
      ],
    };
    deps.logger.info('decision', {
      ...keys,
      decision: 'remediate',
      action: remedies.join('+'),
      severity: 'high',
    });
    deps.metrics.add('TamperEvents');
    const response: Response =
      deps.settings.mode === 'notify-only'
        ? {
            action: remedies.join('+'),
            outcome: 'skipped',
            verified: false,
            reason: 'REMEDIATION_MODE is notify-only',
          }
        : await remediate(deps, remedies, assessment.target, Number.NaN, keys);
    if (response.outcome === 'succeeded') remediations++;
    if (response.outcome === 'failed') failures.push(response.reason);
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
        actor: null,
        assessment: response.outcome === 'failed' ? { ...assessment, severity: 'critical' } : assessment,
        response,
      },
      keys,
    );
    if (publishError) failures.push(publishError.message);
    else notifications++;
  });
  deps.logger.info('sweep done', {
    eventId: event.id,
    account: event.account,
    region: event.region,
    trails: owned.length,
    remediations,
    notifications,
    failures: failures.length,
  });
  if (failures.length > 0)
    throw new IncidentFailedError(`sweep: ${failures.length} problem(s): ${failures.join('; ')}`);
  return { notifications, remediations, failures: 0 };
}
