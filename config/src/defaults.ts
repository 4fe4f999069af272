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
