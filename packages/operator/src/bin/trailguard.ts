import './quiet-deprecations';
import { runTrailguard } from '../cli';
import { PROCESS_IO } from '../context';
import { runCommand } from '../run-command';

// `pnpm trailguard <command>`: the operator commands.
// The SDK's Node-version notice is noise in every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const argv = process.argv.slice(2);
const interrupt = new AbortController();
// Commands that create things clean up on Ctrl-C; repeated Ctrl-C leaves at once. The others
// keep Node's default (Ctrl-C ends them), since they only read.
if (argv[0] === 'verify' || argv[0] === 'demo') {
  let signals = 0;
  process.on('SIGINT', () => {
    // One Ctrl-C can arrive twice (from the terminal, and relayed by tsx), so only a third
    // signal means "leave now, skip the cleanup".
    signals += 1;
    if (signals >= 3) process.exit(130);
    if (interrupt.signal.aborted) return;
    process.stderr.write('\nInterrupted: cleaning up… (press Ctrl-C twice more to leave at once)\n');
    interrupt.abort(new Error('interrupted'));
  });
}
runCommand(() => runTrailguard(argv, { ...PROCESS_IO, signal: interrupt.signal }));
