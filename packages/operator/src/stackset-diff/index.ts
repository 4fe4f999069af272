import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  describeDeployment,
  PARENT_STACK_ID,
  STACKSET_NAMES,
  TEMPLATE_FILES,
} from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import type { DeploymentPlan } from '../commands/plan/deployment-plan';
import type { DeployedTemplates, DeployedUnit } from './deployed';
import type { UnitDiff } from './render';
import { show } from './show';
import { type CfnTemplate, diffTemplates } from './template-diff';

/** The templates of a cloud assembly, by unit; absent for a file the app did not write. */
export interface AssemblyTemplates {
  readonly parent?: CfnTemplate;
  readonly member?: CfnTemplate;
  readonly central?: CfnTemplate;
}

/** Reads the parent and StackSet templates `pnpm synth` writes into `outdir`. */
export function readAssemblyTemplates(outdir: string): AssemblyTemplates {
  const read = (file: string) => {
    const full = path.join(outdir, file);
    return existsSync(full) ? (JSON.parse(readFileSync(full, 'utf8')) as CfnTemplate) : undefined;
  };
  const parent = read(TEMPLATE_FILES.parent);
  const member = read(TEMPLATE_FILES.member);
  const central = read(TEMPLATE_FILES.central);
  return { ...(parent ? { parent } : {}), ...(member ? { member } : {}), ...(central ? { central } : {}) };
}

/** The Parameters a StackSet resource of the parent template passes, by key. */
function stackSetParameters(parent: CfnTemplate | undefined, name: string): Record<string, string> {
  const resource = Object.values(parent?.Resources ?? {}).find(
    (r) => r.Type === 'AWS::CloudFormation::StackSet' && r.Properties?.StackSetName === name,
  );
  const list = (resource?.Properties?.Parameters ?? []) as Array<{
    ParameterKey?: unknown;
    ParameterValue?: unknown;
  }>;
  return Object.fromEntries(list.map((p) => [show(p.ParameterKey), show(p.ParameterValue)]));
}

function parameterChanges(before: Readonly<Record<string, string>>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().flatMap((key) => {
    if (!(key in after)) return [`- ${key}`];
    if (!(key in before)) return [`+ ${key}=${after[key]}`];
    return before[key] === after[key] ? [] : [`~ ${key}: ${before[key]} → ${after[key]}`];
  });
}

function reachOf(unit: DeployedUnit): UnitDiff['reach'] {
  if (!unit.instances) return undefined;
  return {
    instances: unit.instances.length,
    accounts: new Set(unit.instances.map((i) => i.account)).size,
    regions: [...new Set(unit.instances.map((i) => i.region))].sort(),
  };
}

function compare(
  base: Pick<UnitDiff, 'name' | 'kind' | 'where'>,
  deployed: DeployedUnit,
  template: CfnTemplate,
  parameters: Record<string, string>,
  planned?: number,
): UnitDiff {
  const extra = { ...(planned === undefined ? {} : { planned }) };
  if (deployed.error) {
    const diff = { resources: [], sections: [] };
    return { ...base, ...extra, status: 'unreadable', diff, parameters: [], error: deployed.error };
  }
  const diff = diffTemplates(deployed.template, template);
  const changes = deployed.template ? parameterChanges(deployed.parameters ?? {}, parameters) : [];
  const reach = reachOf(deployed);
  const status = !deployed.template
    ? 'new'
    : diff.resources.length || diff.sections.length || changes.length
      ? 'changed'
      : 'unchanged';
  return { ...base, ...extra, status, diff, parameters: changes, ...(reach ? { reach } : {}) };
}

/**
 * The parent stack and each StackSet of the assembly against what is deployed, in the order
 * `describeDeployment` lists them. Units the assembly has no template for are left out. Pure.
 */
export function diffDeployment(
  config: TrailGuardConfig,
  assembly: AssemblyTemplates,
  deployed: DeployedTemplates,
  plan?: DeploymentPlan,
): UnitDiff[] {
  const where = (name: string) => {
    const unit = describeDeployment(config).find((u) => u.name === name);
    return unit ? `${unit.targets}; ${unit.regions.join(', ')}` : '';
  };
  const diffs: UnitDiff[] = [];
  if (assembly.parent) {
    const base = { name: PARENT_STACK_ID, kind: 'stack' as const, where: where(PARENT_STACK_ID) };
    diffs.push(compare(base, deployed.parent, assembly.parent, {}));
  }
  const stackSets = [
    [STACKSET_NAMES.central, assembly.central, 1],
    [STACKSET_NAMES.members, assembly.member, plan?.totals?.stackInstances],
    [STACKSET_NAMES.management, assembly.member, config.regions.length],
  ] as const;
  for (const [name, template, planned] of stackSets) {
    if (!template) continue;
    const unit = deployed.stackSets[name] ?? { name };
    const base = { name, kind: 'StackSet' as const, where: where(name) };
    diffs.push(compare(base, unit, template, stackSetParameters(assembly.parent, name), planned));
  }
  return diffs;
}

export { type DeployedTemplates, readDeployedTemplates } from './deployed';
export { renderCallOuts, renderUnitDiffs, type UnitDiff } from './render';
