import { configFilePath, loadConfig, summarizeConfig } from '@trailguard/config';
import { type CommandIo, configFlag, parseCommandLine } from '../../context';
import { UsageError } from '../../run-command';

export const VALIDATE_USAGE = `Usage: pnpm validate [FILE]

Checks a configuration file offline and summarizes it; every problem is reported at once, with
its path. FILE (or --config FILE) names the file, relative to where you run the command;
by default TRAILGUARD_CONFIG, else config/trailguard.yaml.
Exit status: 0 valid, 2 invalid.`;

/** `pnpm validate [FILE]`. */
export async function validateCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {}, VALIDATE_USAGE, 1);
  if (values.help) {
    io.stdout(VALIDATE_USAGE);
    return 0;
  }
  const [named] = positionals;
  const flag = configFlag(values);
  if (named !== undefined && flag !== undefined && named !== flag) {
    throw new UsageError(
      `name one file: both "${named}" and --config "${flag}" were given\n\n${VALIDATE_USAGE}`,
    );
  }
  const file = configFilePath(process.env, named ?? flag, named !== undefined ? 'FILE' : '--config');
  io.stdout(`${file} is valid.\n${summarizeConfig(loadConfig(file))}`);
  return 0;
}
