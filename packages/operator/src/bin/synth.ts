import './quiet-deprecations';
import * as path from 'node:path';
import { buildApp } from '@trailguard/central-stack';
import { configFilePath, loadConfig, summarizeConfig } from '@trailguard/config';
import { renderPlan } from '../commands/synth/synth-plan';
import { runCommand } from '../run-command';

// `pnpm synth`: offline, no credentials; writes cdk.out/ at the repository root and says what
// will be deployed where.
runCommand(() => {
  const file = configFilePath();
  const config = loadConfig(file);
  const outdir = path.resolve(__dirname, '..', '..', '..', '..', 'cdk.out');
  const assembly = buildApp(config, { outdir }).synth();
  console.log(`Synthesized ${assembly.stacks.length} stack(s) from ${file} into ${outdir}\n`);
  console.log(summarizeConfig(config));
  console.log('');
  console.log(renderPlan(config, outdir));
  return 0;
});
