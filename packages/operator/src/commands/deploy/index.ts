import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { buildApp as buildTrailGuardApp, type TrailGuardAppProps } from '@trailguard/central-stack';
import type { TrailGuardConfig } from '@trailguard/config';
import type { App } from 'aws-cdk-lib';
import { allPassed, renderChecklist } from '../../checklist';
import { type CommandIo, createContext, parseFlags } from '../../context';
import { REPOSITORY_ROOT } from '../../paths';
import { runPreflight } from '../doctor/preflight';

export const DEPLOY_USAGE = `Usage: pnpm run deploy [--dry-run] [--outdir DIR]

Deploys TrailGuard from the management account in one step: runs the same checks as
\`pnpm trailguard doctor\` and stops if any fails (each with its fix); otherwise synthesizes the
app into cdk.out and deploys every stack with the AWS CDK CLI, showing its progress.
  --dry-run   check and synthesize, print the deploy command, deploy nothing
  --outdir    where the cloud assembly goes; @default cdk.out at the repository root
Exit status: 0 deployed, 1 a check or the deployment failed, 2 bad input.`;

/** The CDK CLI invocation that deploys every stack of an assembly without prompting. */
export function cdkDeployArguments(outdir: string): string[] {
  return ['deploy', '--app', outdir, '--all', '--require-approval', 'never', '--progress', 'events'];
}

/** Runs the CDK CLI of this repository with its output on the terminal; resolves its exit status. */
export function runCdkCli(args: readonly string[]): Promise<number> {
  const cdk = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'cdk');
  if (!existsSync(cdk)) throw new Error(`the AWS CDK CLI is not installed at ${cdk}; run \`pnpm install\``);
  return new Promise((resolve, reject) => {
    const child = spawn(cdk, [...args], { cwd: REPOSITORY_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (status) => resolve(status ?? 1));
  });
}

/** What `deploy` can be handed instead of the real app and CLI. */
export interface DeployDeps {
  readonly buildApp?: (config: TrailGuardConfig, props: TrailGuardAppProps) => App;
  readonly runCdk?: (args: readonly string[]) => Promise<number>;
}

/** `pnpm run deploy`. */
export async function deployCommand(
  args: readonly string[],
  io: CommandIo,
  deps: DeployDeps = {},
): Promise<number> {
  const values = parseFlags(
    args,
    { 'dry-run': { type: 'boolean' }, outdir: { type: 'string' } },
    DEPLOY_USAGE,
  );
  if (values.help) {
    io.stdout(DEPLOY_USAGE);
    return 0;
  }
  const ctx = createContext(values, io);
  try {
    ctx.note(`Checking the prerequisites (as \`pnpm trailguard doctor\`) for ${ctx.configFile}…`);
    ctx.progress.update('Checking the organization…', true);
    const checks = await runPreflight(ctx.config, ctx.clients, ctx.configFile).finally(() =>
      ctx.progress.done(),
    );
    ctx.print(renderChecklist(checks));
    if (!allPassed(checks)) {
      ctx.print('\nNothing was deployed. Fix each ✗ above as shown, then run `pnpm run deploy` again.');
      return 1;
    }

    const outdir = path.resolve(
      process.env.INIT_CWD ?? process.cwd(),
      values.outdir ?? path.join(REPOSITORY_ROOT, 'cdk.out'),
    );
    ctx.note(`\nSynthesizing into ${outdir}…`);
    const assembly = (deps.buildApp ?? buildTrailGuardApp)(ctx.config, { outdir }).synth();
    if (assembly.stacks.length === 0) {
      ctx.print('The app has no stacks to deploy.');
      return 1;
    }
    ctx.print(`\n${assembly.stacks.length} stack(s) to deploy:`);
    for (const stack of assembly.stacks) {
      ctx.print(`  ${stack.stackName}  (account ${stack.environment.account}, ${stack.environment.region})`);
    }
    const cdkArgs = cdkDeployArguments(outdir);
    if (values['dry-run']) {
      ctx.print(`\nDry run: would run \`cdk ${cdkArgs.join(' ')}\``);
      return 0;
    }
    ctx.print(`\nDeploying: cdk ${cdkArgs.join(' ')}\n`);
    const status = await (deps.runCdk ?? runCdkCli)(cdkArgs);
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
  } finally {
    ctx.dispose();
  }
}
