import { type AppBuilder, describeEnvironment, resolveOutdir, synthesize } from '../../cdk/assembly';
import { type CdkCli, cdkDeployArguments, runCdkCli } from '../../cdk/cli';
import { confirm, requireWayToConfirm } from '../../consent';
import { type CommandContext, type CommandIo, configOptionHelp, parseFlags } from '../../context';
import { UsageError } from '../../run-command';
import { runAfterPreflight } from '../doctor/gate';
import { type CanaryTarget, resolveCanary, runCanaryStage } from './canary';
import { showChanges } from './changes';
import { reportFailedInstances } from './instances';

export const DEPLOY_USAGE = `Usage: pnpm run deploy [--yes] [--dry-run] [--canary OU_ID | --skip-canary] [--outdir DIR]
                       [--config FILE]

Deploys TrailGuard: runs the checks of \`pnpm trailguard doctor\` and stops if any fails (each with
its fix); synthesizes the app into cdk.out; shows what will change (\`cdk diff\`, then each StackSet's
template against the deployed one, with IAM, service control policy and function-environment
changes called out and the stack instances each change reaches) and asks before it changes
anything; deploys with the AWS CDK CLI; then names every stack instance that failed.
  --yes          deploy without asking (pipelines); without a terminal, deploy refuses to run without it
  --dry-run      check, synthesize and show the changes; deploy nothing
  --canary OU    a staged rollout: the member StackSet goes to this OU (under organizationalUnits) first;
                 the rest follows only once each of its stack instances succeeded, otherwise deploy
                 stops, says what failed and exits 1; by default stackSet.canaryOrganizationalUnit
  --skip-canary  deploy everything at once even when stackSet.canaryOrganizationalUnit is set
  --outdir       where the cloud assembly goes; by default cdk.out at the repository root
${configOptionHelp(17)}
Exit status: 0 deployed or nothing to change, 1 a check, the canary or the deployment failed, a
stack instance failed, or the answer was no, 2 bad input (or no terminal to ask on, without --yes).`;

const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/** What `deploy` can be handed instead of the real app and CLI, and how it waits (tests). */
export interface DeployDeps {
  readonly buildApp?: AppBuilder;
  readonly runCdk?: CdkCli;
  /** How often and how long the canary stage polls its StackSet operation. */
  readonly canaryTiming?: { readonly intervalMs: number; readonly timeoutMs: number };
}

/** `pnpm run deploy`. */
export async function deployCommand(
  args: readonly string[],
  io: CommandIo,
  deps: DeployDeps = {},
): Promise<number> {
  const values = parseFlags(
    args,
    {
      yes: { type: 'boolean', short: 'y' },
      'dry-run': { type: 'boolean' },
      outdir: { type: 'string' },
      canary: { type: 'string' },
      'skip-canary': { type: 'boolean' },
    },
    DEPLOY_USAGE,
  );
  if (values.help) {
    io.stdout(DEPLOY_USAGE);
    return 0;
  }
  if (values.canary !== undefined && values['skip-canary']) {
    throw new UsageError('--canary and --skip-canary exclude each other');
  }
  if (values.canary !== undefined && !OU_ID.test(values.canary)) {
    throw new UsageError(`--canary expects an OU id such as ou-ab12-cdef3456, got "${values.canary}"`);
  }
  if (!values['dry-run']) requireWayToConfirm(io, values.yes === true, 'pnpm run deploy');
  return runAfterPreflight(values, io, 'pnpm run deploy', (ctx) =>
    synthesizeAndDeploy(ctx, deps, {
      outdir: resolveOutdir(values.outdir),
      dryRun: values['dry-run'] === true,
      yes: values.yes === true,
      canaryOu: values['skip-canary']
        ? undefined
        : (values.canary ?? ctx.config.stackSet.canaryOrganizationalUnit),
    }),
  );
}

interface DeployOptions {
  readonly outdir: string;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly canaryOu?: string;
}

async function synthesizeAndDeploy(
  ctx: CommandContext<unknown>,
  deps: DeployDeps,
  options: DeployOptions,
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

  const changes = await showChanges(ctx, runCdk, outdir, env);
  if (changes !== 'changes') return changes === 'failed' ? 1 : 0;
  // Found and checked before the question, so that a wrong OU stops here (exit 2).
  const canary = options.canaryOu ? await resolveCanary(ctx, options.canaryOu) : undefined;
  const deployArgs = cdkDeployArguments(outdir);
  if (options.dryRun) {
    ctx.print(
      canary
        ? `\nDry run: would update the canary ${canary.ou} (${canary.name}) first, check its stack instances, then run \`cdk ${deployArgs.join(' ')}\``
        : `\nDry run: would run \`cdk ${deployArgs.join(' ')}\``,
    );
    return 0;
  }
  const question = canary
    ? `\nDeploy these changes, to ${canary.ou} (${canary.name}) first?`
    : '\nDeploy these changes?';
  if (!options.yes && !(await confirm(ctx.io, question))) {
    ctx.print('Nothing was deployed.');
    return 1;
  }
  if (canary && !(await canaryStage(ctx, deps, runCdk, env, outdir, canary))) return 1;
  ctx.print(`\n${canary ? 'Stage 2 of 2, everything: ' : 'Deploying: '}cdk ${deployArgs.join(' ')}\n`);
  const { status } = await runCdk(deployArgs, { env });
  if (status !== 0) {
    ctx.print(
      `\nThe deployment failed (cdk exited ${status}); the events above name the resource and the reason.`,
    );
    return 1;
  }
  if ((await reportFailedInstances(ctx)) > 0) return 1;
  ctx.print(
    '\nDeployed. Check it: `pnpm trailguard coverage`, then `pnpm trailguard verify --account <member>`.',
  );
  return 0;
}

function canaryStage(
  ctx: CommandContext<unknown>,
  deps: DeployDeps,
  runCdk: CdkCli,
  env: NodeJS.ProcessEnv,
  outdir: string,
  canary: CanaryTarget,
): Promise<boolean> {
  return runCanaryStage(ctx, canary, {
    outdir,
    ...(deps.buildApp ? { buildApp: deps.buildApp } : {}),
    runCdk,
    env,
    timing: deps.canaryTiming ?? { intervalMs: 15_000, timeoutMs: 2 * 60 * 60_000 },
  });
}
