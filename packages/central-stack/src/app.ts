import type { TrailGuardConfig } from '@trailguard/config';
import { MemberResources, memberResourcesProps } from '@trailguard/member-stack';
import { App, type CfnResource, Stack, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  Capability,
  DeploymentType,
  type OperationPreferences,
  RegionConcurrencyType,
  StackSet,
  StackSetStack,
  StackSetTarget,
  StackSetTemplate,
} from 'cdk-stacksets';
import { CentralResources } from './central-resources';
import { PARENT_STACK_ID, rolloutRegionOrder, STACKSET_NAMES } from './deployment';
import { ManagementStackSetRoles } from './management-stackset-roles';
import { MANAGEMENT_EXECUTION_ROLE_NAME } from './names';
import { PreventionPolicy } from './prevention-policy';

/** Options of the CDK app that turns a configuration into templates. */
export interface TrailGuardAppProps {
  /** Directory the cloud assembly is written to. */
  readonly outdir: string;
  /** Run aws-cdk-lib's CloudFormation validator on synth (slow; tests turn it off); @default true */
  readonly validateTemplates?: boolean;
  /**
   * OUs the member StackSet targets instead of the configured ones: the canary OU, for the first
   * stage of a staged rollout. Nothing else narrows (the SCP, the management account's StackSet).
   * @default the configured organizationalUnits
   */
  readonly memberOrganizationalUnits?: readonly string[];
}

/**
 * Builds the whole TrailGuard CDK app from a validated configuration: one stack in the
 * management account's home region, which creates every StackSet (see `describeDeployment`).
 */
export function buildApp(config: TrailGuardConfig, props: TrailGuardAppProps): App {
  const app = new App({
    outdir: props.outdir,
    builtinCloudFormationValidation: props.validateTemplates ?? true,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  for (const [key, value] of Object.entries(config.tags)) Tags.of(app).add(key, value);

  const parent = new Stack(app, PARENT_STACK_ID, {
    // From a delegated administrator the parent goes to whichever account deploys it.
    env: fromDelegatedAdmin(config)
      ? { region: config.homeRegion }
      : { account: config.managementAccountId, region: config.homeRegion },
    description: 'TrailGuard: keeps CloudTrail recording in every account and region of the organization.',
  });
  const central = centralStackSet(parent, config);
  // One member template, used by the organization's StackSet and the management account's.
  const memberTemplate = new StackSetStack(parent, 'Member');
  new MemberResources(memberTemplate, 'Member', memberResourcesProps(config));
  memberStackSet(parent, config, memberTemplate, central, props.memberOrganizationalUnits);
  managementStackSet(parent, config, memberTemplate, central);

  if (config.prevention.enabled) {
    new PreventionPolicy(parent, 'PreventionPolicy', {
      targetIds: config.organizationalUnits,
      breakGlassPrincipals: config.prevention.breakGlassPrincipals,
    });
  }
  return app;
}

function fromDelegatedAdmin(config: TrailGuardConfig): boolean {
  return config.stackSet.callAs === 'DELEGATED_ADMIN';
}

/**
 * Central resources, through a service-managed StackSet narrowed to the security account, so
 * that account needs no CDK bootstrap. OU targeting is recursive: root ∩ {account} = account.
 */
function centralStackSet(parent: Stack, config: TrailGuardConfig): StackSet {
  const centralTemplate = new StackSetStack(parent, 'Central');
  new CentralResources(centralTemplate, 'Central', {
    organizationId: config.organizationId,
    securityAccountId: config.securityAccountId,
    homeRegion: config.homeRegion,
    notificationEmails: config.notificationEmails,
    eventArchiveRetentionDays: config.eventArchiveRetentionDays,
    chat: config.chat,
  });
  // One instance, which everything else needs: strict tolerance (the default) is what it wants.
  const central = new StackSet(parent, 'CentralStackSet', {
    stackSetName: STACKSET_NAMES.central,
    description: 'TrailGuard central resources in the security account.',
    template: StackSetTemplate.fromStackSetStack(centralTemplate),
    deploymentType: DeploymentType.serviceManaged({
      delegatedAdmin: fromDelegatedAdmin(config),
      autoDeployEnabled: false,
    }),
    target: StackSetTarget.fromOrganizationalUnits({
      organizationalUnits: [config.organizationRootId],
      additionalAccounts: [config.securityAccountId],
      regions: [config.homeRegion],
    }),
    capabilities: [Capability.NAMED_IAM],
  });
  cfnOf(central).addPropertyOverride(
    'StackInstancesGroup.0.DeploymentTargets.AccountFilterType',
    'INTERSECTION',
  );
  return central;
}

/** The member template in every account of the configured OUs × regions, new accounts included. */
function memberStackSet(
  parent: Stack,
  config: TrailGuardConfig,
  template: StackSetStack,
  central: StackSet,
  organizationalUnits: readonly string[] = config.organizationalUnits,
) {
  const members = new StackSet(parent, 'MemberStackSet', {
    stackSetName: STACKSET_NAMES.members,
    description: 'TrailGuard remediation in every account of the configured OUs.',
    template: StackSetTemplate.fromStackSetStack(template),
    // Accounts that leave the OUs lose their stack: TrailGuard protects what it targets only.
    deploymentType: DeploymentType.serviceManaged({
      delegatedAdmin: fromDelegatedAdmin(config),
      autoDeployEnabled: true,
      autoDeployRetainStacks: false,
    }),
    target: StackSetTarget.fromOrganizationalUnits({
      organizationalUnits: [...organizationalUnits],
      excludeAccounts: config.excludedAccounts.length ? [...config.excludedAccounts] : undefined,
      regions: [...config.regions],
    }),
    operationPreferences: operationPreferences(config),
    capabilities: [Capability.NAMED_IAM],
  });
  withConcurrencyMode(members, config.stackSet.concurrencyMode);
  // The central topic and bus must exist before members publish to them.
  members.node.addDependency(central);
}

/** The member template in the management account × regions, which service-managed StackSets skip. */
function managementStackSet(
  parent: Stack,
  config: TrailGuardConfig,
  template: StackSetStack,
  central: StackSet,
) {
  const roles = new ManagementStackSetRoles(parent, 'ManagementStackSetRoles', {
    managementAccountId: config.managementAccountId,
    regions: config.regions,
    // Only a stack in the management account can create a role there.
    createExecutionRole: !fromDelegatedAdmin(config),
  });
  const management = new StackSet(parent, 'ManagementStackSet', {
    stackSetName: STACKSET_NAMES.management,
    description: 'TrailGuard remediation in the management account, which service-managed StackSets skip.',
    template: StackSetTemplate.fromStackSetStack(template),
    deploymentType: DeploymentType.selfManaged({
      adminRole: roles.stackSetAdministrationRole,
      executionRoleName: MANAGEMENT_EXECUTION_ROLE_NAME,
    }),
    target: StackSetTarget.fromAccounts({
      accounts: [config.managementAccountId],
      regions: [...config.regions],
    }),
    operationPreferences: operationPreferences(config),
    capabilities: [Capability.NAMED_IAM],
  });
  withConcurrencyMode(management, config.stackSet.concurrencyMode);
  // Both roles, with their inline policies, must exist before the first operation (an IAM role
  // created alongside its first use races it, cdk-stacksets #438).
  management.node.addDependency(roles.administrationRole, central);
  if (roles.executionRole) management.node.addDependency(roles.executionRole);
}

/**
 * The configured counts or percentages (the config leaves exactly one of each pair set); one
 * region after another takes the home region first.
 */
function operationPreferences(config: TrailGuardConfig): OperationPreferences {
  const sequential = config.stackSet.regionConcurrencyType === 'SEQUENTIAL';
  return {
    regionConcurrencyType: RegionConcurrencyType[config.stackSet.regionConcurrencyType],
    ...(sequential ? { regionOrder: rolloutRegionOrder(config) } : {}),
    maxConcurrentCount: config.stackSet.maxConcurrentCount,
    maxConcurrentPercentage: config.stackSet.maxConcurrentPercentage,
    failureToleranceCount: config.stackSet.failureToleranceCount,
    failureTolerancePercentage: config.stackSet.failureTolerancePercentage,
  };
}

function cfnOf(stackSet: StackSet): CfnResource {
  return stackSet.node.defaultChild as CfnResource;
}

/**
 * Sets how the StackSet reacts to failed instances; cdk-stacksets has no property for it. With
 * SOFT_FAILURE_TOLERANCE one account that fails (a region it has not enabled, a name already
 * taken) does not slow or stop the others while failures stay within the tolerance.
 */
function withConcurrencyMode(
  stackSet: StackSet,
  mode: TrailGuardConfig['stackSet']['concurrencyMode'],
): void {
  cfnOf(stackSet).addPropertyOverride('OperationPreferences.ConcurrencyMode', mode);
}
