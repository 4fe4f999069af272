import { type CdkCli, cdkDiffArguments } from '../../cdk/cli';
import { renderCallOuts as renderCdkCallOuts, summarizeDiff } from '../../cdk/diff-summary';
import type { CommandContext } from '../../context';
import { renderCallOuts, renderUnitDiffs, type UnitDiff } from '../../stackset-diff';
import { computeDeploymentDiff } from '../plan/deployment-diff';

/** What `cdk diff` said: it failed, nothing differs, or there are changes (shown). */
export type Changes = 'failed' | 'none' | 'changes';

/**
 * Shows what a deploy of the assembly changes: `cdk diff` of the parent stack, then each
 * StackSet's template against the deployed one (which cdk diff shows only as a TemplateURL),
 * then the call-outs of both.
 */
export async function showChanges(
  ctx: CommandContext<unknown>,
  runCdk: CdkCli,
  outdir: string,
  env: NodeJS.ProcessEnv,
): Promise<Changes> {
  ctx.note(`\nComparing with what is deployed: cdk ${cdkDiffArguments(outdir).join(' ')}`);
  ctx.progress.update('Running cdk diff…', true);
  const diff = await runCdk(cdkDiffArguments(outdir), { capture: true, env }).finally(() =>
    ctx.progress.done(),
  );
  ctx.print(`\n${diff.output.trim()}`);
  if (diff.status !== 0) {
    ctx.print(`\ncdk diff failed (exit ${diff.status}): nothing was deployed. Its output above says why.`);
    return 'failed';
  }
  const summary = summarizeDiff(diff.output);
  if (summary.stacksWithDifferences === 0) {
    ctx.print('\nNothing to deploy: what is deployed matches this configuration.');
    return 'none';
  }
  const units = await stackSetChanges(ctx, outdir);
  if (units.length) {
    ctx.print(
      `\nWhat changes, template by template (as deployed, against the new one; a StackSet's template\nreaches every stack instance):\n\n${renderUnitDiffs(units)}`,
    );
  }
  const callOuts = [...renderCdkCallOuts(summary, units.length > 0), ...renderCallOuts(units)];
  if (callOuts.length)
    ctx.print(['', 'Look closely before deploying:', ...callOuts.map((l) => `  ${l}`)].join('\n'));
  return 'changes';
}

/** The StackSet diff, or none (with a note) when the deployed templates cannot be read. */
async function stackSetChanges(ctx: CommandContext<unknown>, outdir: string): Promise<UnitDiff[]> {
  try {
    return await computeDeploymentDiff(ctx, outdir);
  } catch (error) {
    ctx.print(
      `\nCould not compare the StackSet templates (${error instanceof Error ? error.message : String(error)}); \`pnpm trailguard plan --diff\` tries again.`,
    );
    return [];
  }
}
