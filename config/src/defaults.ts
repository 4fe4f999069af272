// Defaults and limits of configuration values that code outside the schema needs too: the
// handler validates its environment with them and the member stack falls back on them. No import
// at all here: the handler bundle includes this file, and zod must stay out of the bundle.

/** Minutes between two sweeps when the configuration says nothing. */
export const DEFAULT_SWEEP_INTERVAL_MINUTES = 10;

/** The shortest sweep interval, in minutes. */
export const MIN_SWEEP_INTERVAL_MINUTES = 1;

/** The longest sweep interval, in minutes: a day, so that every day has its reminder sweep. */
export const MAX_SWEEP_INTERVAL_MINUTES = 1440;

/** Minutes a logging trail may go without delivering a log file before the sweep reports it. */
export const DEFAULT_MAX_DELIVERY_GAP_MINUTES = 360;

/** The shortest delivery gap worth reporting: CloudTrail delivers about every 5 minutes when there are events. */
export const MIN_MAX_DELIVERY_GAP_MINUTES = 30;

/** The longest delivery gap setting, in minutes: a week. */
export const MAX_MAX_DELIVERY_GAP_MINUTES = 10080;

/**
 * How urgent a notification is (its `severity`), from the least to the most urgent: the one
 * definition the config's minimum severities, the routing and the handler all use.
 */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** One of the SEVERITIES. */
export type Severity = (typeof SEVERITIES)[number];

/** The severities at or above `minimum`, most urgent first. */
export function severitiesAtOrAbove(minimum: Severity): Severity[] {
  return SEVERITIES.slice(SEVERITIES.indexOf(minimum)).reverse();
}

/** The minimum severity of the chat channel when the configuration names none. */
export const DEFAULT_CHAT_MINIMUM_SEVERITY: Severity = 'high';

/**
 * TrailGuard's version: `pnpm trailguard --version` prints it and every deployed stack and
 * StackSet records it, so `coverage` can name instances an upgrade has not reached. Every
 * package.json and the latest CHANGELOG.md release carry the same number (a test compares them).
 */
export const TRAILGUARD_VERSION = '0.1.0';

/**
 * The name prefix of the canary trails (and their buckets) `pnpm trailguard verify` creates and
 * deletes. Only trails with this prefix are verify's; the handler may report their stops as
 * verification, and nothing else about the name exempts a trail from anything.
 */
export const VERIFY_CANARY_PREFIX = 'trailguard-verify-';
