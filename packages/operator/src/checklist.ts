/**
 * The outcome of one preflight check; `skipped` when it could not run (no credentials); `warn`
 * when it could not decide but nothing says the deployment will fail (it does not stop one).
 */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'not-applicable' | 'skipped';

/** One line of a checklist, with the exact fix when it failed. */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, e.g. the OU's name, or why the check does not apply. */
  readonly detail?: string;
  /** The command or console path that fixes a failure. */
  readonly fix?: string;
}

const MARK: Record<CheckStatus, string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  skipped: '–',
  'not-applicable': '',
};

/**
 * Renders checks as a ✓/✗ list; each ✗ is followed by its fix, indented. Checks that do not
 * apply to this configuration are left out (`--json` keeps them).
 */
export function renderChecklist(checks: readonly CheckResult[]): string {
  const applicable = checks.filter((c) => c.status !== 'not-applicable');
  const lines: string[] = [];
  for (const check of applicable) {
    lines.push(`${MARK[check.status]} ${check.title}${check.detail ? ` — ${check.detail}` : ''}`);
    if (check.status !== 'pass' && check.fix) {
      for (const fixLine of check.fix.split('\n')) lines.push(`    ${fixLine}`);
    }
  }
  const failed = applicable.filter((c) => c.status === 'fail').length;
  const skipped = applicable.filter((c) => c.status === 'skipped').length;
  const warned = applicable.filter((c) => c.status === 'warn').length;
  lines.push('');
  lines.push(
    failed === 0 && skipped === 0
      ? `All ${applicable.length} checks passed${warned ? ` (${warned} with a warning)` : ''}.`
      : `${failed} of ${applicable.length} checks failed${skipped ? `, ${skipped} could not run` : ''}.`,
  );
  return lines.join('\n');
}

/** Whether every check that applies passed (a warning passes). */
export function allPassed(checks: readonly CheckResult[]): boolean {
  return checks.every((c) => c.status === 'pass' || c.status === 'warn' || c.status === 'not-applicable');
}
