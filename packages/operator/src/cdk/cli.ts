import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REPOSITORY_ROOT } from '../paths';

/** How one run of the CDK CLI ended, with its output when it was captured. */
export interface CdkRun {
  readonly status: number;
  /** Standard output and error, interleaved as written; empty unless captured. */
  readonly output: string;
}

/** Options of one run of the CDK CLI. */
export interface CdkRunOptions {
  /** Capture the output (to read it) instead of showing it on the terminal as it comes. */
  readonly capture?: boolean;
  /** Variables added to the environment (an endpoint, say). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs the CDK CLI with some arguments; the commands take another one in tests. */
export type CdkCli = (args: readonly string[], options?: CdkRunOptions) => Promise<CdkRun>;

/** The CDK CLI this repository pins (root devDependencies), the one `npx cdk` runs. */
export const CDK_EXECUTABLE = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'cdk');

/**
 * The CDK CLI the commands run: the pinned one, or the executable TRAILGUARD_CDK_CLI names (the
 * test suite's stand-in for the emulator, which cannot deploy AWS::CloudFormation::StackSet).
 */
export function cdkExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRAILGUARD_CDK_CLI || CDK_EXECUTABLE;
}

/** Runs the CDK CLI from the repository root (where cdk.json is). */
export const runCdkCli: CdkCli = (args, options = {}) => {
  const executable = cdkExecutable();
  if (!existsSync(executable)) {
    throw new Error(`the AWS CDK CLI is not installed at ${executable}; run \`pnpm install\``);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [...args], {
      cwd: REPOSITORY_ROOT,
      stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: {
        ...process.env,
        // The CLI's own AWS SDK warns about the Node.js version on every run, whatever
        // AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED says: noise no user can act on.
        NODE_OPTIONS: [process.env.NODE_OPTIONS, '--disable-warning=NodeVersionSupportWarning']
          .filter(Boolean)
          .join(' '),
        ...options.env,
      },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });
};

/** `cdk diff` of every stack of an assembly against what is deployed. */
export function cdkDiffArguments(outdir: string): string[] {
  return ['diff', '--app', outdir];
}

/**
 * `cdk deploy` of every stack of an assembly. It does not ask again: `pnpm run deploy` has shown
 * the changes and asked (or was told --yes) already.
 */
export function cdkDeployArguments(outdir: string): string[] {
  return ['deploy', '--app', outdir, '--all', '--require-approval', 'never', '--progress', 'events'];
}

/** `cdk destroy` of every stack of an assembly, after `pnpm run destroy` has asked. */
export function cdkDestroyArguments(outdir: string): string[] {
  return ['destroy', '--app', outdir, '--all', '--force'];
}
