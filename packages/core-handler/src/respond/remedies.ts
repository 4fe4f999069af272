// Applies remedies with the CloudTrail adapter and verifies each one before saying it worked.
import type { TrailControl } from '../adapters/cloudtrail';
import type { Remedy, Target } from '../domain/assessment';
import { RemediationError } from '../domain/errors';
import type { Response } from '../domain/incident';
import type { EventDataStoreRef, TrailRef } from '../domain/resources';
import { recordsManagementEvents, restoreManagementEvents } from '../domain/selectors';
import { type ResponderDeps, reasonOf } from './responder';
import { type Applied, repairKey, restoreSwitches } from './restore';

/** What CloudTrail and KMS call a trail, data store or key that does not exist (any more). */
const GONE = /^(TrailNotFoundException|EventDataStoreNotFoundException|NotFoundException)$/;

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

async function restartIngestion(control: TrailControl, store: EventDataStoreRef): Promise<Applied> {
  await control.startIngestion(store);
  if (!(await control.isIngesting(store))) {
    throw new RemediationError(`GetEventDataStore does not report ${store.id} as ENABLED`, 'NotVerified');
  }
  return { verification: 'GetEventDataStore reports the store ENABLED', changed: true };
}

/** Applies one remedy and verifies it; says how it was verified and whether it changed anything. */
async function apply(deps: ResponderDeps, remedy: Remedy, target: Target): Promise<Applied> {
  if (target.kind === 'trail') {
    const control = deps.trails(target.trail.region);
    if (remedy === 'start-logging') return restartLogging(control, target.trail);
    if (remedy === 'restore-management-events') return restoreManagement(control, target.trail);
    if (remedy === 'restore-trail-settings')
      return restoreSwitches(control, target.trail, target.restore ?? []);
  }
  // The key by its id, with KMS in its own region (the role may act on this account's keys only).
  if (target.kind === 'resource' && (remedy === 'enable-key' || remedy === 'cancel-key-deletion')) {
    return repairKey(deps.keys(target.resource.region), target.resource.name);
  }
  if (target.kind === 'event-data-store' && remedy === 'start-event-data-store-ingestion') {
    return restartIngestion(deps.trails(target.store.region), target.store);
  }
  throw new RemediationError(`no way to ${remedy} on a ${target.kind}`, 'Unsupported');
}

/**
 * Applies the remedies in order and says what came of them; never throws. `since` is when the
 * change was made (NaN when unknown), for the RemediationLatency metric.
 */
export async function remediate(
  deps: ResponderDeps,
  remedies: readonly Remedy[],
  target: Target,
  since: number,
  keys: object,
): Promise<Response> {
  const actions = [...remedies];
  // Logs name the remedies as the notification document does.
  const action = actions.join('+');
  try {
    const applied: Applied[] = [];
    for (const remedy of actions) applied.push(await apply(deps, remedy, target));
    const reason = applied.map((a) => a.verification).join('; ');
    // Succeeded only when something was restored: otherwise say that nothing was changed.
    if (!applied.some((a) => a.changed)) {
      deps.logger.info('nothing to remediate', { ...keys, action, outcome: 'not-applicable' });
      return { actions, outcome: 'not-applicable', verified: true, reason };
    }
    deps.metrics.add('Remediations');
    if (Number.isFinite(since)) deps.metrics.add('RemediationLatency', Math.max(0, deps.clock() - since));
    deps.logger.info('remediated', { ...keys, action, outcome: 'succeeded' });
    return { actions, outcome: 'succeeded', verified: true, reason };
  } catch (error) {
    deps.metrics.add('RemediationFailures');
    deps.logger.error('remediation failed', { ...keys, action, error });
    const targetGone = GONE.test(
      error instanceof RemediationError ? error.code : String((error as Error)?.name),
    );
    return {
      actions,
      outcome: 'failed',
      verified: false,
      reason: reasonOf(error),
      ...(targetGone ? { targetGone } : {}),
    };
  }
}
