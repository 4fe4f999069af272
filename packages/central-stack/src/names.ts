// The `@trailguard/central-stack/names` entry point: what `pnpm run deploy` creates and where,
// without loading aws-cdk-lib, for the operator commands that look these up in AWS.
export {
  type DeploymentUnit,
  describeDeployment,
  PARENT_STACK_ID,
  rolloutRegionOrder,
  STACKSET_NAMES,
  TEMPLATE_FILES,
} from './deployment';

/**
 * The tag, on the parent stack and on every StackSet (whose stacks pass it to their resources),
 * that records the TrailGuard version deployed; `coverage` reads it.
 */
export const VERSION_TAG = 'trailguard:version';

/** Name of the execution role of the management account's self-managed StackSet. */
export const MANAGEMENT_EXECUTION_ROLE_NAME = 'TrailGuardStackSetExecution';

/** Name of the administration role, fixed so an execution role created by hand can trust it. */
export const MANAGEMENT_ADMINISTRATION_ROLE_NAME = 'TrailGuardStackSetAdministration';
export {
  REMEDIATION_ROLE_PATTERN,
  STACKSET_EXECUTION_ROLE_PATTERN,
  scpExemptPrincipals,
} from './scp-exemptions';
export { TEMPLATE_BODY_LIMIT, TEMPLATE_URL_LIMIT, templateSizes } from './template-sizes';
