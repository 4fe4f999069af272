import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../aws-clients';
import { mapLimited } from '../concurrency';
import { assessTrails, recordsRegion, type TrailPair, type TrailReport } from './assess';
import {
  detectControlTower,
  type Read,
  readAccountTrails,
  readOrganizationTrails,
  type TrailFact,
} from './facts';

/** The role `--account-trails` reads an account's trails through, when none is named. */
export function defaultTrailRole(controlTower: readonly string[]): string {
  // Control Tower's accounts have AWSControlTowerExecution; Organizations' new accounts the other.
  return controlTower.length ? 'AWSControlTowerExecution' : 'OrganizationAccountAccessRole';
}

/** How far the trails report looks. */
export interface TrailOptions {
  /** Also read each account's own trails where no organization trail records it (one role per account). */
  readonly accountTrails: boolean;
  /** The role to read them through; @default `defaultTrailRole` */
  readonly role?: string;
  readonly concurrency: number;
  readonly onProgress?: (message: string) => void;
}

/**
 * Which trail records each account × region of `pairs`: the organization trails (a few calls),
 * Control Tower's marks, and with `accountTrails` the own trails of each account an
 * organization trail does not fully record.
 */
export async function readTrailReport(
  clients: AwsClients,
  config: TrailGuardConfig,
  pairs: readonly TrailPair[],
  options: TrailOptions,
): Promise<TrailReport> {
  options.onProgress?.('Reading the organization trails…');
  const organization = await readOrganizationTrails(clients, config.regions);
  const orgTrails = organization.ok ? organization.value : [];
  const controlTower = await detectControlTower(clients, config.homeRegion, orgTrails);
  let own: Map<string, Read<readonly TrailFact[]>> | undefined;
  if (options.accountTrails) {
    const uncovered = [
      ...new Set(
        pairs.filter((p) => !orgTrails.some((t) => recordsRegion(t, p.region))).map((p) => p.account),
      ),
    ];
    const role = options.role ?? defaultTrailRole(controlTower);
    let done = 0;
    const read = await mapLimited(uncovered, options.concurrency, async (account) => {
      const trails = await readAccountTrails(clients, account, config.regions, role);
      options.onProgress?.(`Reading each account's own trails… ${++done}/${uncovered.length}`);
      return [account, trails] as const;
    });
    own = new Map(read);
  }
  return assessTrails(pairs, organization, own, controlTower);
}

export { assessTrails, recordsRegion, type TrailPair, type TrailReport, type TrailRow } from './assess';
export { CONTROL_TOWER_TRAIL, type TrailFact } from './facts';
export { renderTrails } from './render';
