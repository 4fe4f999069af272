import './quiet-deprecations';
import { deployCommand } from '../commands/deploy';
import { PROCESS_IO } from '../context';
import { runCommand } from '../run-command';

// `pnpm run deploy`: the prerequisite checks of `trailguard doctor`, then synth and `cdk deploy`.
runCommand(() => deployCommand(process.argv.slice(2), PROCESS_IO));
