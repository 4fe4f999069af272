import type { TrailGuardConfig } from '@trailguard/config';
import { App } from 'aws-cdk-lib';

/** Options of the CDK app that turns a configuration into templates. */
export interface TrailGuardAppProps {
  /** Directory the cloud assembly is written to. */
  readonly outdir: string;
  /** Run aws-cdk-lib's CloudFormation validator on synth (slow; tests turn it off); @default true */
  readonly validateTemplates?: boolean;
}

/** Builds the whole TrailGuard CDK app from a validated configuration. */
export function buildApp(_config: TrailGuardConfig, props: TrailGuardAppProps): App {
  // Placeholder until issue 4 lands the stacks.
  return new App({
    outdir: props.outdir,
    builtinCloudFormationValidation: props.validateTemplates ?? true,
  });
}
