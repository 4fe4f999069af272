// A sweep's notices, kept per scheduled event and incident in the state table. A publish that fails
// fails the sweep, and Lambda's retry re-runs it with the same event: by then a repaired trail looks
// healthy and a problem left alone looks new again. So each notice is claimed and kept before it is
// published, and a retry sends the kept ones that were not published and leaves every incident an
// earlier attempt reported alone: one notice per incident, saying what the first attempt did.
import type { KeptNotice } from '../adapters/state';
import type { ScheduledEvent } from '../domain/event';
import type { RenderedNotification } from '../domain/notification';
import { publish, type ResponderDeps, withState } from './responder';

/** The notices earlier attempts of a sweep kept, by incident: their incidents are reported. */
export type KeptNotices = ReadonlyMap<string, KeptNotice>;

/** What became of a notice: published, the publish error, or null (a concurrent attempt claimed it). */
export type Sent = 'sent' | Error | null;

/**
 * Claims the incident and keeps its notice (unless `kept`: an earlier attempt did), publishes it
 * and records that it went out. Another attempt's claim (a concurrent redelivery) sends nothing.
 */
export async function sendOnce(
  deps: ResponderDeps,
  event: ScheduledEvent,
  incident: string,
  notification: RenderedNotification,
  keys: object,
  kept = false,
): Promise<Sent> {
  const claimed =
    kept ||
    (await withState(deps, 'keep', keys, (state) => state.keepRendered(event.id, notification, incident)));
  if (claimed === false) {
    deps.logger.info('duplicate delivery', keys);
    return null;
  }
  const error = await publish(deps, notification, keys);
  if (error) return error;
  await withState(deps, 'mark', keys, (state) => state.markPublished(event.id, incident));
  return 'sent';
}
