// Building verdicts about what a trail depends on (its key, bucket, log group; the organization).
import type { Assessment, Remedy, Severity, Target } from './assessment';
import type { ApiCallEvent } from './event';
import { isCanaryTrail, type TrailRef } from './resources';
import type { BackingResource } from './trail-setup';
import { untrustedName } from './untrusted';

/** A call's rating, with the remedy that undoes it or the reason nothing will. */
export type Verdict =
  | { remedy: Remedy; assessment: Assessment }
  | { remedy: null; assessment: Assessment; reason: string };

/** A call's rating, or null when it touches nothing TrailGuard protects (it stays silent). */
export type Classifier<S> = (event: ApiCallEvent, setups: S) => Verdict | null;

/**
 * The target of a change to a resource that `trails` depend on (none for the organization). It
 * names a trail that is not one of verify's canaries when there is one, so that a canary named on
 * the real trail's bucket, key or log group never turns the change into a verification notice.
 */
export const resourceTarget = (resource: BackingResource, trails: readonly TrailRef[]): Target => ({
  kind: 'resource',
  resource,
  trail: trails.find((trail) => !isCanaryTrail(trail)) ?? trails[0] ?? null,
});

/** Names the trails that depend on the resource, for the notification's details. */
export const usedBy = (trails: readonly TrailRef[]): string =>
  `Used by trail${trails.length > 1 ? 's' : ''} ${trails.map((t) => untrustedName(t.arn)).join(', ')}`;

/** A verdict that undoes the change with `remedy`, or only reports it when `remedy` is a reason. */
export function verdict(
  severity: Severity,
  summary: string,
  target: Target,
  details: string[],
  remedy: { undo: Remedy } | { reason: string },
): Verdict {
  const assessment = { severity, summary, target, details };
  return 'undo' in remedy
    ? { remedy: remedy.undo, assessment }
    : { remedy: null, assessment, reason: remedy.reason };
}
