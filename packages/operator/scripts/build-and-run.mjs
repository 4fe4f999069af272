// `pnpm synth`, `pnpm run deploy`, `pnpm run destroy`: build the handler bundle the templates
// inline (`pnpm run build`), then run the command's entry point with the arguments given.
// Asking for help builds nothing and runs nothing else: the entry prints its usage at once.
import { spawn, spawnSync } from 'node:child_process';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node build-and-run.mjs ENTRY.ts [ARGS…]');
  process.exit(2);
}
const end = args.indexOf('--');
const asksForHelp = (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');

if (!asksForHelp) {
  // Under `pnpm run`, npm_execpath is the pnpm that runs this script.
  const pnpm = process.env.npm_execpath || 'pnpm';
  const viaNode = /\.[cm]?js$/.test(pnpm);
  const build = spawnSync(viaNode ? process.execPath : pnpm, [...(viaNode ? [pnpm] : []), 'run', 'build'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error(
      `\`pnpm run build\` failed${build.error ? ` (${build.error.message})` : ''}; nothing else was run.`,
    );
    process.exit(1);
  }
}

// The command handles Ctrl-C itself (deploy and destroy ask, the CDK CLI cleans up); this
// process only waits for it and passes its exit status on.
process.on('SIGINT', () => {});
// tsx as this script finds it (the repository's), wherever the command was started from.
const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), entry, ...args], {
  stdio: 'inherit',
});
child.on('close', (status, signal) => process.exit(status ?? (signal ? 128 + 2 : 1)));
