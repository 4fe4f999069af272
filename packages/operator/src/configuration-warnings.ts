import type { TrailGuardConfig } from '@trailguard/config';

/** The region where AWS Organizations records its API calls (and EventBridge delivers them). */
export const ORGANIZATIONS_EVENT_REGION = 'us-east-1';

/** What a valid configuration still leaves unseen; `plan` and `doctor` print these as warnings. */
export function configurationWarnings(config: TrailGuardConfig): string[] {
  return config.regions.includes(ORGANIZATIONS_EVENT_REGION)
    ? []
    : [
        `${ORGANIZATIONS_EVENT_REGION} is not among regions: AWS Organizations records its calls only there, so an account leaving or removed from the organization, and CloudTrail's trusted access or delegated administrator being removed, go unseen`,
      ];
}
