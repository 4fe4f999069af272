import { remediationRoleName, roleArnPattern } from '@trailguard/member-stack/names';

// Who the prevention SCP lets tamper with trails, without aws-cdk-lib: the policy is built from
// these, and `trailguard verify` reads them to tell whether the SCP will deny its canary.

/** Roles CloudFormation StackSets (service-managed) create in every member account. */
export const STACKSET_EXECUTION_ROLE_PATTERN = roleArnPattern('stacksets-exec-*');

/** The remediation function's roles (one per region), which undo what the policy denies. */
export const REMEDIATION_ROLE_PATTERN = roleArnPattern(remediationRoleName('*'));

/**
 * The `aws:PrincipalArn` patterns (compared with ArnLike) that the prevention SCP exempts from
 * its denial of trail tampering: the StackSets execution roles, TrailGuard's remediation roles
 * and the configured break-glass principals.
 */
export function scpExemptPrincipals(breakGlassPrincipals: readonly string[]): string[] {
  return [STACKSET_EXECUTION_ROLE_PATTERN, REMEDIATION_ROLE_PATTERN, ...breakGlassPrincipals];
}
