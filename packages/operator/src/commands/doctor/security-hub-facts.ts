import { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  ListMembersCommand,
  type ListMembersCommandOutput,
  ListOrganizationAdminAccountsCommand,
  type ListOrganizationAdminAccountsCommandOutput,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../../aws-clients';
import { walkOrganization } from '../../organization';
import { planOnline } from '../plan/deployment-plan';

// Where TrailGuard's Security Hub findings go: each is imported in the account and region of its
// incident, and reaches the security team only where that account is an enabled member of the
// organization's Security Hub administrator in that region. Read for the check in
// checks/security-hub-members.ts; with the other *-facts.ts files, the only code of doctor that
// talks to AWS.

/** The Security Hub administrator of one region and the accounts whose findings reach it. */
export interface HubMembership {
  /** The organization's Security Hub administrator account there, or null when none is designated. */
  readonly administrator: string | null;
  /** The administrator itself and its members whose status is ENABLED there. */
  readonly enabled: readonly string[];
}

/** Where findings aggregate, against where TrailGuard imports them. */
export interface HubCoverage {
  /** The accounts TrailGuard runs in: the active accounts under the OUs (not excluded) and the management account. */
  readonly accounts: readonly string[];
  /** Each configured region's administrator and enabled accounts. */
  readonly regions: Readonly<Record<string, HubMembership>>;
}

/** Reads the targeted accounts, then each region's administrator (from the caller) and its members (in it, through `roleName`). */
export async function readHubCoverage(
  config: TrailGuardConfig,
  clients: AwsClients,
  roleName: string,
): Promise<HubCoverage> {
  const tree = await walkOrganization(
    clients.client(OrganizationsClient, 'us-east-1'),
    config.organizationalUnits,
  );
  const protectedAccounts = (planOnline(config, tree).accounts ?? [])
    .filter((a) => a.disposition === 'protected')
    .map((a) => a.id);
  const regions = await Promise.all(
    config.regions.map(async (region) => [region, await membership(clients, region, roleName)] as const),
  );
  return {
    accounts: [...new Set([...protectedAccounts, config.managementAccountId])].sort(),
    regions: Object.fromEntries(regions),
  };
}

async function membership(clients: AwsClients, region: string, roleName: string): Promise<HubMembership> {
  const caller = clients.client(SecurityHubClient, region);
  const admins: string[] = [];
  let NextToken: string | undefined;
  do {
    const page: ListOrganizationAdminAccountsCommandOutput = await caller.send(
      new ListOrganizationAdminAccountsCommand({ NextToken }),
    );
    for (const admin of page.AdminAccounts ?? [])
      if (admin.AccountId && admin.Status === 'ENABLED') admins.push(admin.AccountId);
    NextToken = page.NextToken;
  } while (NextToken);
  const [administrator] = admins;
  if (!administrator) return { administrator: null, enabled: [] };
  const hub = await clients.clientIn(SecurityHubClient, region, administrator, roleName);
  const enabled = [administrator];
  NextToken = undefined;
  do {
    const page: ListMembersCommandOutput = await hub.send(
      new ListMembersCommand({ OnlyAssociated: false, NextToken }),
    );
    for (const member of page.Members ?? [])
      if (member.AccountId && member.MemberStatus?.toUpperCase() === 'ENABLED')
        enabled.push(member.AccountId);
    NextToken = page.NextToken;
  } while (NextToken);
  return { administrator, enabled };
}
