import type { TrailGuardConfig } from '@trailguard/config';
import type { Caller, Fact, OrganizationDescription, PreflightFacts } from '../facts';

/**
 * A check's verdict on the facts, as a cdk-nag rule answers compliant / non-compliant /
 * not-applicable: a failure always carries the exact fix.
 */
export type Verdict =
  | { readonly status: 'pass'; readonly detail?: string }
  | { readonly status: 'fail'; readonly detail: string; readonly fix: string }
  /** Could not decide, and nothing says the deployment fails: shown, with what to do, but no stop. */
  | { readonly status: 'warn'; readonly detail: string; readonly fix: string }
  | { readonly status: 'not-applicable'; readonly detail: string };

/** What every check is built from: the configuration and the file it was read from. */
export interface CheckSettings {
  readonly config: TrailGuardConfig;
  /** Named in fixes ("set organizationId: … in <file>"). */
  readonly configFile: string;
}

/** The facts once the caller is known: what every check but the credentials check looks at. */
export interface SignedInFacts extends PreflightFacts {
  readonly caller: { readonly ok: true; readonly value: Caller };
  readonly organization: Fact<OrganizationDescription>;
}

/**
 * One preflight check: a stable id, the line a person reads, and a pure evaluation of the facts.
 * A check that does not apply to the configuration says why in `notApplicable` and is not evaluated.
 */
export interface PreflightCheck<F = SignedInFacts> {
  readonly id: string;
  readonly title: string;
  readonly notApplicable?: string;
  readonly evaluate: (facts: F) => Verdict;
}

/** The verdict when a fact could not be read: what failed, and the permission that would let it. */
export function couldNotCheck(
  settings: CheckSettings,
  failed: { readonly error: string } | undefined,
  permission: string,
): Verdict {
  return {
    status: 'fail',
    detail: `could not check (${failed?.error ?? 'no answer'})`,
    fix: `Allow ${permission} to the caller in ${
      fromDelegatedAdmin(settings)
        ? 'the delegated administrator account'
        : `the management account ${settings.config.managementAccountId}`
    }, then run this again.`,
  };
}

/** Whether the configuration deploys from a delegated administrator rather than the management account. */
export function fromDelegatedAdmin(settings: CheckSettings): boolean {
  return settings.config.stackSet.callAs === 'DELEGATED_ADMIN';
}
