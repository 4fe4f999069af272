import type { TrailPair } from '../../trails';
import type { CoverageReport } from './coverage';

/** The covered account × region pairs (not the central stack), with TrailGuard's state in each. */
export function trailPairsOfCoverage(report: CoverageReport): TrailPair[] {
  // The rows are account × region pairs only; the central instance is reported apart.
  return report.rows.map((r) => ({
    account: r.account,
    name: r.name,
    region: r.region,
    trailguard: r.state,
  }));
}
