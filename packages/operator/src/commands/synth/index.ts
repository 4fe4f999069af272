import { buildApp } from '@trailguard/central-stack';
import { configFilePath, loadConfig, summarizeConfig } from '@trailguard/config';
import { type CommandIo, configFlag, configOptionHelp, parseFlags } from '../../context';
import { DEFAULT_OUTDIR } from '../../paths';
import { renderSynthPlan } from './synth-plan';

export const SYNTH_USAGE = `Usage: pnpm synth [--config FILE]

Offline, no AWS credentials needed: synthesizes the CDK app for the configuration into cdk.out/
at the repository root, and prints what will be deployed where. \`npx cdk synth\` runs the same
app (cdk.json), for the file of TRAILGUARD_CONFIG.
${configOptionHelp(13)}
Exit status: 0 synthesized, 1 synth failed (a cdk-nag finding, say), 2 bad configuration.`;

/** `pnpm synth`. */
export async function synthCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseFlags(args, {}, SYNTH_USAGE);
  if (values.help) {
    io.stdout(SYNTH_USAGE);
    return 0;
  }
  const file = configFilePath(process.env, configFlag(values));
  const config = loadConfig(file);
  const assembly = buildApp(config, { outdir: DEFAULT_OUTDIR }).synth();
  io.stdout(`Synthesized ${assembly.stacks.length} stack(s) from ${file} into ${DEFAULT_OUTDIR}\n`);
  io.stdout(summarizeConfig(config));
  io.stdout('');
  io.stdout(renderSynthPlan(config, DEFAULT_OUTDIR));
  return 0;
}
