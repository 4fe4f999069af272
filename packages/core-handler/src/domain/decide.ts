// What to do about one CloudTrail API call: stay silent (an echo), undo it, or report it untouched.
import { type Assessment, type Remedy, type Severity, targetLabel } from './assessment';
import { classify, NEEDS_TRAIL_SETUPS } from './classify';
import { isEcho } from './echo';
import type { ApiCallEvent } from './event';
import { isExemptActor } from './resources';
import type { Settings } from './settings';
import type { TrailSetup } from './trail-setup';
import { untrustedName } from './untrusted';

/** What to do about an event: stay silent, undo it, or report it untouched. */
export type Decision =
  | { readonly kind: 'silent'; readonly reason: string }
  | { readonly kind: 'remediate'; readonly remedy: Remedy; readonly assessment: Assessment }
  | {
      readonly kind: 'report';
      readonly assessment: Assessment;
      readonly action: Remedy | 'none';
      readonly outcome: 'skipped' | 'not-applicable';
      readonly reason: string;
    };

/**
 * Whether deciding about the call needs the trails' setups (DescribeTrails): a call on a key,
 * bucket or log group that is not TrailGuard's own. Without them such a call is silent.
 */
export const needsTrailSetups = (event: ApiCallEvent, settings: Settings): boolean =>
  NEEDS_TRAIL_SETUPS.has(event.name) && !isEcho(event, settings);

/**
 * Decides what to do about one CloudTrail API call. Pure: the settings carry the environment, and
 * `setups` the trails' settings when the call is about what a trail depends on.
 */
export function decide(event: ApiCallEvent, settings: Settings, setups?: readonly TrailSetup[]): Decision {
  const { actor } = event;
  // Only TrailGuard's own repair calls are echoes; anything else by a role whose name looks like
  // TrailGuard's is handled as from anyone (domain/echo.ts).
  if (isEcho(event, settings)) return { kind: 'silent', reason: 'an echo of TrailGuard’s own repair' };
  const verdict = classify(event, setups);
  if (verdict === null)
    return { kind: 'silent', reason: 'no trail of this account depends on what it changed' };
  if (event.errorCode) {
    const [name, code] = [untrustedName(event.name), untrustedName(event.errorCode)];
    // An attempt on something that matters is worth a look even though nothing changed.
    const serious = verdict.assessment.severity === 'critical' || verdict.assessment.severity === 'high';
    const severity: Severity = serious ? 'high' : 'medium';
    return {
      kind: 'report',
      assessment: {
        ...verdict.assessment,
        severity,
        summary: `Failed attempt: ${name} (${code})${
          verdict.assessment.target.kind === 'unknown' ? '' : ` on ${targetLabel(verdict.assessment.target)}`
        }`,
      },
      action: 'none',
      outcome: 'not-applicable',
      reason: `the call failed with ${code}; nothing was changed`,
    };
  }
  if (verdict.remedy === null) {
    return {
      kind: 'report',
      assessment: verdict.assessment,
      action: 'none',
      outcome: 'not-applicable',
      reason: verdict.reason,
    };
  }
  const { assessment, remedy } = verdict;
  const owner =
    assessment.target.kind === 'trail'
      ? assessment.target.trail.account
      : assessment.target.kind === 'event-data-store'
        ? assessment.target.store.account
        : assessment.target.kind === 'resource'
          ? assessment.target.resource.account
          : event.account;
  if (owner !== event.account) {
    return {
      kind: 'report',
      assessment,
      action: remedy,
      outcome: 'skipped',
      reason: `the resource belongs to account ${owner}, not this one`,
    };
  }
  if (isExemptActor(actor, settings.exemptPrincipals)) {
    return {
      kind: 'report',
      assessment,
      action: remedy,
      outcome: 'skipped',
      reason: 'the actor is exempt (EXEMPT_PRINCIPALS)',
    };
  }
  if (settings.mode === 'notify-only') {
    return {
      kind: 'report',
      assessment,
      action: remedy,
      outcome: 'skipped',
      reason: 'REMEDIATION_MODE is notify-only',
    };
  }
  return { kind: 'remediate', remedy, assessment };
}
