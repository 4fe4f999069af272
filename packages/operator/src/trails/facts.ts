import { CloudFormationClient, ListStackSetsCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { type AwsClients, awsErrorName } from '../aws-clients';
import { mapLimited } from '../concurrency';

// What plan and coverage read about trails: the organization trails (visible from the caller's
// account), each account's own trails (through a role in it, on request), and the marks Control
// Tower leaves. Only reads.

/** A trail as the report needs it. */
export interface TrailFact {
  readonly name: string;
  readonly arn: string;
  /** The account that owns it (from its ARN). */
  readonly account: string;
  readonly homeRegion: string;
  readonly isOrganizationTrail: boolean;
  readonly isMultiRegionTrail: boolean;
  /** GetTrailStatus IsLogging; undefined when the status could not be read. */
  readonly logging?: boolean;
}

/** The result of a read: facts, or why they could not be read. */
export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

async function read<T>(run: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return {
      ok: false,
      error: `${awsErrorName(error)}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

const accountOf = (arn: string) => arn.split(':')[4] ?? '';

async function describe(cloudtrail: CloudTrailClient): Promise<Trail[]> {
  const { trailList } = await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  return trailList ?? [];
}

/** Trails from DescribeTrails in every region, each once, with its logging status from its home region. */
async function trailsWithStatus(
  cloudtrailIn: (region: string) => Promise<CloudTrailClient>,
  regions: readonly string[],
  keep: (trail: Trail) => boolean,
): Promise<TrailFact[]> {
  const found = new Map<string, Trail>();
  for (const list of await mapLimited(regions, 4, async (r) => describe(await cloudtrailIn(r)))) {
    for (const trail of list) if (trail.TrailARN && keep(trail)) found.set(trail.TrailARN, trail);
  }
  return mapLimited([...found.values()], 4, async (trail): Promise<TrailFact> => {
    const arn = trail.TrailARN ?? '';
    const homeRegion = trail.HomeRegion ?? arn.split(':')[3] ?? '';
    const status = await read(async () =>
      (await cloudtrailIn(homeRegion)).send(new GetTrailStatusCommand({ Name: arn })),
    );
    return {
      name: trail.Name ?? arn,
      arn,
      account: accountOf(arn),
      homeRegion,
      isOrganizationTrail: trail.IsOrganizationTrail === true,
      isMultiRegionTrail: trail.IsMultiRegionTrail === true,
      ...(status.ok ? { logging: status.value.IsLogging === true } : {}),
    };
  });
}

/**
 * The organization trails, as the caller's account sees them (in the management account, where
 * they live; a member account sees them too). Read in every configured region, so that a
 * single-region organization trail homed in any of them is found.
 */
export function readOrganizationTrails(
  clients: AwsClients,
  regions: readonly string[],
): Promise<Read<TrailFact[]>> {
  return read(() =>
    trailsWithStatus(
      async (region) => clients.client(CloudTrailClient, region),
      regions,
      (t) => t.IsOrganizationTrail === true,
    ),
  );
}

/** An account's own trails (not organization trails), read through `roleName` in it. */
export function readAccountTrails(
  clients: AwsClients,
  account: string,
  regions: readonly string[],
  roleName: string,
): Promise<Read<TrailFact[]>> {
  return read(() =>
    trailsWithStatus(
      (region) => clients.clientIn(CloudTrailClient, region, account, roleName),
      regions,
      (t) => t.IsOrganizationTrail !== true && accountOf(t.TrailARN ?? '') === account,
    ),
  );
}

/** The trail AWS Control Tower (landing zone 3.0 and later) creates as the organization trail. */
export const CONTROL_TOWER_TRAIL = 'aws-controltower-BaselineCloudTrail';
/** The role Control Tower creates in the management account. */
export const CONTROL_TOWER_ADMIN_ROLE = 'AWSControlTowerAdmin';
/** The prefix of the StackSets Control Tower deploys its baselines with. */
export const CONTROL_TOWER_STACKSET_PREFIX = 'AWSControlTowerBP-';

/** What shows that AWS Control Tower governs the organization; empty when nothing does. */
export async function detectControlTower(
  clients: AwsClients,
  homeRegion: string,
  organizationTrails: readonly TrailFact[],
): Promise<string[]> {
  const evidence = organizationTrails
    .filter((t) => t.name.startsWith('aws-controltower-'))
    .map((t) => `organization trail ${t.name}`);
  const stackSets = await read(async () => {
    const { Summaries } = await clients
      .client(CloudFormationClient, homeRegion)
      .send(new ListStackSetsCommand({ Status: 'ACTIVE' }));
    return (Summaries ?? []).flatMap((s) =>
      s.Status !== 'DELETED' && s.StackSetName?.startsWith(CONTROL_TOWER_STACKSET_PREFIX)
        ? [s.StackSetName]
        : [],
    );
  });
  if (stackSets.ok && stackSets.value.length) evidence.push(`StackSets ${stackSets.value.join(', ')}`);
  const role = await read(() =>
    clients.client(IAMClient, 'us-east-1').send(new GetRoleCommand({ RoleName: CONTROL_TOWER_ADMIN_ROLE })),
  );
  if (role.ok) evidence.push(`role ${CONTROL_TOWER_ADMIN_ROLE}`);
  return evidence;
}
