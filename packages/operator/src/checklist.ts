/** The outcome of one preflight check. */
export type CheckStatus = 'pass' | 'fail' | 'skipped';

/** One line of a checklist, with the exact fix when it failed. */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, e.g. the OU's name. */
  readonly detail?: string;
  /** The command or console path that fixes a failure. */
  readonly fix?: string;
}

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skipped: '–' };

/** Renders checks as a ✓/✗ list; each ✗ is followed by its fix, indented. */
export function renderChecklist(checks: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(`${MARK[check.status]} ${check.title}${check.detail ? ` — ${check.detail}` : ''}`);
    if (check.status !== 'pass' && check.fix) {
      for (const fixLine of check.fix.split('\n')) lines.push(`    ${fixLine}`);
    }
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  const skipped = checks.filter((c) => c.status === 'skipped').length;
  lines.push('');
  lines.push(
    failed === 0 && skipped === 0
      ? `All ${checks.length} checks passed.`
      : `${failed} of ${checks.length} checks failed${skipped ? `, ${skipped} could not run` : ''}.`,
  );
  return lines.join('\n');
}

/** Whether every check passed. */
export function allPassed(checks: readonly CheckResult[]): boolean {
  return checks.every((c) => c.status === 'pass');
}
