import {
  type Account,
  DescribeOrganizationalUnitCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { createLimiter } from './concurrency';

/** An account found under a targeted OU. */
export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED… as Organizations reports it. */
  readonly state: string;
  /** The OU (or root) directly holding the account. */
  readonly parentId: string;
  /** Names from the targeted OU down to the parent, e.g. `Workloads/Prod`. */
  readonly path: string;
}

/** A configured OU (or root) as found in the organization. */
export interface TargetUnit {
  readonly id: string;
  /** Its name, or undefined when the organization has no such OU. */
  readonly name?: string;
}

/** What a walk of the targeted part of the organization found. */
export interface OrganizationTree {
  readonly targets: readonly TargetUnit[];
  /** Every account under the found targets, nested OUs included, each once. */
  readonly accounts: readonly OrgAccount[];
  /** How many OUs were visited, the targets included. */
  readonly unitsVisited: number;
}

/** Options of an organization walk. */
export interface WalkOptions {
  /** Calls in flight at most; @default 8 */
  readonly concurrency?: number;
  /** Called as accounts are found. */
  readonly onProgress?: (found: { units: number; accounts: number }) => void;
}

const NOT_FOUND = new Set([
  'OrganizationalUnitNotFoundException',
  'ParentNotFoundException',
  'ChildNotFoundException',
  'InvalidInputException',
]);

/**
 * Walks the organization from the configured OUs (or the root) down through every nested OU,
 * listing accounts page by page with at most `concurrency` calls in flight.
 */
export async function walkOrganization(
  organizations: OrganizationsClient,
  targetIds: readonly string[],
  options: WalkOptions = {},
): Promise<OrganizationTree> {
  const limit = createLimiter(options.concurrency ?? 8);
  const roots = targetIds.some((id) => id.startsWith('r-'))
    ? ((await limit(() => organizations.send(new ListRootsCommand({})))).Roots ?? [])
    : [];

  const targets = await Promise.all(
    targetIds.map(async (id): Promise<TargetUnit> => {
      if (id.startsWith('r-')) return { id, name: roots.find((r) => r.Id === id)?.Name };
      try {
        const { OrganizationalUnit } = await limit(() =>
          organizations.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id })),
        );
        return { id, name: OrganizationalUnit?.Name };
      } catch (error) {
        if (error instanceof Error && NOT_FOUND.has(error.name)) return { id };
        throw error;
      }
    }),
  );

  const accounts = new Map<string, OrgAccount>();
  const visited = new Set<string>();
  const report = () => options.onProgress?.({ units: visited.size, accounts: accounts.size });

  const visit = async (unitId: string, path: string): Promise<void> => {
    if (visited.has(unitId)) return;
    visited.add(unitId);
    const [children] = await Promise.all([
      listChildUnits(organizations, unitId, limit),
      listAccounts(organizations, unitId, limit, (page) => {
        for (const account of page) {
          if (!account.Id || accounts.has(account.Id)) continue;
          accounts.set(account.Id, {
            id: account.Id,
            name: account.Name ?? '',
            state: account.State ?? account.Status ?? 'UNKNOWN',
            parentId: unitId,
            path,
          });
        }
        report();
      }),
    ]);
    await Promise.all(children.map((child) => visit(child.id, `${path}/${child.name}`)));
  };

  // A configured OU nested in another configured OU is visited once, under the outer one.
  await Promise.all(targets.filter((t) => t.name !== undefined).map((t) => visit(t.id, t.name ?? t.id)));
  return {
    targets,
    accounts: [...accounts.values()].sort((a, b) => a.path.localeCompare(b.path) || a.id.localeCompare(b.id)),
    unitsVisited: visited.size,
  };
}

type Limit = ReturnType<typeof createLimiter>;

async function listChildUnits(
  organizations: OrganizationsClient,
  parentId: string,
  limit: Limit,
): Promise<Array<{ id: string; name: string }>> {
  const units: Array<{ id: string; name: string }> = [];
  let NextToken: string | undefined;
  do {
    const page = await limit(() =>
      organizations.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken, MaxResults: 20 }),
      ),
    );
    for (const unit of page.OrganizationalUnits ?? []) {
      if (unit.Id) units.push({ id: unit.Id, name: unit.Name ?? unit.Id });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return units;
}

async function listAccounts(
  organizations: OrganizationsClient,
  parentId: string,
  limit: Limit,
  onPage: (accounts: readonly Account[]) => void,
): Promise<void> {
  let NextToken: string | undefined;
  do {
    const page = await limit(() =>
      organizations.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken, MaxResults: 20 })),
    );
    onPage(page.Accounts ?? []);
    NextToken = page.NextToken;
  } while (NextToken);
}
