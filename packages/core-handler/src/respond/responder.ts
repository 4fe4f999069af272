// What the responders work with, and the one step they share: publishing an incident.
import type { TrailControl } from '../adapters/cloudtrail';
import type { KeyControl } from '../adapters/kms';
import type { Logger } from '../adapters/logger';
import type { Metrics } from '../adapters/metrics';
import type { NotificationTopic } from '../adapters/sns';
import type { StateTable } from '../adapters/state';
import type { RenderedNotification } from '../domain/notification';
import type { Settings } from '../domain/settings';
import type { TrailSetup } from '../domain/trail-setup';
import { type Sharing, share } from './share';

/** What the responder works with; built once per cold start by the handler. */
export interface ResponderDeps {
  readonly settings: Settings;
  /** CloudTrail in a region (cached per region by the caller). */
  readonly trails: (region: string) => TrailControl;
  /** KMS in a region (cached per region by the caller). */
  readonly keys: (region: string) => KeyControl;
  /** The setups of the trails visible in a region, read at most once per invocation. */
  readonly setups: (region: string) => Promise<TrailSetup[]>;
  readonly topic: NotificationTopic;
  /** Where each published notification is also shared: the central bus, Security Hub. */
  readonly sharing: Sharing;
  /** The state table (STATE_TABLE_NAME), or null: then nothing is deduplicated or held back. */
  readonly state: StateTable | null;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
}

/** What an invocation did, for logs and tests. */
export interface InvocationSummary {
  readonly notifications: number;
  readonly remediations: number;
  /** Sweep: trails that could not be checked or repaired (which alone do not fail the sweep). */
  readonly failures: number;
}

/** The message of an error, for a response's reason. */
export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Publishes a rendered notification, then shares it on the central bus and with Security Hub
 * (which never fail the caller); returns the publish error instead of throwing it. The sharing
 * happens whether or not the publish worked: the bus may reach a SIEM when the topic cannot.
 */
export async function publish(
  deps: ResponderDeps,
  notification: RenderedNotification,
  keys: object,
): Promise<Error | null> {
  let failure: Error | null = null;
  try {
    const messageId = await deps.topic.publish(notification);
    deps.logger.info('notified', { ...keys, messageId, severity: notification.attributes.severity });
  } catch (error) {
    deps.metrics.add('NotificationFailures');
    deps.logger.error('notification failed', { ...keys, error });
    failure = error as Error;
  }
  await share(deps, notification, keys);
  return failure;
}

/**
 * Runs `use` on the state table, failing open: without a table, or when DynamoDB fails (logged as a
 * warning), it returns undefined and the caller acts as without the table. A duplicate beats a loss.
 */
export async function withState<T>(
  deps: ResponderDeps,
  what: string,
  keys: object,
  use: (state: StateTable) => Promise<T>,
): Promise<T | undefined> {
  if (!deps.state) return undefined;
  try {
    return await use(deps.state);
  } catch (error) {
    deps.logger.warn('state table unavailable', { ...keys, step: what, error });
    return undefined;
  }
}
