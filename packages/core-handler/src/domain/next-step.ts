// The one next step of a notification, from what TrailGuard did: the e-mail's "Next:" line, the
// document's `nextStep` (which the chat message shows) and the Security Hub finding's
// recommendation all say this, so whoever picks an incident up reads the same advice wherever.
// Pure, and free of layout: no "above" or "below", since each medium shows the facts elsewhere.
import { SWEEP_EVENT_NAME } from './incident';
import { VERIFICATION_NEXT_STEPS } from './verification';

/** What the next step depends on: a subset of the notification's JSON document. */
export interface NextStepFacts {
  readonly event: { readonly name: string; readonly errorCode: string | null };
  readonly actor: { readonly arn: string | null };
  readonly response: { readonly action: string; readonly outcome: string; readonly verified: boolean };
}

/** The next step for whoever picks the incident up; `canary` when it is about one of verify's canaries. */
export function nextStepOf(facts: NextStepFacts, canary = false): string {
  const { event, response } = facts;
  // Found by the sweep with no known cause: nobody to ask yet.
  const who = facts.actor.arn === null ? 'whoever made it (CloudTrail event history shows who)' : 'the actor';
  if (response.outcome === 'failed')
    return 'Act now: repair it by hand in the CloudTrail console, then find out why TrailGuard could not (its role, a service control policy, a deleted resource).';
  if (canary) return VERIFICATION_NEXT_STEPS;
  if (event.name === SWEEP_EVENT_NAME && response.action === 'none')
    return 'Fix what the error names (the bucket, its policy, the KMS key or the log group): TrailGuard does not repair delivery, and reminds you daily while it lasts.';
  if (response.outcome === 'skipped')
    return `Confirm with ${who} that the change is intended (TrailGuard left it as it is); undo it in the CloudTrail console if not.`;
  if (event.errorCode)
    return 'Nothing changed, but someone tried: ask the actor why; if unexpected, treat their credentials as compromised.';
  if (response.outcome === 'succeeded')
    return `${response.verified ? '' : 'Check in the CloudTrail console that the repair held (TrailGuard could not verify it). '}Find out from ${who} why the change was made; if nobody expected it, treat those credentials as compromised and review their recent activity in CloudTrail.`;
  return `Confirm with ${who} that the change is expected; if not, undo it in the CloudTrail console and review their recent activity.`;
}
