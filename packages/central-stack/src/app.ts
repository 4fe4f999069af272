import type { TrailGuardConfig } from '@trailguard/config';
import { TRAILGUARD_VERSION } from '@trailguard/config/defaults';
import { MemberResources, memberResourcesProps } from '@trailguard/member-stack';
import { App, type CfnResource, Stack, type StackProps, Tags, Validations } from 'aws-cdk-lib';
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
import type { Construct } from 'constructs';
import { CentralResources } from './central-resources';
import { PARENT_STACK_ID, rolloutRegionOrder, STACKSET_NAMES } from './deployment';
import { ManagementStackSetRoles } from './management-stackset-roles';
import { MANAGEMENT_EXECUTION_ROLE_NAME, VERSION_TAG } from './names';
import { PreventionPolicy } from './prevention-policy';

/** Properties of the TrailGuard stack. */
export interface TrailGuardProps extends Omit<StackProps, 'env' | 'description'> {
  /**
   * The validated configuration (`loadConfig` or `parseConfig` of `@trailguard/config`). It also
   * decides where the stack goes: the management account's home region, or with
   * `stackSet.callAs: DELEGATED_ADMIN` the home region of whichever account deploys it.
   */
  readonly config: TrailGuardConfig;
  /**
   * OUs the member StackSet targets instead of the configured ones: the canary OU, for the first
   * stage of a staged rollout. Nothing else narrows (the SCP, the management account's StackSet).
   * @default the configured organizationalUnits
   */
  readonly memberOrganizationalUnits?: readonly string[];
}

/**
 * Everything TrailGuard deploys, as one stack of any CDK app: the StackSets that put the central
 * topic and bus in the security account and the member resources in every account × region of
 * the configured OUs and in the management account, the management StackSet's roles and the
 * optional prevention SCP. Its id becomes the stack name; `pnpm run deploy` uses `TrailGuard`.
 */
export class TrailGuard extends Stack {
  /** The configuration the stack was built from. */
  readonly config: TrailGuardConfig;
  /** The service-managed StackSet of the central resources (security account, home region). */
  readonly centralStackSet: StackSet;
  /** The service-managed StackSet of the member resources (configured OUs × regions). */
  readonly memberStackSet: StackSet;
  /** The self-managed StackSet of the member resources in the management account. */
  readonly managementStackSet: StackSet;
  /** The service control policy, when `prevention.enabled`. */
  readonly preventionPolicy?: PreventionPolicy;

  constructor(scope: Construct, id: string, props: TrailGuardProps) {
    const { config, memberOrganizationalUnits, ...stackProps } = props;
    super(scope, id, {
      ...stackProps,
      // From a delegated administrator the parent goes to whichever account deploys it.
      env: fromDelegatedAdmin(config)
        ? { region: config.homeRegion }
        : { account: config.managementAccountId, region: config.homeRegion },
      description: `TrailGuard ${TRAILGUARD_VERSION}: keeps CloudTrail recording in every account and region of the organization.`,
    });
    this.config = config;
    for (const [key, value] of Object.entries(config.tags)) Tags.of(this).add(key, value);
    // The version, on this stack and on each StackSet: CloudFormation passes a stack's tags on
    // to its resources, and a StackSet's to the stacks of its instances. `coverage` reads it.
    Tags.of(this).add(VERSION_TAG, TRAILGUARD_VERSION, {
      includeResourceTypes: ['AWS::CloudFormation::StackSet'],
    });
    this.tags.setTag(VERSION_TAG, TRAILGUARD_VERSION);

    this.centralStackSet = centralStackSet(this, config);
    // One member template, used by the organization's StackSet and the management account's.
    const memberTemplate = new StackSetStack(this, 'Member');
    memberTemplate.templateOptions.description = `TrailGuard ${TRAILGUARD_VERSION}: remediation of CloudTrail tampering in this account and region.`;
    new MemberResources(memberTemplate, 'Member', memberResourcesProps(config));
    this.memberStackSet = memberStackSet(
      this,
      config,
      memberTemplate,
      this.centralStackSet,
      memberOrganizationalUnits,
    );
    this.managementStackSet = managementStackSet(this, config, memberTemplate, this.centralStackSet);

    if (config.prevention.enabled) {
      this.preventionPolicy = new PreventionPolicy(this, 'PreventionPolicy', {
        targetIds: config.organizationalUnits,
        breakGlassPrincipals: config.prevention.breakGlassPrincipals,
      });
    }
  }
}

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
 * Builds the whole TrailGuard CDK app from a validated configuration: the `TrailGuard` stack in
 * its own app, with cdk-nag's AwsSolutions checks, as `pnpm synth` and `pnpm run deploy` run it.
 */
export function buildApp(config: TrailGuardConfig, props: TrailGuardAppProps): App {
  const app = new App({
    outdir: props.outdir,
    builtinCloudFormationValidation: props.validateTemplates ?? true,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  new TrailGuard(app, PARENT_STACK_ID, {
    config,
    ...(props.memberOrganizationalUnits
      ? { memberOrganizationalUnits: props.memberOrganizationalUnits }
      : {}),
  });
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
  centralTemplate.templateOptions.description = `TrailGuard ${TRAILGUARD_VERSION}: the notification topic and event bus of the security account.`;
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
): StackSet {
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
  return members;
}

/** The member template in the management account × regions, which service-managed StackSets skip. */
function managementStackSet(
  parent: Stack,
  config: TrailGuardConfig,
  template: StackSetStack,
  central: StackSet,
): StackSet {
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
  return management;
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
