import './quiet-deprecations';
import { buildApp } from '@trailguard/central-stack';
import { configFilePath, loadConfig } from '@trailguard/config';
import { DEFAULT_OUTDIR } from '../paths';
import { runCommand } from '../run-command';

// The app of cdk.json at the repository root, for `npx cdk synth | diff | deploy | destroy`: the
// same app `pnpm synth` and `pnpm run deploy` synthesize, for the configuration of
// TRAILGUARD_CONFIG (default config/trailguard.yaml). The CDK CLI says where to write (CDK_OUTDIR).
runCommand(() => {
  const config = loadConfig(configFilePath());
  buildApp(config, { outdir: process.env.CDK_OUTDIR ?? DEFAULT_OUTDIR }).synth();
  return 0;
});
