import type { TrailPair } from '../../trails';
import type { CoverageReport } from './coverage';

/** The covered account × region pairs (not the central stack), with TrailGuard's state in each. */
export function trailPairsOfCoverage(report: CoverageReport): TrailPair[] {
  return report.rows
    .filter((r) => r.via !== 'central')
    .map((r) => ({ account: r.account, name: r.name, region: r.region, trailguard: r.state }));
}
