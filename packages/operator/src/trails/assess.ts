import type { Read, TrailFact } from './facts';

// Which trail records each account × region, from the facts. Pure.

/** Why an account × region is unknown when the accounts' own trails were not read. */
export const OWN_TRAILS_NOT_READ = 'own trails not read (--account-trails)';

/** What records an account × region. */
export type Recorder =
  | { readonly kind: 'organization'; readonly trail: string }
  | { readonly kind: 'own'; readonly trails: readonly string[] }
  | { readonly kind: 'none' }
  /** Own trails not looked at (no --account-trails), or not readable (the reason). */
  | { readonly kind: 'unknown'; readonly reason: string };

/** One account × region, what records it, and TrailGuard's state there. */
export interface TrailRow {
  readonly account: string;
  readonly name: string;
  readonly region: string;
  readonly recordedBy: Recorder;
  /** TrailGuard there: the plan's disposition, or the coverage state. */
  readonly trailguard: string;
}

/** The trails report of `plan` and `coverage`. */
export interface TrailReport {
  readonly organizationTrails: readonly TrailFact[];
  /** Why the organization trails could not be read, when they could not. */
  readonly organizationTrailsError?: string;
  /** What shows Control Tower governs the organization; empty when nothing does. */
  readonly controlTower: readonly string[];
  readonly rows: readonly TrailRow[];
  readonly summary: {
    readonly pairs: number;
    readonly organization: number;
    readonly own: number;
    readonly none: number;
    readonly unknown: number;
  };
}

/** Whether a trail records a region: it is logging, and it is multi-region or homed there. */
export function recordsRegion(trail: TrailFact, region: string): boolean {
  return trail.logging === true && (trail.isMultiRegionTrail || trail.homeRegion === region);
}

/** An account × region to report on. */
export interface TrailPair {
  readonly account: string;
  readonly name: string;
  readonly region: string;
  readonly trailguard: string;
}

/** What records each pair: an organization trail first, else the account's own trails when read. */
export function assessTrails(
  pairs: readonly TrailPair[],
  organizationTrails: Read<readonly TrailFact[]>,
  ownTrails: ReadonlyMap<string, Read<readonly TrailFact[]>> | undefined,
  controlTower: readonly string[],
): TrailReport {
  const organization = organizationTrails.ok ? organizationTrails.value : [];
  const rows = pairs.map(({ account, name, region, trailguard }): TrailRow => {
    const org = organization.find((t) => recordsRegion(t, region));
    if (org)
      return { account, name, region, trailguard, recordedBy: { kind: 'organization', trail: org.name } };
    const own = ownTrails?.get(account);
    let recordedBy: Recorder;
    if (!own) recordedBy = { kind: 'unknown', reason: OWN_TRAILS_NOT_READ };
    else if (!own.ok) recordedBy = { kind: 'unknown', reason: `could not read: ${own.error}` };
    else {
      const trails = own.value.filter((t) => recordsRegion(t, region)).map((t) => t.name);
      recordedBy = trails.length ? { kind: 'own', trails } : { kind: 'none' };
    }
    return { account, name, region, trailguard, recordedBy };
  });
  const count = (kind: Recorder['kind']) => rows.filter((r) => r.recordedBy.kind === kind).length;
  return {
    organizationTrails: organization,
    ...(organizationTrails.ok ? {} : { organizationTrailsError: organizationTrails.error }),
    controlTower,
    rows,
    summary: {
      pairs: rows.length,
      organization: count('organization'),
      own: count('own'),
      none: count('none'),
      unknown: count('unknown'),
    },
  };
}
