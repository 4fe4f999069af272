import type { CommandContext } from '../../context';
import {
  diffDeployment,
  readAssemblyTemplates,
  readDeployedTemplates,
  renderCallOuts,
  renderUnitDiffs,
  type UnitDiff,
} from '../../stackset-diff';
import type { DeploymentPlan } from './deployment-plan';

/**
 * What a deploy of the assembly in `outdir` changes, unit by unit: the parent stack's template
 * (GetTemplate) and each StackSet's (DescribeStackSet) against the synthesized ones.
 */
export async function computeDeploymentDiff(
  ctx: CommandContext<unknown>,
  outdir: string,
  plan?: DeploymentPlan,
): Promise<UnitDiff[]> {
  ctx.progress.update('Reading the deployed templates…', true);
  const deployed = await readDeployedTemplates(ctx.config, ctx.clients).finally(() => ctx.progress.done());
  return diffDeployment(ctx.config, readAssemblyTemplates(outdir), deployed, plan);
}

/** The diff as printed by `plan --diff` and `pnpm run deploy`, with its call-outs. */
export function renderDeploymentDiff(diffs: readonly UnitDiff[]): string {
  if (diffs.length === 0) return '';
  const callOuts = renderCallOuts(diffs);
  return [
    'What the deploy changes in each StackSet (templates read from CloudFormation; `cdk diff` shows a',
    "StackSet's template only as its TemplateURL):",
    '',
    renderUnitDiffs(diffs),
    ...(callOuts.length ? ['', 'Look closely:', ...callOuts.map((l) => `  ${l}`)] : []),
  ].join('\n');
}
