import * as path from 'node:path';
import { buildApp, type TrailGuardAppProps } from '@trailguard/central-stack';
import type { TrailGuardConfig } from '@trailguard/config';
import type { App } from 'aws-cdk-lib';
import { DEFAULT_OUTDIR } from '../paths';

/** Builds the CDK app for a configuration: TrailGuard's, or a stand-in in tests. */
export type AppBuilder = (config: TrailGuardConfig, props: TrailGuardAppProps) => App;

/** The assembly directory of `--outdir`, relative to where pnpm was run; @default cdk.out at the root. */
export function resolveOutdir(outdir: string | undefined): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), outdir ?? DEFAULT_OUTDIR);
}

/** A stack of the synthesized assembly: its name and where it goes. */
export interface SynthesizedStack {
  readonly name: string;
  readonly account: string;
  readonly region: string;
}

/** Synthesizes the app into `outdir` (with `props` such as the canary's narrowed targets) and lists its stacks. */
export function synthesize(
  config: TrailGuardConfig,
  outdir: string,
  build: AppBuilder = buildApp,
  props: Omit<TrailGuardAppProps, 'outdir'> = {},
): SynthesizedStack[] {
  const assembly = build(config, { ...props, outdir }).synth();
  return assembly.stacks.map((s) => ({
    name: s.stackName,
    account: s.environment.account,
    region: s.environment.region,
  }));
}

/** Where a stack goes, in words; an app without an account deploys with the caller's. */
export function describeEnvironment(stack: SynthesizedStack): string {
  const account = stack.account === 'unknown-account' ? 'the deploying account' : `account ${stack.account}`;
  return `${account}, ${stack.region}`;
}
