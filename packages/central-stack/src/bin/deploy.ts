import './quiet-deprecations';
import { runCommand } from '@trailguard/config';
import { PROCESS_IO } from '../operator/context';
import { deployCommand } from '../operator/deploy';

// `pnpm run deploy`: the prerequisite checks of `trailguard doctor`, then synth and `cdk deploy`.
runCommand(() => deployCommand(process.argv.slice(2), PROCESS_IO));
