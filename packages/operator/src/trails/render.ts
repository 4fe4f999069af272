import { plural, renderTable } from '../output';
import { OWN_TRAILS_NOT_READ, type Recorder, type TrailReport } from './assess';
import type { TrailFact } from './facts';

function describeTrail(trail: TrailFact): string {
  const scope = trail.isMultiRegionTrail ? 'multi-region' : `single-region`;
  const logging = trail.logging === undefined ? 'logging unknown' : trail.logging ? 'logging' : 'NOT LOGGING';
  return `${trail.name} (${scope}, home ${trail.homeRegion}, account ${trail.account}, ${logging})`;
}

function recorder(r: Recorder): string {
  switch (r.kind) {
    case 'organization':
      return `organization trail ${r.trail}`;
    case 'own':
      return `own trail ${r.trails.join(', ')}`;
    case 'none':
      return '✗ no trail';
    default:
      return `? ${r.reason}`;
  }
}

/**
 * The trails section of `plan` and `coverage`: the organization trails, Control Tower, and every
 * account × region no organization trail records, with what does (or nothing) beside TrailGuard.
 */
export function renderTrails(report: TrailReport): string {
  const s = report.summary;
  const lines = ['Trails — which trail records each account × region:'];
  if (report.organizationTrailsError) {
    lines.push(`  organization trails could not be read (${report.organizationTrailsError})`);
  } else if (report.organizationTrails.length === 0) {
    lines.push('  no organization trail');
  }
  for (const trail of report.organizationTrails) lines.push(`  organization trail ${describeTrail(trail)}`);
  lines.push(
    report.controlTower.length
      ? `  AWS Control Tower: detected (${report.controlTower.join('; ')}); how its controls and TrailGuard fit: packages/operator/README.md`
      : '  AWS Control Tower: not detected',
  );
  lines.push(
    `  ${s.organization}/${s.pairs} account × region recorded by an organization trail, ${s.own} by the account's own trail, ${s.none} by none, ${s.unknown} unknown`,
  );
  const notRead = report.rows.filter(
    (r) => r.recordedBy.kind === 'unknown' && r.recordedBy.reason === OWN_TRAILS_NOT_READ,
  );
  if (notRead.length) {
    lines.push(
      `  ${plural(notRead.length, 'account × region')} no organization trail records: whether the account's own trail does is not known; --account-trails reads them`,
    );
  }
  const others = report.rows.filter((r) => r.recordedBy.kind !== 'organization' && !notRead.includes(r));
  if (others.length) {
    lines.push(
      '',
      renderTable(
        ['ACCOUNT', 'NAME', 'REGION', 'RECORDED BY', 'TRAILGUARD'],
        others.map((r) => [r.account, r.name, r.region, recorder(r.recordedBy), r.trailguard]),
      ),
    );
  }
  if (s.none) {
    lines.push(
      '',
      `warning: ${plural(s.none, 'account × region')} recorded by no trail: nothing is logged there and TrailGuard has no trail to keep on; an organization trail (multi-region) records every account and region`,
    );
  }
  return lines.join('\n');
}
