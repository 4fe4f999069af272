import { plural, renderTable } from '../../output';
import { type CoverageReport, type CoverageState, describeInstance, reachesNobody } from './coverage';

// The coverage report as a person reads it: what is not protected, notes, the central line, the
// headline (which never claims protection while no notice reaches anyone) and the versions.

const STATE_MARK: Record<CoverageState, string> = {
  protected: '✓ protected',
  missing: '✗ missing',
  failed: '✗ failed',
  outdated: '~ outdated',
  unconfirmed: '✗ unconfirmed',
};

/** The report as a person reads it; `all` lists protected rows too. */
export function renderCoverage(report: CoverageReport, all = false): string {
  const shown = all ? report.rows : report.rows.filter((r) => r.state !== 'protected');
  const s = report.summary;
  const lines: string[] = [];
  if (shown.length) {
    lines.push(
      renderTable(
        ['ACCOUNT', 'NAME', 'REGION', 'COVERAGE', 'VERSION', 'DETAIL'],
        shown.map((r) => [r.account, r.name, r.region, STATE_MARK[r.state], r.version ?? '-', r.detail]),
      ),
    );
    if (!all && s.protected > 0)
      lines.push(`(${plural(s.protected, 'protected account × region')} not listed; --all lists them)`);
    lines.push('');
  }
  for (const u of report.unexpected) {
    lines.push(
      `note: stack instance in ${u.account} ${u.region} that the plan does not expect (${describeInstance(u)})`,
    );
  }
  for (const note of report.notes ?? []) lines.push(`note: ${note}`);
  if (report.unexpected.length || report.notes?.length) lines.push('');
  const c = report.central;
  const consequence =
    c.state === 'unconfirmed'
      ? 'those recipients get nothing yet'
      : 'no notification reaches the security team';
  lines.push(
    `Central topic and bus (security account ${c.account}, ${c.region}): ${STATE_MARK[c.state]}` +
      `${c.state === 'protected' ? '' : ` — ${c.detail}; ${consequence}`}`,
  );
  lines.push(headline(report));
  lines.push(renderVersions(report));
  return lines.join('\n');
}

/**
 * The coverage line: the protected share of the account × region pairs, their gaps, and the
 * central topic and bus as one more gap when notices do not reach everyone it should.
 */
function headline(report: CoverageReport): string {
  const s = report.summary;
  const c = report.central;
  const nobody = reachesNobody(c.state, s.recipients, s.unconfirmedRecipients);
  const why =
    c.state === 'unconfirmed'
      ? 'no e-mail recipient has confirmed'
      : `the central topic and bus is ${c.state}`;
  const pairs = nobody
    ? `${s.protected}/${s.expected} account × region deployed, but ${s.protectedPercent}% protected: no notice reaches anyone (${why})`
    : `${s.protected}/${s.expected} account × region protected (${s.protectedPercent}%)`;
  const counts = `${s.missing} missing, ${s.failed} failed, ${s.outdated} outdated`;
  if (c.state === 'protected') return `Coverage: ${pairs}; ${counts}`;
  const central =
    c.state === 'unconfirmed' && s.recipients !== undefined
      ? `notifications: ${s.unconfirmedRecipients} of ${plural(s.recipients, 'e-mail recipient')} unconfirmed`
      : `central topic and bus ${c.state}`;
  return `Coverage: ${pairs}; ${counts}; ${central} (${plural(s.gaps, 'gap')} in all)`;
}

function renderVersions(report: CoverageReport): string {
  const { thisCheckout, stackSets } = report.version;
  const deployed = Object.entries(stackSets).map(([name, version]) => `${name} ${version}`);
  const line = `Versions: ${deployed.length ? deployed.join(', ') : 'none recorded'}; this checkout ${thisCheckout}`;
  const other = report.summary.otherVersion;
  if (other === 0) return line;
  return (
    `${line}\n${plural(other, 'protected account × region runs', 'protected account × regions run')} ` +
    `another version than this checkout's ${thisCheckout}: \`pnpm run deploy\` upgrades them ` +
    '(packages/operator/README.md, "Upgrading").'
  );
}
