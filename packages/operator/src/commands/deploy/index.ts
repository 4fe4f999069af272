import { type AppBuilder, describeEnvironment, resolveOutdir, synthesize } from '../../cdk/assembly';
import { type CdkCli, cdkDeployArguments, cdkDiffArguments, runCdkCli } from '../../cdk/cli';
import { renderCallOuts, summarizeDiff } from '../../cdk/diff-summary';
import { confirm, requireWayToConfirm } from '../../consent';
import { type CommandContext, type CommandIo, createContext, parseFlags } from '../../context';
import { passesPreflight } from '../doctor/gate';

export const DEPLOY_USAGE = `Usage: pnpm run deploy [--yes] [--dry-run] [--outdir DIR]

Deploys TrailGuard in one step: runs the checks of \`pnpm trailguard doctor\` and stops if any
fails (each with its fix); synthesizes the app into cdk.out; shows what will change (\`cdk diff\`,
with IAM, service control policy and StackSet changes called out) and asks before it changes
anything; then deploys every stack with the AWS CDK CLI, showing its progress.
  --yes       deploy without asking (pipelines); without a terminal, deploy refuses to run without it
  --dry-run   check, synthesize and show the changes; deploy nothing
  --outdir    where the cloud assembly goes; @default cdk.out at the repository root
Exit status: 0 deployed or nothing to change, 1 a check or the deployment failed or the answer was
no, 2 bad input (or no terminal to ask on, without --yes).`;

/** What `deploy` can be handed instead of the real app and CLI. */
export interface DeployDeps {
  readonly buildApp?: AppBuilder;
  readonly runCdk?: CdkCli;
}

/** `pnpm run deploy`. */
export async function deployCommand(
  args: readonly string[],
  io: CommandIo,
  deps: DeployDeps = {},
): Promise<number> {
  const values = parseFlags(
    args,
    { yes: { type: 'boolean', short: 'y' }, 'dry-run': { type: 'boolean' }, outdir: { type: 'string' } },
    DEPLOY_USAGE,
  );
  if (values.help) {
    io.stdout(DEPLOY_USAGE);
    return 0;
  }
  if (!values['dry-run']) requireWayToConfirm(io, values.yes === true, 'pnpm run deploy');
  const ctx = createContext(values, io);
  try {
    if (!(await passesPreflight(ctx, 'pnpm run deploy'))) return 1;
    return await synthesizeAndDeploy(ctx, deps, {
      outdir: resolveOutdir(values.outdir),
      dryRun: values['dry-run'] === true,
      yes: values.yes === true,
    });
  } finally {
    ctx.dispose();
  }
}

async function synthesizeAndDeploy(
  ctx: CommandContext<unknown>,
  deps: DeployDeps,
  options: { outdir: string; dryRun: boolean; yes: boolean },
): Promise<number> {
  const { outdir } = options;
  const runCdk = deps.runCdk ?? runCdkCli;
  const env = ctx.endpoint ? { AWS_ENDPOINT_URL: ctx.endpoint } : {};
  ctx.note(`\nSynthesizing into ${outdir}…`);
  const stacks = synthesize(ctx.config, outdir, deps.buildApp);
  if (stacks.length === 0) {
    ctx.print('The app has no stacks to deploy.');
    return 1;
  }
  ctx.print(`\n${stacks.length} stack(s) to deploy:`);
  for (const stack of stacks) ctx.print(`  ${stack.name}  (${describeEnvironment(stack)})`);

  ctx.note(`\nComparing with what is deployed: cdk ${cdkDiffArguments(outdir).join(' ')}`);
  ctx.progress.update('Running cdk diff…', true);
  const diff = await runCdk(cdkDiffArguments(outdir), { capture: true, env }).finally(() =>
    ctx.progress.done(),
  );
  ctx.print(`\n${diff.output.trim()}`);
  if (diff.status !== 0) {
    ctx.print(`\ncdk diff failed (exit ${diff.status}): nothing was deployed. Its output above says why.`);
    return 1;
  }
  const summary = summarizeDiff(diff.output);
  if (summary.stacksWithDifferences === 0) {
    ctx.print('\nNothing to deploy: what is deployed matches this configuration.');
    return 0;
  }
  const callOuts = renderCallOuts(summary);
  if (callOuts.length)
    ctx.print(['', 'Look closely before deploying:', ...callOuts.map((l) => `  ${l}`)].join('\n'));

  const deployArgs = cdkDeployArguments(outdir);
  if (options.dryRun) {
    ctx.print(`\nDry run: would run \`cdk ${deployArgs.join(' ')}\``);
    return 0;
  }
  if (!options.yes && !(await confirm(ctx.io, '\nDeploy these changes?'))) {
    ctx.print('Nothing was deployed.');
    return 1;
  }
  ctx.print(`\nDeploying: cdk ${deployArgs.join(' ')}\n`);
  const { status } = await runCdk(deployArgs, { env });
  if (status !== 0) {
    ctx.print(
      `\nThe deployment failed (cdk exited ${status}); the events above name the resource and the reason.`,
    );
    return 1;
  }
  ctx.print(
    '\nDeployed. Check it: `pnpm trailguard coverage`, then `pnpm trailguard verify --account <member>`.',
  );
  return 0;
}
