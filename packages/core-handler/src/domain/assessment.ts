// The vocabulary of a verdict: how urgent, what a change touched, what can undo it, what was done.
import type { Severity } from '@trailguard/config/defaults';
import type { EventDataStoreRef, TrailRef } from './resources';
import type { BackingResource, TrailSwitch } from './trail-setup';
import { untrustedName } from './untrusted';

/** How urgent a notification is (the JSON document's `severity`): the config's one definition. */
export type { Severity };

/** What TrailGuard can undo. */
export type Remedy =
  | 'start-logging'
  | 'restore-management-events'
  | 'start-event-data-store-ingestion'
  | 'restore-trail-settings'
  | 'enable-key'
  | 'cancel-key-deletion';

/** What a change touched. */
export type Target =
  /** `restore`: the switches restore-trail-settings turns back on. */
  | { readonly kind: 'trail'; readonly trail: TrailRef; readonly restore?: readonly TrailSwitch[] }
  /** What a trail depends on (its key, bucket, log group) or the organization; `trail`: the first trail it serves. */
  | { readonly kind: 'resource'; readonly resource: BackingResource; readonly trail: TrailRef | null }
  | { readonly kind: 'event-data-store'; readonly store: EventDataStoreRef }
  | { readonly kind: 'unknown'; readonly name: string | null };

/** How bad a change is, in words and as a severity. */
export interface Assessment {
  readonly severity: Severity;
  /** One line: what happened. */
  readonly summary: string;
  readonly target: Target;
  /** Further facts worth reading, such as the attributes an UpdateTrail changed. */
  readonly details: readonly string[];
}

/** A target's name as summaries show it: made safe, since a failed call's parameters can hold anything. */
export function targetName(target: Target): string | null {
  if (target.kind === 'trail') return untrustedName(target.trail.name);
  if (target.kind === 'event-data-store') return untrustedName(target.store.id);
  if (target.kind === 'resource') return untrustedName(target.resource.name);
  return target.name === null ? null : untrustedName(target.name);
}

/** A readable name of a target, for summaries. */
export function targetLabel(target: Target): string {
  const name = targetName(target);
  if (target.kind === 'trail') return `trail ${name}`;
  if (target.kind === 'event-data-store') return `event data store ${name}`;
  if (target.kind === 'resource') return `${RESOURCE_WORDS[target.resource.type]} ${name}`;
  return name ? `resource ${name}` : 'an unnamed resource';
}

const RESOURCE_WORDS: Readonly<Record<BackingResource['type'], string>> = {
  'kms-key': 'KMS key',
  's3-bucket': 'bucket',
  'log-group': 'log group',
  account: 'account',
  'service-principal': 'service',
};

/** What TrailGuard did about an incident. */
export interface Response {
  /** The remedies applied, tried or withheld, in order; empty when there is nothing to undo. */
  readonly actions: readonly Remedy[];
  readonly outcome: 'succeeded' | 'failed' | 'skipped' | 'not-applicable';
  readonly verified: boolean;
  readonly reason: string;
  /** A remedy, or its check, found the trail, store or key gone: deleted meanwhile. */
  readonly targetGone?: boolean;
}
