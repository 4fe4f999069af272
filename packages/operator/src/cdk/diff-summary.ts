/** A resource line of `cdk diff`: `[+] AWS::IAM::Role Path/To/Role LogicalId`. */
export interface ResourceChange {
  /** `+` added, `-` removed, `~` modified. */
  readonly change: '+' | '-' | '~';
  readonly type: string;
  /** The construct path, as cdk diff prints it. */
  readonly path: string;
}

/** What `pnpm run deploy` calls out from the output of `cdk diff`. */
export interface DiffSummary {
  /** `Number of stacks with differences: N`; undefined when cdk diff did not say. */
  readonly stacksWithDifferences?: number;
  /** Whether cdk diff printed its IAM statement or policy tables. */
  readonly iamTables: boolean;
  /** IAM roles, policies and the like added, removed or changed. */
  readonly iam: readonly ResourceChange[];
  /** Service control policies (AWS::Organizations::Policy): they apply to every account of the OUs. */
  readonly serviceControlPolicies: readonly ResourceChange[];
  /** StackSets whose template or targets change: every stack instance is updated. */
  readonly stackSets: readonly ResourceChange[];
}

// cdk diff colours its output on a terminal; the lines are read without the escapes.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const RESOURCE_LINE = /^\[([+~-])\] (AWS::[A-Za-z0-9]+::[A-Za-z0-9]+) (\S+)/;

/** Reads the output of `cdk diff` for what deserves a second look. Pure. */
export function summarizeDiff(output: string): DiffSummary {
  const text = output.replace(ANSI, '');
  const changes: ResourceChange[] = [];
  for (const line of text.split('\n')) {
    const match = RESOURCE_LINE.exec(line.trim());
    if (match)
      changes.push({
        change: match[1] as ResourceChange['change'],
        type: match[2] ?? '',
        path: match[3] ?? '',
      });
  }
  const count = /Number of stacks with differences: (\d+)/.exec(text)?.[1];
  return {
    ...(count === undefined ? {} : { stacksWithDifferences: Number(count) }),
    iamTables: /^IAM (Statement|Policy) Changes/m.test(text),
    iam: changes.filter((c) => c.type.startsWith('AWS::IAM::')),
    serviceControlPolicies: changes.filter((c) => c.type === 'AWS::Organizations::Policy'),
    stackSets: changes.filter((c) => c.type === 'AWS::CloudFormation::StackSet'),
  };
}

const VERB = { '+': 'added', '-': 'removed', '~': 'changed' } as const;
const list = (changes: readonly ResourceChange[]) =>
  changes.map((c) => `${c.path} (${VERB[c.change]})`).join(', ');

/**
 * The call-outs printed after the diff; empty when nothing security-relevant changes. With
 * `templatesCompared`, the SCP statements and the StackSets' templates were shown besides (and
 * their own call-outs follow).
 */
export function renderCallOuts(summary: DiffSummary, templatesCompared = false): string[] {
  const lines: string[] = [];
  if (summary.iamTables || summary.iam.length) {
    lines.push(
      `IAM: ${summary.iam.length ? list(summary.iam) : 'statements change'}${summary.iamTables ? ' — read the IAM tables above' : ''}.`,
    );
  }
  // Compared templates call out the SCP themselves, statement by statement.
  if (summary.serviceControlPolicies.length && !templatesCompared) {
    lines.push(
      `Service control policy: ${list(summary.serviceControlPolicies)} — it applies to every account of the configured OUs; cdk diff does not list SCP statements among the IAM changes.`,
    );
  }
  if (summary.stackSets.length) {
    lines.push(
      `StackSets: ${list(summary.stackSets)} — their stack instances in every targeted account × region follow; ${
        templatesCompared
          ? 'what changes inside their templates is listed above'
          : 'cdk diff does not itemize the IAM inside StackSet templates (the member role, the central key policy)'
      }.`,
    );
  }
  return lines;
}
