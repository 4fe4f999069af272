// The sweep's digest of the notices held back since the last one (domain/flood.ts, domain/digest.ts).
import { renderDigest } from '../domain/digest';
import type { ScheduledEvent } from '../domain/event';
import { publish, type ResponderDeps, withState } from './responder';

/**
 * Takes the digest groups out of the state table and publishes them as one notification. The groups
 * are deleted before the publish (so nothing counted meanwhile is lost or sent twice) and put back
 * when it fails. Returns what was sent (0 or 1), or the publish error.
 */
export async function publishDigest(deps: ResponderDeps, event: ScheduledEvent): Promise<number | Error> {
  const keys = { eventId: event.id, eventName: 'Digest', account: event.account, region: event.region };
  const groups = (await withState(deps, 'take digest', keys, (state) => state.takeDigest())) ?? [];
  if (groups.length === 0) return 0;
  const digest = renderDigest(groups, event, deps.settings.sweepIntervalMinutes);
  const publishError = await publish(deps, digest, { ...keys, groups: groups.length });
  if (!publishError) return 1;
  const restored = await withState(deps, 'restore digest', keys, async (state) => {
    await state.restoreDigest(groups);
    return true;
  });
  if (!restored) deps.logger.error('digest lost', { ...keys, notices: digest.document.digest?.total });
  return publishError;
}
