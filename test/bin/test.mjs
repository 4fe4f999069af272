// `pnpm test`: installs the emulator if needed, builds the handler bundle the stacks inline,
// runs every jest suite, and ends with the plain line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (command, args) =>
  spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
  }).status ?? 1;

if (run(process.execPath, [join(root, 'test', 'bin', 'ensure-venv.mjs')]) !== 0) process.exit(1);
if (run('pnpm', ['run', 'build']) !== 0) process.exit(1);

// moto servers already running from this checkout (say, a `trailguard demo --keep`) are not the
// test run's; only those that appear during it must be gone at its end.
const motoServers = () =>
  spawnSync('pgrep', ['-f', join(root, '.venv', 'bin', 'moto_server')], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .filter(Boolean);
const before = new Set(motoServers());

const results = join(root, '.jest-results.json');
rmSync(results, { force: true });
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const status = run(process.execPath, [jest, '--json', `--outputFile=${results}`, ...process.argv.slice(2)]);

if (!existsSync(results)) {
  console.log('0 passed, 1 failed');
  process.exit(status || 1);
}
const summary = JSON.parse(readFileSync(results, 'utf8'));
// A suite that fails to load has no test results of its own; count it as a failure.
let failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
// The emulator harness must stop every moto_server it started, even when tests fail.
const leftovers = motoServers().filter((pid) => !before.has(pid));
if (leftovers.length > 0) {
  console.error(
    `The test run left ${leftovers.length} moto_server process(es) behind: ${leftovers.join(', ')}`,
  );
  spawnSync('kill', leftovers);
  failed += 1;
}
console.log(`${summary.numPassedTests} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 || summary.numTotalTests === 0 ? 1 : 0);
