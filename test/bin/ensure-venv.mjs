// Creates the project-local Python venv (.venv) with the emulator and the template linter
// pinned in test/requirements.txt, and reinstalls only when that file changes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const venv = join(root, '.venv');
const requirements = join(root, 'test', 'requirements.txt');
const stamp = join(venv, '.trailguard-requirements');
const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) process.exit(0);

const python = process.env.PYTHON ?? 'python3';
let version;
try {
  version = execFileSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
    encoding: 'utf8',
  }).trim();
} catch {
  console.error(
    `Python 3.10 or newer is needed for the AWS emulator, and "${python}" was not found; install it or set PYTHON.`,
  );
  process.exit(1);
}
const [major, minor] = version.split('.').map(Number);
if (major < 3 || (major === 3 && minor < 10)) {
  console.error(
    `Python 3.10 or newer is needed for the AWS emulator; "${python}" is ${version}. Set PYTHON to a newer one.`,
  );
  process.exit(1);
}
console.log(`Installing the AWS emulator into ${venv} (Python ${version}) ...`);
if (!existsSync(join(venv, 'bin', 'python')))
  execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
const pip = join(venv, 'bin', 'pip');
execFileSync(pip, ['install', '--quiet', '--disable-pip-version-check', '-r', requirements], {
  stdio: 'inherit',
});
writeFileSync(stamp, wanted);
