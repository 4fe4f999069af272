import { configFilePath, loadConfig, summarizeConfig } from '@trailguard/config';
import { type CommandIo, parseFlags } from '../../context';

export const VALIDATE_USAGE = `Usage: pnpm validate

Checks the configuration of TRAILGUARD_CONFIG (default config/trailguard.yaml) offline and
summarizes it; every problem is reported at once, with its path.
Exit status: 0 valid, 2 invalid.`;

/** `pnpm validate`. */
export async function validateCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseFlags(args, {}, VALIDATE_USAGE);
  if (values.help) {
    io.stdout(VALIDATE_USAGE);
    return 0;
  }
  const file = configFilePath();
  io.stdout(`${file} is valid.\n${summarizeConfig(loadConfig(file))}`);
  return 0;
}
