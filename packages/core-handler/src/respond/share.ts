// Beyond the topic: every published notification is also an incident event on the central bus and,
// when enabled, a Security Hub finding where it happened. Neither may hold up the repair or the
// e-mail: both run after the publish, and a failure is logged and counted, never thrown.
import type { IncidentBus } from '../adapters/eventbridge';
import type { Logger } from '../adapters/logger';
import type { Metrics } from '../adapters/metrics';
import type { FindingsHub } from '../adapters/securityhub';
import { type Finding, toFinding } from '../domain/finding';
import type { RenderedNotification } from '../domain/notification';
import type { Settings } from '../domain/settings';
import { settle, settlesEarlierFindings } from '../domain/settled-findings';

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
  const { document } = notification;
  // A digest counts noise held back; it is about no one resource, so it is no finding.
  if (!hub || notEnabled.has(hub) || document.digest) return;
  const partition = deps.settings.topicArn.split(':')[1] ?? 'aws';
  const home = { account: document.event.account, region: document.event.region, partition };
  const finding = toFinding(document, home, new Date(deps.clock()));
  try {
    const findings = settlesEarlierFindings(document)
      ? await withSettled(deps, hub, finding, document, keys)
      : [finding];
    if (findings !== 'not-enabled' && (await hub.import(findings)) === 'imported') {
      deps.logger.info('finding imported', {
        ...keys,
        findingId: finding.Id,
        workflow: finding.Workflow?.Status,
        ...(findings.length > 1 ? { settled: findings.slice(1).map((f) => f.Id) } : {}),
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

/**
 * A verified repair's finding, with the earlier open findings about its resource that it settles.
 * When they cannot be read, the repair's own finding still goes in: they stay open, logged.
 */
async function withSettled(
  deps: SharingDeps,
  hub: FindingsHub,
  finding: Finding,
  document: RenderedNotification['document'],
  keys: object,
): Promise<Finding[] | 'not-enabled'> {
  try {
    const open = await hub.openFindings(finding.ProductArn, finding.Resources[0]?.Id ?? '');
    return open === 'not-enabled' ? open : settle(finding, document, open, new Date(deps.clock()));
  } catch (error) {
    deps.metrics.add('FindingFailures');
    deps.logger.error('earlier findings not read; they stay open', { ...keys, findingId: finding.Id, error });
    return [finding];
  }
}
