// The sweep's delivery check of one trail: reported when new and then daily, never repaired.
import type { DeliveryStatus } from '../domain/delivery-health';
import { deliveryIncident, deliveryProblems } from '../domain/delivery-health';
import type { ScheduledEvent } from '../domain/event';
import { renderNotification } from '../domain/notification';
import type { TrailRef } from '../domain/resources';
import type { SweepClock } from '../domain/sweep';
import type { ResponderDeps } from './responder';
import { type KeptNotices, type Sent, sendOnce } from './sweep-notices';

/**
 * What the sweep did about one trail: nothing to do; something it could not handle and did not
 * report this time; or a message sent (or not) about a repair or a problem left alone.
 */
export type TrailOutcome =
  | 'fine'
  | 'unhandled'
  | { readonly repaired: boolean; readonly failed: boolean; readonly sent: Sent };

/** Reports a logging trail that is not delivering, when the once-then-daily rule says so. */
export async function respondToDelivery(
  deps: ResponderDeps,
  trail: TrailRef,
  status: DeliveryStatus,
  event: ScheduledEvent,
  clock: SweepClock,
  keys: object,
  kept: KeptNotices,
): Promise<TrailOutcome> {
  const incidentKey = `delivery#${trail.arn}`;
  if (kept.has(incidentKey)) return 'fine';
  // Judged at the time the status was read; the scheduled time dates the notice.
  const problems = deliveryProblems(status, deps.clock(), deps.settings.maxDeliveryGapMinutes);
  if (problems.length === 0) return 'fine';
  const incident = deliveryIncident(event, trail, problems, clock);
  deps.logger.warn('not delivering', { ...keys, problems, reported: incident !== null });
  if (incident === null) return 'fine';
  const sent = await sendOnce(deps, event, incidentKey, renderNotification(incident), keys);
  return { repaired: false, failed: false, sent };
}
