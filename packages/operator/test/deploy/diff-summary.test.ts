import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderCallOuts, summarizeDiff } from '../../src/cdk/diff-summary';

// Output of `cdk diff` (CLI 2.1148) against the emulator: a role's trust policy changed, a role
// added and a service control policy removed.
const ROLE_CHANGED_SCP_REMOVED = readFileSync(
  path.join(__dirname, 'fixtures', 'cdk-diff.role-changed-scp-removed.txt'),
  'utf8',
);

describe('summarizeDiff', () => {
  it('finds the IAM and SCP resources that change, and the count of stacks', () => {
    expect(summarizeDiff(ROLE_CHANGED_SCP_REMOVED)).toEqual({
      stacksWithDifferences: 1,
      iamTables: true,
      iam: [
        { change: '+', type: 'AWS::IAM::Role', path: 'SecondRole' },
        { change: '~', type: 'AWS::IAM::Role', path: 'ProbeRole' },
      ],
      serviceControlPolicies: [{ change: '-', type: 'AWS::Organizations::Policy', path: 'ProbePolicy' }],
      stackSets: [],
    });
  });

  it('calls out IAM and the SCP, and nothing when nothing security-relevant changes', () => {
    expect(renderCallOuts(summarizeDiff(ROLE_CHANGED_SCP_REMOVED))).toEqual([
      'IAM: SecondRole (added), ProbeRole (changed) — read the IAM tables above.',
      expect.stringMatching(/^Service control policy: ProbePolicy \(removed\) — it applies to every account/),
    ]);
    const unchanged =
      'Stack TrailGuard\nThere were no differences\n\n✨  Number of stacks with differences: 0\n';
    expect(summarizeDiff(unchanged)).toMatchObject({ stacksWithDifferences: 0, iamTables: false, iam: [] });
    expect(renderCallOuts(summarizeDiff(unchanged))).toEqual([]);
  });

  it('reads coloured output as plain text, and StackSet changes', () => {
    const esc = String.fromCharCode(27);
    const coloured = `${esc}[32m[~] AWS::CloudFormation::StackSet MemberStackSet MemberStackSet57CC6A95${esc}[39m\n`;
    const summary = summarizeDiff(coloured);
    expect(summary.stackSets).toEqual([
      { change: '~', type: 'AWS::CloudFormation::StackSet', path: 'MemberStackSet' },
    ]);
    expect(summary.stacksWithDifferences).toBeUndefined();
    expect(renderCallOuts(summary)).toEqual([
      expect.stringMatching(
        /^StackSets: MemberStackSet \(changed\) — .*does not itemize the IAM inside StackSet templates/,
      ),
    ]);
  });
});
