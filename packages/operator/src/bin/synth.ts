import './quiet-deprecations';
import { synthCommand } from '../commands/synth';
import { PROCESS_IO } from '../context';
import { runCommand } from '../run-command';

// `pnpm synth`: offline, no credentials; writes cdk.out/ at the repository root and says what
// will be deployed where.
runCommand(() => synthCommand(process.argv.slice(2), PROCESS_IO));
