import { runCommand } from '@trailguard/config';
import { runTrailguard } from '../operator/cli';
import { PROCESS_IO } from '../operator/context';

// `pnpm trailguard <command>`: the operator commands.
// The SDK's Node-version notice is noise in every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const argv = process.argv.slice(2);
const interrupt = new AbortController();
// Commands that create things clean up on Ctrl-C; a second Ctrl-C leaves at once. The others
// keep Node's default (Ctrl-C ends them), since they only read.
if (argv[0] === 'verify' || argv[0] === 'demo') {
  let firstAt = 0;
  process.on('SIGINT', () => {
    // One Ctrl-C can arrive twice (from the terminal and relayed by tsx): a repeat within a
    // second is the same keypress.
    if (interrupt.signal.aborted) {
      if (Date.now() - firstAt > 1000) process.exit(130);
      return;
    }
    firstAt = Date.now();
    process.stderr.write('\nInterrupted: cleaning up… (Ctrl-C again to leave now)\n');
    interrupt.abort(new Error('interrupted'));
  });
}
runCommand(() => runTrailguard(argv, { ...PROCESS_IO, signal: interrupt.signal }));
