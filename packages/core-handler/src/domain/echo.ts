// What counts as TrailGuard's own echo. A role's name proves nothing (an account admin can create
// `trailguard-remediation-x`), so an echo is only one of TrailGuard's own repair calls whose effect
// is the healthy state, made by a role that matches SELF_ROLE_ARN. Anything else is handled as a
// call from anyone.
import type { Remedy } from './assessment';
import { type ApiCallEvent, objectsParameter } from './event';
import { isExemptActor } from './resources';
import { recordsManagementEvents, selectorsFromRequest } from './selectors';
import type { Settings } from './settings';
import { onlyRestoresSwitches } from './trail-settings';

/** A call TrailGuard makes to repair something, and whether a request of it leaves things healthy. */
export interface RepairCall {
  /** The remedy that makes this call. */
  readonly remedy: Remedy;
  /** Whether the request, as CloudTrail recorded it, can only have restored the healthy state. */
  readonly leavesHealthy: (event: ApiCallEvent) => boolean;
}

/**
 * TrailGuard's repair calls by event name: the one list of what its own role may call without a
 * notice. A remedy added to TrailGuard adds its calls here.
 */
export const REPAIR_CALLS: ReadonlyMap<string, RepairCall> = new Map<string, RepairCall>([
  ['StartLogging', { remedy: 'start-logging', leavesHealthy: () => true }],
  [
    'PutEventSelectors',
    {
      remedy: 'restore-management-events',
      // Only selectors the event shows, and that record management events: omitted ones prove nothing.
      leavesHealthy: (event) => {
        const basic = objectsParameter(event, 'eventSelectors');
        const advanced = objectsParameter(event, 'advancedEventSelectors');
        if (basic === null && advanced === null) return false;
        return recordsManagementEvents(selectorsFromRequest(basic, advanced));
      },
    },
  ],
  ['StartEventDataStoreIngestion', { remedy: 'start-event-data-store-ingestion', leavesHealthy: () => true }],
  ['UpdateTrail', { remedy: 'restore-trail-settings', leavesHealthy: onlyRestoresSwitches }],
  // Not watched today (EventBridge never brings them), listed so that the list stays whole.
  ['EnableKey', { remedy: 'enable-key', leavesHealthy: () => true }],
  ['CancelKeyDeletion', { remedy: 'cancel-key-deletion', leavesHealthy: () => true }],
]);

/**
 * Whether the event is TrailGuard's own echo: a repair call by a role matching SELF_ROLE_ARN (of
 * any region, when it is a `*` pattern) that restored the healthy state, or that failed (it changed
 * nothing, and TrailGuard reports its own failure itself).
 */
export function isEcho(event: ApiCallEvent, settings: Pick<Settings, 'selfRoleArn'>): boolean {
  if (!settings.selfRoleArn || !isExemptActor(event.actor, [settings.selfRoleArn])) return false;
  const call = REPAIR_CALLS.get(event.name);
  return call !== undefined && (event.errorCode !== null || call.leavesHealthy(event));
}
