import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TRAILGUARD_VERSION } from '@trailguard/config/defaults';
import { childProcessEnv, REPO_ROOT, scratchDir } from '@trailguard/test';
import { runEntry, runTrailguardCli } from '../kit';

// Every entry point, run as a process the way the root package.json scripts run it.

const example = readFileSync(path.join(REPO_ROOT, 'config', 'trailguard.yaml'), 'utf8');

/** A directory holding a valid configuration (another OU than the example) and an invalid one. */
function configs() {
  const dir = scratchDir('trailguard-cli-');
  writeFileSync(path.join(dir, 'good.yaml'), example.replace('ou-a1b2-workload1', 'ou-a1b2-elsewhere'));
  writeFileSync(path.join(dir, 'bad.yaml'), example.replace('ou-a1b2-workload1', 'ou-WRONG'));
  return dir;
}

/** An environment in which any command that ran would fail: no config file, no AWS endpoint. */
function hostileEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...childProcessEnv(),
    HOME: dir,
    TRAILGUARD_CONFIG: path.join(dir, 'absent.yaml'),
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: 'us-east-1',
    // The build the launcher would start fails at once: help must not get that far.
    npm_execpath: path.join(dir, 'no-pnpm-here'),
  };
}

const BIN = 'packages/operator/src/bin';
const LAUNCHER = 'packages/operator/scripts/build-and-run.mjs';

describe('--help never runs the command', () => {
  const entries: ReadonlyArray<[string, string, string[]]> = [
    ['pnpm trailguard doctor', `${BIN}/trailguard.ts`, ['doctor']],
    ['pnpm trailguard plan', `${BIN}/trailguard.ts`, ['plan']],
    ['pnpm trailguard coverage', `${BIN}/trailguard.ts`, ['coverage']],
    ['pnpm trailguard verify', `${BIN}/trailguard.ts`, ['verify', '--account', '123456789012']],
    ['pnpm trailguard demo', `${BIN}/trailguard.ts`, ['demo', '--keep']],
    ['pnpm validate', `${BIN}/validate.ts`, ['bad.yaml']],
    ['pnpm synth', LAUNCHER, [`${BIN}/synth.ts`]],
    ['pnpm run deploy', LAUNCHER, [`${BIN}/deploy.ts`, '--yes']],
    ['pnpm run destroy', LAUNCHER, [`${BIN}/destroy.ts`, '--yes']],
  ];

  it.each(entries)(
    '%s --help (and -h, after a bad flag too) prints the usage, exit 0',
    async (name, entry, args) => {
      const dir = configs();
      const runs = await Promise.all(
        [
          [...args, '--help'],
          [...args, '--no-such-flag', '-h'],
        ].map((line) =>
          entry.endsWith('.mjs')
            ? runNode(entry, line, hostileEnv(dir))
            : runEntry(entry, line, { ...hostileEnv(dir), INIT_CWD: dir }),
        ),
      );
      for (const run of runs) {
        expect(run.stderr).toBe('');
        expect(run.stdout.startsWith(`Usage: ${name}`)).toBe(true);
        expect(run.status).toBe(0);
        // Words for people: no JSDoc tags, each option's text in its block's column.
        expect(run.stdout).not.toMatch(/@default|@param/);
        expect(misalignedOptions(run.stdout)).toEqual([]);
      }
    },
  );

  it('`pnpm trailguard help nosuch` is a usage error naming it (exit 2), never the general usage with 0', async () => {
    const [unknown, misspelt] = await Promise.all([
      runTrailguardCli(['help', 'nosuch'], hostileEnv(configs())),
      runTrailguardCli(['help', 'covrage'], hostileEnv(configs())),
    ]);
    expect(unknown.stderr.startsWith('unknown command "nosuch"\n')).toBe(true);
    expect(unknown.stdout).toBe('');
    expect(unknown.status).toBe(2);
    expect(misspelt.stderr).toContain('unknown command "covrage"; did you mean "coverage"?');
    expect(misspelt.status).toBe(2);
  });

  it('`pnpm trailguard help plan` is `plan --help`', async () => {
    const run = await runTrailguardCli(['help', 'plan'], hostileEnv(configs()));
    expect(run.stdout.startsWith('Usage: pnpm trailguard plan')).toBe(true);
    expect(run.status).toBe(0);
  });

  it('without --help, the launcher builds first and runs nothing when the build fails', async () => {
    const run = await runNode(LAUNCHER, [`${BIN}/synth.ts`], hostileEnv(configs()));
    expect(run.stderr).toContain('`pnpm run build` failed');
    expect(run.stdout).not.toContain('Synthesized');
    expect(run.status).toBe(1);
  });
});

describe('which configuration file', () => {
  it('`pnpm validate FILE` validates FILE, relative to where it was typed, not the default', async () => {
    const dir = configs();
    const env = { ...hostileEnv(dir), INIT_CWD: dir };
    const [good, bad] = await Promise.all([
      runEntry(`${BIN}/validate.ts`, ['good.yaml'], env),
      runEntry(`${BIN}/validate.ts`, ['bad.yaml'], env),
    ]);
    expect(good.stdout).toContain(`${path.join(dir, 'good.yaml')} is valid.`);
    expect(good.stdout).toContain('ou-a1b2-elsewhere');
    expect(good.status).toBe(0);
    expect(bad.stderr).toContain(`Invalid configuration in ${path.join(dir, 'bad.yaml')}`);
    expect(bad.stderr).toMatch(/organizationalUnits\[0\]: expected an OU id/);
    expect(bad.status).toBe(2);
  });

  it('`--config FILE` wins over TRAILGUARD_CONFIG, for every command that reads one', async () => {
    const dir = configs();
    const env = { ...hostileEnv(dir), TRAILGUARD_CONFIG: path.join(dir, 'bad.yaml'), INIT_CWD: dir };
    const [validate, plan, bad] = await Promise.all([
      runEntry(`${BIN}/validate.ts`, ['--config', 'good.yaml'], env),
      runTrailguardCli(['plan', '--offline', '--config', 'good.yaml'], env),
      runTrailguardCli(['doctor', '--config', 'absent.yaml'], env),
    ]);
    expect(validate.stdout).toContain(`${path.join(dir, 'good.yaml')} is valid.`);
    expect(validate.status).toBe(0);
    expect(plan.stdout).toContain('ou-a1b2-elsewhere');
    expect(plan.status).toBe(0);
    expect(bad.stderr).toContain(`Invalid configuration in ${path.join(dir, 'absent.yaml')}`);
    expect(bad.stderr).toContain('not found');
    expect(bad.status).toBe(2);
  });

  it('refuses two different files, and --config for the demo, which brings its own (exit 2)', async () => {
    const dir = configs();
    const env = { ...hostileEnv(dir), INIT_CWD: dir };
    const [two, demo] = await Promise.all([
      runEntry(`${BIN}/validate.ts`, ['good.yaml', '--config', 'bad.yaml'], env),
      runTrailguardCli(['demo', '--config', 'good.yaml'], env),
    ]);
    expect(two.stderr).toContain('name one file: both "good.yaml" and --config "bad.yaml" were given');
    expect(two.status).toBe(2);
    expect(demo.stderr).toContain('demo builds its own organization, configuration and emulator');
    expect(demo.status).toBe(2);
  });
});

describe('pnpm trailguard --version', () => {
  it.each(['--version', '-v', 'version'])(
    '%s prints the version of every package and exits 0',
    async (flag) => {
      const run = await runTrailguardCli([flag], hostileEnv(configs()));
      const root = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(run.stdout).toBe(`TrailGuard ${root.version}\n`);
      expect(root.version).toBe(TRAILGUARD_VERSION);
      expect(run.status).toBe(0);
    },
  );
});

/** A plain Node.js script of the repository as a process, as pnpm runs it (from the root). */
function runNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * The lines of a usage text whose option description does not start in the column of the first
 * option of its block (a run of option lines and their continuation lines).
 */
function misalignedOptions(usage: string): string[] {
  const misaligned: string[] = [];
  let column: number | null = null;
  for (const line of usage.split('\n')) {
    const option = /^( {2}--?[a-z][-a-z]*(?: [A-Z_]+)? +)\S/.exec(line);
    const continuation = /^( {3,})\S/.exec(line);
    if (option?.[1]) {
      column ??= option[1].length;
      if (option[1].length !== column) misaligned.push(line);
    } else if (continuation?.[1] && column !== null) {
      if (continuation[1].length !== column) misaligned.push(line);
    } else {
      column = null;
    }
  }
  return misaligned;
}
