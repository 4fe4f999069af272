import { validateCommand } from '../commands/validate';
import { PROCESS_IO } from '../context';
import { runCommand } from '../run-command';

// `pnpm validate`: the configuration, checked offline.
runCommand(() => validateCommand(process.argv.slice(2), PROCESS_IO));
