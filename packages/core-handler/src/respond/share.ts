// Beyond the topic: every published notification is also an incident event on the central bus and,
// when enabled, a Security Hub finding where it happened. Neither may hold up the repair or the
// e-mail: both run after the publish, and a failure is logged and counted, never thrown.
import type { IncidentBus } from '../adapters/eventbridge';
import type { Logger } from '../adapters/logger';
import type { Metrics } from '../adapters/metrics';
import type { FindingsHub } from '../adapters/securityhub';
import { toFinding } from '../domain/finding';
import type { RenderedNotification } from '../domain/notification';
import type { Settings } from '../domain/settings';

/** Where a notification is shared besides the topic; each part null when not configured. */
export interface Sharing {
  readonly bus: IncidentBus | null;
  readonly findings: FindingsHub | null;
}

/** What sharing needs of the responder's dependencies. */
export interface SharingDeps {
  readonly sharing: Sharing;
  readonly settings: Pick<Settings, 'topicArn'>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
}

// Hubs found not enabled in this execution environment: one warning per cold start, then quiet.
const notEnabled = new WeakSet<FindingsHub>();

/** Puts the incident event and imports the finding, side by side; never throws. */
export async function share(
  deps: SharingDeps,
  notification: RenderedNotification,
  keys: object,
): Promise<void> {
  await Promise.all([putOnBus(deps, notification, keys), importFinding(deps, notification, keys)]);
}

async function putOnBus(deps: SharingDeps, notification: RenderedNotification, keys: object): Promise<void> {
  const bus = deps.sharing.bus;
  if (!bus) return;
  try {
    const eventId = await bus.put(notification.document);
    deps.logger.info('incident event put', { ...keys, busEventId: eventId });
  } catch (error) {
    deps.metrics.add('IncidentEventFailures');
    deps.logger.error('incident event not put', { ...keys, error });
  }
}

async function importFinding(
  deps: SharingDeps,
  notification: RenderedNotification,
  keys: object,
): Promise<void> {
  const hub = deps.sharing.findings;
  // A digest counts noise held back; it is about no one resource, so it is no finding.
  if (!hub || notEnabled.has(hub) || notification.document.digest) return;
  const { event } = notification.document;
  const partition = deps.settings.topicArn.split(':')[1] ?? 'aws';
  const finding = toFinding(
    notification.document,
    { account: event.account, region: event.region, partition },
    new Date(deps.clock()),
  );
  try {
    if ((await hub.import(finding)) === 'imported') {
      deps.logger.info('finding imported', {
        ...keys,
        findingId: finding.Id,
        workflow: finding.Workflow.Status,
      });
      return;
    }
    notEnabled.add(hub);
    deps.logger.warn('Security Hub is not enabled here; no findings until the next cold start', {
      ...keys,
      productArn: finding.ProductArn,
    });
  } catch (error) {
    deps.metrics.add('FindingFailures');
    deps.logger.error('finding not imported', { ...keys, findingId: finding.Id, error });
  }
}
