export { buildApp, TrailGuard, type TrailGuardAppProps, type TrailGuardProps } from './app';
export { CentralResources, type CentralResourcesProps } from './central-resources';
export {
  type DeploymentUnit,
  describeDeployment,
  PARENT_STACK_ID,
  rolloutRegionOrder,
  STACKSET_NAMES,
  TEMPLATE_FILES,
} from './deployment';
export { ManagementStackSetRoles, type ManagementStackSetRolesProps } from './management-stackset-roles';
export { MANAGEMENT_ADMINISTRATION_ROLE_NAME, MANAGEMENT_EXECUTION_ROLE_NAME, VERSION_TAG } from './names';
export {
  MAX_SCP_LENGTH,
  PreventionPolicy,
  type PreventionPolicyProps,
  policyLength,
  preventionPolicyDocument,
  REMEDIATION_ROLE_PATTERN,
  STACKSET_EXECUTION_ROLE_PATTERN,
} from './prevention-policy';
export { TEMPLATE_BODY_LIMIT, TEMPLATE_URL_LIMIT, templateSizes } from './template-sizes';
