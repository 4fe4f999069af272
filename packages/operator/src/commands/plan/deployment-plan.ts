import { type DeploymentUnit, describeDeployment, STACKSET_NAMES } from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import { configurationWarnings } from '../../configuration-warnings';
import type { OrganizationTree } from '../../organization';
import { type CostEstimate, estimateCost } from './cost';
import { planRollout, type RolloutPlan } from './rollout';

/** What TrailGuard does with one account found under the configured OUs. */
export type AccountDisposition =
  | 'protected' // receives a member stack instance in every configured region
  | 'excluded' // listed in excludedAccounts
  | 'suspended' // not ACTIVE: StackSets cannot deploy there
  | 'management'; // skipped by service-managed StackSets; covered by the management StackSet

/** One account of the online plan. */
export interface PlannedAccount {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly state: string;
  readonly disposition: AccountDisposition;
  /** Regions that receive a stack instance (empty unless protected). */
  readonly regions: readonly string[];
}

/** Where each part of TrailGuard goes. */
export interface DeploymentPlan {
  readonly mode: 'offline' | 'online';
  /**
   * What goes where: the parent stack `cdk deploy` deploys, then the StackSets it creates. The
   * same description `pnpm synth` prints (`describeDeployment`).
   */
  readonly units: readonly DeploymentUnit[];
  readonly central: { readonly stackSetName: string; readonly account: string; readonly region: string };
  readonly memberStackSet: {
    readonly name: string;
    readonly homeRegion: string;
    readonly organizationalUnits: ReadonlyArray<{
      readonly id: string;
      readonly name?: string;
      readonly found?: boolean;
    }>;
    readonly regions: readonly string[];
    readonly excludedAccounts: readonly string[];
  };
  readonly managementAccount: {
    readonly account: string;
    /** Self-managed StackSet: StackSets of the organization never deploy to the management account. */
    readonly stackSetName: string;
    readonly regions: readonly string[];
  };
  /** How the member StackSets roll out: region order, concurrency, failure tolerance, canary. */
  readonly rollout: RolloutPlan;
  /** What it costs a month when nothing happens: per account × region, and in total when online. */
  readonly cost: CostEstimate;
  /** Accounts under the OUs (online only). */
  readonly accounts?: readonly PlannedAccount[];
  readonly totals?: {
    readonly protectedAccounts: number;
    readonly stackInstances: number;
    readonly excluded: number;
    readonly suspended: number;
  };
  /** Things the operator should know (the security account outside the OUs…). */
  readonly warnings: readonly string[];
  /**
   * What makes the configuration wrong for this organization (an OU not found, a security
   * account that is not a member): `plan` exits 1 when there is any. Online only.
   */
  readonly errors?: readonly string[];
}

function basePlan(config: TrailGuardConfig): Omit<DeploymentPlan, 'mode' | 'warnings'> {
  return {
    units: describeDeployment(config),
    central: {
      stackSetName: STACKSET_NAMES.central,
      account: config.securityAccountId,
      region: config.homeRegion,
    },
    memberStackSet: {
      name: STACKSET_NAMES.members,
      homeRegion: config.homeRegion,
      organizationalUnits: config.organizationalUnits.map((id) => ({ id })),
      regions: config.regions,
      excludedAccounts: config.excludedAccounts,
    },
    managementAccount: {
      account: config.managementAccountId,
      stackSetName: STACKSET_NAMES.management,
      regions: config.regions,
    },
    rollout: planRollout(config),
    cost: estimateCost(config, null),
  };
}

/** The plan from the configuration alone: no AWS calls, no account list. */
export function planOffline(config: TrailGuardConfig): DeploymentPlan {
  return { mode: 'offline', ...basePlan(config), warnings: configurationWarnings(config) };
}

const ACTIVE_STATES = new Set(['ACTIVE']);

/** What the walk under the OUs cannot see. */
export interface OrganizationFacts {
  /** Whether the security account is in the organization at all; undefined when not looked up. */
  readonly securityAccountInOrganization?: boolean;
}

/** The plan for the organization as it is: every account under the OUs and what it receives. */
export function planOnline(
  config: TrailGuardConfig,
  tree: OrganizationTree,
  facts: OrganizationFacts = {},
): DeploymentPlan {
  const base = basePlan(config);
  const excluded = new Set(config.excludedAccounts);
  const accounts = tree.accounts.map((account): PlannedAccount => {
    const disposition: AccountDisposition =
      account.id === config.managementAccountId
        ? 'management'
        : excluded.has(account.id)
          ? 'excluded'
          : ACTIVE_STATES.has(account.state)
            ? 'protected'
            : 'suspended';
    return { ...account, disposition, regions: disposition === 'protected' ? config.regions : [] };
  });
  const count = (d: AccountDisposition) => accounts.filter((a) => a.disposition === d).length;
  const found = new Set(accounts.map((a) => a.id));
  const warnings: string[] = configurationWarnings(config);
  const errors: string[] = [];
  for (const target of tree.targets) {
    if (target.name === undefined) {
      errors.push(
        `organizational unit ${target.id} was not found in the organization; nothing would deploy there. Correct organizationalUnits`,
      );
    }
  }
  if (facts.securityAccountInOrganization === false) {
    errors.push(
      `the security account ${config.securityAccountId} is not in the organization: the central StackSet cannot deploy there, so no notification would reach anyone. Correct securityAccountId`,
    );
  } else if (!found.has(config.securityAccountId)) {
    warnings.push(
      `the security account ${config.securityAccountId} is not under the configured OUs: it receives the central stack but its own trails are not protected`,
    );
  }
  for (const id of config.excludedAccounts) {
    if (!found.has(id))
      warnings.push(`excluded account ${id} is not under the configured OUs (nothing to exclude)`);
  }
  const protectedAccounts = count('protected');
  return {
    mode: 'online',
    ...base,
    memberStackSet: {
      ...base.memberStackSet,
      organizationalUnits: tree.targets.map((t) => ({ id: t.id, name: t.name, found: t.name !== undefined })),
    },
    rollout: planRollout(config, protectedAccounts),
    // The management account runs the same member resources in every configured region.
    cost: estimateCost(config, (protectedAccounts + 1) * config.regions.length),
    accounts,
    totals: {
      protectedAccounts,
      stackInstances: protectedAccounts * config.regions.length,
      excluded: count('excluded'),
      suspended: count('suspended'),
    },
    warnings,
    errors,
  };
}
