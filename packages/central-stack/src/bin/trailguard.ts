import { runCommand } from '@trailguard/config';
import { runTrailguard } from '../operator/cli';
import { PROCESS_IO } from '../operator/context';

// `pnpm trailguard <command>`: the operator commands. Ctrl-C aborts waiting; cleanup still runs.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\nInterrupted: cleaning up…\n');
  interrupt.abort(new Error('interrupted'));
});
runCommand(() => runTrailguard(process.argv.slice(2), { ...PROCESS_IO, signal: interrupt.signal }));
