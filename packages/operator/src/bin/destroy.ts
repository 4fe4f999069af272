import './quiet-deprecations';
import { destroyCommand } from '../commands/destroy';
import { PROCESS_IO } from '../context';
import { runCommand } from '../run-command';

// `pnpm run destroy`: the checks of `trailguard doctor`, what goes in which order, a confirmation,
// then `cdk destroy`, and a check that nothing is left.
runCommand(() => destroyCommand(process.argv.slice(2), PROCESS_IO));
