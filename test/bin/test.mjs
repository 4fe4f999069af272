// `pnpm test`: installs the emulator if needed, builds the handler bundle the stacks inline,
// runs every jest suite, and ends with the plain line `N passed, N failed` that CI reads.
// `pnpm test:unit` (`--unit`): only the jest project `unit`, the tests outside `test/integration/`
// folders, with the harness refusing to start the emulator (TRAILGUARD_NO_EMULATOR); no venv.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const unit = process.argv.includes('--unit');
const jestArgs = process.argv.slice(2).filter((arg) => arg !== '--unit');

// The run's own temp directory: what the tests leave behind is then theirs alone, even while
// other runs share the machine's temp directory.
const runTmp = mkdtempSync(join(tmpdir(), 'trailguard-test-run-'));
const env = {
  ...process.env,
  FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
  TMPDIR: runTmp,
  ...(unit ? { TRAILGUARD_NO_EMULATOR: '1' } : {}),
};
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) console.error(`${command}: ${result.error.message}`);
  return result.status ?? 1;
};
const finish = (code) => {
  rmSync(runTmp, { recursive: true, force: true });
  process.exit(code);
};

// The unit run needs no Python: the emulator and cfn-lint serve only the integration tests.
if (!unit && run(process.execPath, [join(root, 'test', 'bin', 'ensure-venv.mjs')]) !== 0) finish(1);
if (run('pnpm', ['run', 'build']) !== 0) finish(1);

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
const status = run(process.execPath, [
  jest,
  '--json',
  `--outputFile=${results}`,
  // Unit tests are short and CPU-bound: every core (jest's default leaves one to itself, which
  // on two cores halves the speed). Emulator suites keep the default: each worker runs a moto.
  ...(unit ? ['--maxWorkers=100%'] : []),
  ...jestArgs,
  // Last: the option takes every argument after it as a project name.
  ...(unit ? ['--selectProjects', 'unit'] : []),
]);

if (!existsSync(results)) {
  console.log('0 passed, 1 failed');
  finish(status || 1);
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
// Every test removes the files it made (test/src/scratch.ts helps); CDK apps without an outdir
// make `cdk.out*` folders.
const leftFiles = readdirSync(runTmp).filter((name) => /^(trailguard-|cdk\.out)/.test(name));
if (leftFiles.length > 0) {
  console.error(
    `The test run left ${leftFiles.length} entr${leftFiles.length === 1 ? 'y' : 'ies'} in the temp directory: ${leftFiles.join(', ')}`,
  );
  failed += 1;
}
console.log(`${summary.numPassedTests} passed, ${failed} failed`);
finish(status !== 0 || failed > 0 || summary.numTotalTests === 0 ? 1 : 0);
