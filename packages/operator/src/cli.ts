import { TRAILGUARD_VERSION } from '@trailguard/config/defaults';
import { closest, distance } from 'fastest-levenshtein';
import { isMissingCredentials } from './aws-clients';
import type * as Coverage from './commands/coverage';
import type * as Demo from './commands/demo';
import type * as Doctor from './commands/doctor';
import type * as Plan from './commands/plan';
import type * as Verify from './commands/verify';
import type { CommandIo } from './context';
import { UsageError } from './run-command';

export const USAGE = `Usage: pnpm trailguard <command> [options]
       pnpm trailguard help <command> | --version

Commands:
  doctor     preflight checks before deploying, each failure with its fix
  plan       what goes where: OUs → accounts × regions (offline without credentials)
  coverage   after deploying: every account × region protected, missing, failed or outdated
  verify     stop a canary trail and time how long TrailGuard takes to restart it
  demo       the whole story on a local AWS emulator, no AWS account needed

Every command takes --help. doctor, plan, coverage and verify read the configuration file of
--config FILE, else of TRAILGUARD_CONFIG, else config/trailguard.yaml, and print data as JSON
with --json; demo brings its own configuration and emulator. AWS credentials and region come
from the usual AWS environment (AWS_PROFILE…); --endpoint-url (or AWS_ENDPOINT_URL) points them
at an emulator.
Exit status: 0 success, 1 a failed check, 2 bad input.`;

type Command = (args: readonly string[], io: CommandIo) => Promise<number>;

// Each command is loaded when it runs: --help, --version and the commands that only read AWS
// start without loading what the others need (aws-cdk-lib, for the demo).
const COMMANDS: Record<string, () => Command> = {
  doctor: () => (require('./commands/doctor') as typeof Doctor).doctorCommand,
  plan: () => (require('./commands/plan') as typeof Plan).planCommand,
  coverage: () => (require('./commands/coverage') as typeof Coverage).coverageCommand,
  verify: () => (require('./commands/verify') as typeof Verify).verifyCommand,
  demo: () => (require('./commands/demo') as typeof Demo).demoCommand,
};

/** A usage error naming a command that does not exist, with the one probably meant. */
function unknownCommand(name: string): UsageError {
  const known = Object.keys(COMMANDS);
  const guess = closest(name, known);
  const meant = distance(name.toLowerCase(), guess) <= 2 ? `; did you mean "${guess}"?` : '';
  return new UsageError(`unknown command "${name}"${meant}\n\n${USAGE}`);
}

/** Runs `trailguard <command> …` and returns its exit status. */
export async function runTrailguard(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`TrailGuard ${TRAILGUARD_VERSION}`);
    return 0;
  }
  // `help plan` is `plan --help`: the command prints its usage and does nothing else.
  if (name === 'help' && rest[0] !== undefined) {
    if (!COMMANDS[rest[0]]) throw unknownCommand(rest[0]);
    return runTrailguard([rest[0], '--help'], io);
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) throw unknownCommand(name);
  const command = load();
  try {
    return await command(rest, io);
  } catch (error) {
    if (isMissingCredentials(error)) {
      throw new Error(
        'no AWS credentials found. Sign in to the management account (`aws sso login --profile <profile>`, ' +
          'then `export AWS_PROFILE=<profile>`), or try TrailGuard without AWS: `pnpm trailguard demo`.',
        { cause: error },
      );
    }
    throw error;
  }
}
