import { plural } from '../output';
import type { NoteKind, ResourceChange, TemplateDiff } from './template-diff';

/** The deployed and the new template of the parent stack or one StackSet, compared. */
export interface UnitDiff {
  readonly name: string;
  readonly kind: 'stack' | 'StackSet';
  /** Where it goes, in words (from `describeDeployment`). */
  readonly where: string;
  /** new: nothing deployed yet; unreadable: the deployed template could not be read. */
  readonly status: 'new' | 'changed' | 'unchanged' | 'unreadable';
  readonly diff: TemplateDiff;
  /** StackSet parameters added, removed or changed, as lines. */
  readonly parameters: readonly string[];
  /** The stack instances a StackSet has now: what a change of its template reaches. */
  readonly reach?: {
    readonly instances: number;
    readonly accounts: number;
    readonly regions: readonly string[];
  };
  /** The stack instances it will have after the deploy, when the online plan knows. */
  readonly planned?: number;
  readonly error?: string;
}

const LABEL: Record<NoteKind, string> = {
  'iam-policy': 'IAM',
  trust: 'trust',
  'resource-policy': 'resource policy',
  scp: 'SCP',
  environment: 'environment',
  code: 'code',
  targets: 'targets',
  template: 'template',
  property: 'property',
};
const WIDTH = Math.max(...Object.values(LABEL).map((l) => l.length));

function renderChange(change: ResourceChange): string[] {
  const properties = change.properties.length ? ` (${change.properties.join(', ')})` : '';
  return [
    `  ${change.change} ${change.type} ${change.id}${properties}`,
    ...change.notes.map((n) => `      ${LABEL[n.kind].padEnd(WIDTH)}  ${n.text}`),
  ];
}

function reachLine(unit: UnitDiff): string | undefined {
  if (unit.kind !== 'StackSet') return undefined;
  const after =
    unit.planned === undefined ? '' : `; ${plural(unit.planned, 'stack instance')} after this deploy`;
  if (!unit.reach?.instances)
    return unit.planned === undefined ? undefined : `  ${plural(0, 'stack instance')} now${after}`;
  const { instances, accounts, regions } = unit.reach;
  return `  ${plural(instances, 'stack instance')} now (${plural(accounts, 'account')} × ${regions.join(', ')})${after}`;
}

/** One block per unit: what it is, the instances a change reaches, and each resource change. */
export function renderUnitDiffs(diffs: readonly UnitDiff[]): string {
  const blocks = diffs.map((unit) => {
    const lines = [`${unit.kind} ${unit.name} — ${unit.where}`];
    const reach = reachLine(unit);
    if (reach) lines.push(reach);
    if (unit.status === 'unreadable') {
      lines.push(`  could not read what is deployed (${unit.error}); this part is not compared`);
      return lines.join('\n');
    }
    if (unit.status === 'unchanged') {
      lines.push('  no change');
      return lines.join('\n');
    }
    if (unit.status === 'new')
      lines.push(`  not deployed yet: creates ${plural(unit.diff.resources.length, 'resource')}`);
    for (const change of unit.diff.resources) lines.push(...renderChange(change));
    for (const line of unit.parameters) lines.push(`  parameter ${line}`);
    for (const section of unit.diff.sections) lines.push(`  ~ ${section} (template section)`);
    if (unit.kind === 'StackSet' && unit.status === 'changed' && unit.reach?.instances) {
      lines.push(
        `  Each change above reaches all ${plural(unit.reach.instances, 'stack instance')} of ${unit.name}.`,
      );
    }
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

function count(diffs: readonly UnitDiff[], kinds: readonly NoteKind[]): string[] {
  return diffs.flatMap((unit) => {
    const n = unit.diff.resources.flatMap((r) => r.notes).filter((note) => kinds.includes(note.kind)).length;
    return n ? [`${unit.name} (${plural(n, 'line')})`] : [];
  });
}

/** The call-outs printed before the question: IAM, SCP, environment and how far each StackSet reaches. */
export function renderCallOuts(diffs: readonly UnitDiff[]): string[] {
  const lines: string[] = [];
  const iam = count(diffs, ['iam-policy', 'trust']);
  if (iam.length) lines.push(`IAM policies and trust: ${iam.join(', ')}.`);
  const policies = count(diffs, ['resource-policy']);
  if (policies.length)
    lines.push(`Resource policies (key, topic, bus, queue, function): ${policies.join(', ')}.`);
  const scp = count(diffs, ['scp']);
  if (scp.length)
    lines.push(
      `Service control policy: ${scp.join(', ')} — it applies to every account of the configured OUs.`,
    );
  const environment = count(diffs, ['environment']);
  if (environment.length) lines.push(`Function environment: ${environment.join(', ')}.`);
  const reached = diffs.filter((u) => u.kind === 'StackSet' && u.status === 'changed' && u.reach?.instances);
  if (reached.length) {
    lines.push(
      `Reach: ${reached.map((u) => `${u.name} updates ${plural(u.reach?.instances ?? 0, 'stack instance')}`).join(', ')}.`,
    );
  }
  const unreadable = diffs.filter((u) => u.status === 'unreadable');
  if (unreadable.length)
    lines.push(`Not compared (could not read): ${unreadable.map((u) => u.name).join(', ')}.`);
  return lines;
}
