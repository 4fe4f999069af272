import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../../aws-clients';
import { CDK_BOOTSTRAP_PARAMETER } from '../../cdk/bootstrap';
import { type BootstrapResources, readBootstrapResources } from './bootstrap-facts';
import { type DeployerPermissions, simulateDeployerPolicy } from './permission-facts';

export { CDK_BOOTSTRAP_PARAMETER } from '../../cdk/bootstrap';
export type { BootstrapResources } from './bootstrap-facts';
export type { DeployerPermissions } from './permission-facts';

// Reading what the preflight checks look at. The checks themselves (checks/) are pure functions
// of these facts; only this file talks to AWS.

/** The service principal whose trusted access service-managed StackSets need. */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/** The result of one lookup: its value, or the AWS error that stopped it. */
export type Fact<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

/** Who is calling. */
export interface Caller {
  readonly account: string;
  readonly arn: string;
}

/** The organization as DescribeOrganization reports it. */
export interface OrganizationDescription {
  readonly id: string;
  readonly managementAccountId: string;
  readonly featureSet: string;
}

/** A root of the organization, with the policy types enabled on it (ListRoots). */
export interface OrganizationRoot {
  readonly id: string;
  readonly name: string;
  /** e.g. `{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }`; status may be PENDING_ENABLE. */
  readonly policyTypes: ReadonlyArray<{ readonly type: string; readonly status: string }>;
}

/** Everything the preflight checks look at, as read from AWS. */
export interface PreflightFacts {
  readonly caller: Fact<Caller>;
  /** Absent when there were no credentials to look further with. */
  readonly organization?: Fact<OrganizationDescription>;
  readonly roots?: Fact<readonly OrganizationRoot[]>;
  readonly trustedServices?: Fact<readonly string[]>;
  /** Accounts registered as delegated administrators for StackSets (read with `callAs: DELEGATED_ADMIN` only). */
  readonly delegatedAdministrators?: Fact<readonly string[]>;
  /** OU id → its name, or undefined when the organization has no such OU. */
  readonly units?: Readonly<Record<string, Fact<string | undefined>>>;
  /** The security account's state and name, or undefined when it is not a member. */
  readonly securityAccount?: Fact<{ state: string; name: string } | undefined>;
  /** Region → the bootstrap version there, or undefined when not bootstrapped. */
  readonly bootstrap?: Readonly<Record<string, Fact<number | undefined>>>;
  /** The bootstrap's bucket and roles in the deploying account's home region. */
  readonly bootstrapResources?: Fact<BootstrapResources>;
  /** The IAM policy simulator's answer for deployer-policy.json and the caller. */
  readonly deployerPermissions?: Fact<DeployerPermissions>;
  /** Region → opt-in status as EC2 DescribeRegions reports it. */
  readonly regionStatus?: Fact<Readonly<Record<string, string>>>;
}

/** Runs `read`, keeping its value or the AWS error that stopped it. */
export async function fact<T>(read: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Runs `read`, answering `undefined` when it fails with one of the named errors ("no such thing"). */
export async function unlessNotFound<T>(read: () => Promise<T>, ...names: string[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof Error && names.includes(error.name)) return undefined;
    throw error;
  }
}

/** Reads, from the caller's account, everything the preflight checks need (calls run in parallel). */
export async function gatherPreflightFacts(
  config: TrailGuardConfig,
  clients: AwsClients,
): Promise<PreflightFacts> {
  const caller = await fact(async () => {
    const identity = await clients
      .client(STSClient, config.homeRegion)
      .send(new GetCallerIdentityCommand({}));
    return { account: identity.Account ?? '', arn: identity.Arn ?? '' };
  });
  if (!caller.ok) return { caller };
  // Organizations is a global service served from us-east-1 (aws partition).
  const organizations = clients.client(OrganizationsClient, 'us-east-1');
  const [
    organization,
    roots,
    trustedServices,
    delegatedAdministrators,
    units,
    securityAccount,
    bootstrap,
    regionStatus,
    bootstrapResources,
    deployerPermissions,
  ] = await Promise.all([
    fact(() => describeOrganization(organizations)),
    fact(() => listRoots(organizations)),
    fact(() => listTrustedServices(organizations)),
    config.stackSet.callAs === 'DELEGATED_ADMIN'
      ? fact(() => listStackSetsAdministrators(organizations))
      : undefined,
    describeUnits(organizations, config.organizationalUnits),
    fact(() => describeSecurityAccount(organizations, config.securityAccountId)),
    // Only the parent stack is a CDK stack, in the home region; the rest are StackSets it creates.
    fact(() => readBootstrapVersion(clients.client(SSMClient, config.homeRegion))),
    fact(() => readRegionStatus(clients.client(EC2Client, config.homeRegion))),
    fact(() => readBootstrapResources(clients, caller.value.account, config.homeRegion)),
    fact(() => simulateDeployerPolicy(clients, caller.value, config)),
  ]);
  return {
    caller,
    organization,
    roots,
    trustedServices,
    ...(delegatedAdministrators ? { delegatedAdministrators } : {}),
    units,
    securityAccount,
    bootstrap: { [config.homeRegion]: bootstrap },
    regionStatus,
    bootstrapResources,
    deployerPermissions,
  };
}

async function describeOrganization(organizations: OrganizationsClient): Promise<OrganizationDescription> {
  const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
  return {
    id: Organization?.Id ?? '',
    managementAccountId: Organization?.MasterAccountId ?? '',
    featureSet: Organization?.FeatureSet ?? '',
  };
}

async function listRoots(organizations: OrganizationsClient): Promise<OrganizationRoot[]> {
  const { Roots } = await organizations.send(new ListRootsCommand({}));
  return (Roots ?? []).map((r) => ({
    id: r.Id ?? '',
    name: r.Name ?? '',
    policyTypes: (r.PolicyTypes ?? []).map((t) => ({ type: t.Type ?? '', status: t.Status ?? '' })),
  }));
}

async function listTrustedServices(organizations: OrganizationsClient): Promise<string[]> {
  const services: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await organizations.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken }));
    for (const s of page.EnabledServicePrincipals ?? [])
      if (s.ServicePrincipal) services.push(s.ServicePrincipal);
    NextToken = page.NextToken;
  } while (NextToken);
  return services;
}

async function listStackSetsAdministrators(organizations: OrganizationsClient): Promise<string[]> {
  const accounts: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await organizations.send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL, NextToken }),
    );
    for (const a of page.DelegatedAdministrators ?? []) if (a.Id) accounts.push(a.Id);
    NextToken = page.NextToken;
  } while (NextToken);
  return accounts;
}

async function describeUnits(
  organizations: OrganizationsClient,
  targets: readonly string[],
): Promise<Record<string, Fact<string | undefined>>> {
  const unitIds = targets.filter((id) => id.startsWith('ou-'));
  const entries = await Promise.all(
    unitIds.map(async (id) => {
      const name = await fact(() =>
        unlessNotFound(async () => {
          const { OrganizationalUnit } = await organizations.send(
            new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }),
          );
          return OrganizationalUnit?.Name ?? id;
        }, 'OrganizationalUnitNotFoundException'),
      );
      return [id, name] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function describeSecurityAccount(organizations: OrganizationsClient, accountId: string) {
  return unlessNotFound(async () => {
    const { Account } = await organizations.send(new DescribeAccountCommand({ AccountId: accountId }));
    return { state: Account?.State ?? Account?.Status ?? 'UNKNOWN', name: Account?.Name ?? '' };
  }, 'AccountNotFoundException');
}

function readBootstrapVersion(ssm: SSMClient): Promise<number | undefined> {
  return unlessNotFound(async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: CDK_BOOTSTRAP_PARAMETER }));
    return Number(Parameter?.Value);
  }, 'ParameterNotFound');
}

async function readRegionStatus(ec2: EC2Client): Promise<Record<string, string>> {
  const { Regions } = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
  return Object.fromEntries((Regions ?? []).map((r) => [r.RegionName ?? '', r.OptInStatus ?? '']));
}
