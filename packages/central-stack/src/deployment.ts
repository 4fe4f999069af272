import type { TrailGuardConfig } from '@trailguard/config';

/** Construct id (and CloudFormation stack name) of the one stack `cdk deploy` deploys. */
export const PARENT_STACK_ID = 'TrailGuard';

/** One CloudFormation deployment TrailGuard makes: the parent stack or one of its StackSets. */
export interface DeploymentUnit {
  /** Stack name or StackSet name. */
  readonly name: string;
  /** What it is. */
  readonly kind: 'stack' | 'service-managed StackSet' | 'self-managed StackSet';
  /** What it holds, in a few words. */
  readonly contents: string;
  /** Where it goes, in words (accounts, OUs). */
  readonly targets: string;
  /** Regions it goes to. */
  readonly regions: readonly string[];
  /** File name of its template inside the cloud assembly directory. */
  readonly templateFile: string;
}

/** The template files inside the cloud assembly (cdk-stacksets names them after the construct path). */
export const TEMPLATE_FILES = {
  parent: `${PARENT_STACK_ID}.template.json`,
  central: 'TrailGuardCentral4CD5969B.stackset.template.json',
  member: 'TrailGuardMember832A2A41.stackset.template.json',
} as const;

/** StackSet names. */
export const STACKSET_NAMES = {
  central: 'TrailGuard-Central',
  members: 'TrailGuard-Members',
  management: 'TrailGuard-ManagementAccount',
} as const;

/**
 * What a configuration deploys where: the parent stack (deployed by `cdk deploy` in the
 * management account's home region) and the StackSets it creates.
 */
export function describeDeployment(config: TrailGuardConfig): DeploymentUnit[] {
  const excluded = config.excludedAccounts.length ? `, except ${config.excludedAccounts.join(', ')}` : '';
  const delegated = config.stackSet.callAs === 'DELEGATED_ADMIN';
  const units: DeploymentUnit[] = [
    {
      name: PARENT_STACK_ID,
      kind: 'stack',
      contents: `the StackSets below, the management StackSet's roles${config.prevention.enabled ? ', the prevention SCP' : ''}`,
      targets: delegated
        ? 'the delegated administrator account whose credentials deploy it (stackSet.callAs: DELEGATED_ADMIN)'
        : `management account ${config.managementAccountId}`,
      regions: [config.homeRegion],
      templateFile: TEMPLATE_FILES.parent,
    },
    {
      name: STACKSET_NAMES.central,
      kind: 'service-managed StackSet',
      contents: 'KMS key, notification topic, e-mail subscriptions, event bus and archive',
      targets: `security account ${config.securityAccountId}`,
      regions: [config.homeRegion],
      templateFile: TEMPLATE_FILES.central,
    },
    {
      name: STACKSET_NAMES.members,
      kind: 'service-managed StackSet',
      contents: 'remediation function, rules, role, log group, dead-letter queue',
      targets: `every account in ${listSome(config.organizationalUnits)} (new ones enrolled automatically)${excluded}`,
      regions: config.regions,
      templateFile: TEMPLATE_FILES.member,
    },
    {
      name: STACKSET_NAMES.management,
      kind: 'self-managed StackSet',
      contents: delegated
        ? 'the same member resources; needs the role TrailGuardStackSetExecution created once in the management account'
        : 'the same member resources',
      targets: `management account ${config.managementAccountId}`,
      regions: config.regions,
      templateFile: TEMPLATE_FILES.member,
    },
  ];
  return units;
}

/**
 * The order StackSet operations take the regions in when they go one after another
 * (`regionConcurrencyType: SEQUENTIAL`): the home region first, where the central resources are
 * and where a problem is looked at first, then the others as configured.
 */
export function rolloutRegionOrder(config: TrailGuardConfig): string[] {
  return [config.homeRegion, ...config.regions.filter((r) => r !== config.homeRegion)];
}

/** A list short enough for one line of the plan. */
function listSome(items: readonly string[], shown = 6): string {
  return items.length <= shown
    ? items.join(', ')
    : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more OUs`;
}
