// `trailguard verify` proves TrailGuard works by stopping a canary trail of its own and timing the
// restart. Its incidents reach the security team as what they are, a verification at info
// severity, still repaired like any other: the name prefix marks the trail, and it exempts
// nothing. A failed repair stays critical, since then the canary found a real fault; but a canary
// that is gone when TrailGuard checks its repair was deleted by verify itself, which cleans up as
// soon as it sees the trail logging again (and reports the repair's time).
import { VERIFY_CANARY_PREFIX } from '@trailguard/config/defaults';
import type { Assessment, Response, Target } from './assessment';
import { isCanaryTrail } from './resources';
import { untrustedName } from './untrusted';

/**
 * The trail a target is or serves, when its name marks it as one of verify's canaries. A
 * resource's target names a canary only when every trail using the resource is one (see
 * resourceTarget): a canary sharing the real trail's bucket exempts nothing.
 */
export function canaryTrailOf(target: Target): string | null {
  const trail = target.kind === 'trail' ? target.trail : target.kind === 'resource' ? target.trail : null;
  return trail && isCanaryTrail(trail) ? trail.name : null;
}

/** What the e-mail of a verification says: nothing to do, unless nobody ran verify. */
export const VERIFICATION_NEXT_STEPS =
  'Nothing to do if someone on your team ran `trailguard verify` in this account just now. If nobody did, treat this as a real incident: someone named a trail the way verify names its canaries.';

/**
 * A response as it stands for its target: a failed repair of one of verify's canaries that was
 * gone when it was checked is not a failure (verify deleted it); any other response as it is.
 */
export function checkedResponse(target: Target, response: Response): Response {
  if (canaryTrailOf(target) === null || response.outcome !== 'failed' || !response.targetGone)
    return response;
  return {
    ...response,
    outcome: 'not-applicable',
    reason: `${response.reason}; the canary was deleted before its repair could be checked, as \`trailguard verify\` does once it sees the trail logging`,
  };
}

/**
 * An incident's assessment and response as a verification notice's, when it is about one of
 * verify's canary trails; otherwise as they are.
 */
export function asVerification(
  assessment: Assessment,
  response: Response,
): { assessment: Assessment; response: Response } {
  const canary = canaryTrailOf(assessment.target);
  if (canary === null) return { assessment, response };
  const checked = checkedResponse(assessment.target, response);
  return {
    response: checked,
    assessment: {
      ...assessment,
      // When a repair failed, the incident's severity was raised to critical: keep it.
      severity: checked.outcome === 'failed' ? assessment.severity : 'info',
      summary: `Verification: ${assessment.summary}`,
      details: [
        `${untrustedName(canary)} is a canary trail of \`trailguard verify\` (name prefix ${VERIFY_CANARY_PREFIX}), which stops it to time TrailGuard's repair`,
        ...assessment.details,
      ],
    },
  };
}
