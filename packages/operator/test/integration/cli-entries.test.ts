import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('pnpm validate FILE: every problem in words, exit 2 with the file', () => {
  it('reports unquoted ids (zeros lost too), a string for a list, a misspelt key and value, a range, all at once', async () => {
    const dir = scratchDir('trailguard-cli-');
    const file = path.join(dir, 'mistakes.yaml');
    writeFileSync(
      file,
      example
        .replace('managementAccountId: "111111111111"', 'managementAccountId: 111111111111')
        .replace('securityAccountId: "222222222222"', 'securityAccountId: 012345678901')
        .replace(
          /organizationalUnits:\n {2}- ou-a1b2-workload1\n {2}- ou-a1b2-sandbox01/,
          'organizationalUnits: ou-a1b2-workload1',
        )
        .replace(/^remediationMode: remediate/m, 'remediationMode: remediat\nsweepIntervalMinuts: 5')
        .replace(/^sweepIntervalMinutes: 10/m, 'sweepIntervalMinutes: 5000'),
    );
    const run = await runEntry(`${BIN}/validate.ts`, [file], hostileEnv(dir));
    expect(run.stderr).toContain(`Invalid configuration in ${file}: 6 problems`);
    expect(run.stderr).toContain(
      '  - managementAccountId: expected a 12-digit AWS account id, in quotes; got the number 111111111111, which YAML reads as a number: write it in quotes, such as "111111111111"',
    );
    expect(run.stderr).toContain(
      '  - securityAccountId: expected a 12-digit AWS account id, in quotes; got the number 12345678901 (11 digits): unquoted, YAML reads an id as a number and drops its leading zeros. Write all 12 digits in quotes, such as "012345678901"',
    );
    expect(run.stderr).toContain(
      '  - organizationalUnits: expected a list; got the text "ou-a1b2-workload1", where a list belongs',
    );
    expect(run.stderr).toContain(
      '  - sweepIntervalMinuts: unknown key; did you mean "sweepIntervalMinutes"?',
    );
    expect(run.stderr).toContain(
      '  - remediationMode: got "remediat"; expected one of remediate, notify-only; did you mean "remediate"?',
    );
    expect(run.stderr).toContain(
      '  - sweepIntervalMinutes: expected a whole number: 1–1440 minutes; got the number 5000',
    );
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
  });

  it('refuses an empty file name, from the argument, --config or TRAILGUARD_CONFIG, naming it (exit 2)', async () => {
    const dir = configs();
    const env = { ...hostileEnv(dir), INIT_CWD: dir };
    const [argument, flag, variable, planFlag] = await Promise.all([
      runEntry(`${BIN}/validate.ts`, [''], env),
      runEntry(`${BIN}/validate.ts`, ['--config='], env),
      runEntry(`${BIN}/validate.ts`, [], { ...env, TRAILGUARD_CONFIG: '' }),
      runTrailguardCli(['plan', '--offline', '--config', ''], env),
    ]);
    expect(argument.stderr).toMatch(/^the FILE argument is empty: it names no file/);
    expect(flag.stderr).toMatch(/^--config is empty: it names no file/);
    expect(variable.stderr).toMatch(/^TRAILGUARD_CONFIG is set but empty/);
    expect(planFlag.stderr).toMatch(/^--config is empty: it names no file/);
    for (const run of [argument, flag, variable, planFlag]) {
      // Never the default file validated in its place.
      expect(run.stdout).not.toContain('is valid');
      expect(run.stdout).not.toContain('Plan');
      expect(run.status).toBe(2);
    }
  });

  it('names a directory, a file it may not read and one behind a folder it may not search (exit 2)', async () => {
    const user = modeBoundUser();
    const dir = user.base();
    chmodSync(dir, 0o755);
    const home = path.join(dir, 'home');
    mkdirSync(home);
    chmodSync(home, 0o777);
    const unreadable = path.join(dir, 'unreadable.yaml');
    writeFileSync(unreadable, example);
    chmodSync(unreadable, 0o000);
    const closed = path.join(dir, 'closed');
    mkdirSync(closed);
    const behind = path.join(closed, 'trailguard.yaml');
    writeFileSync(behind, example);
    chmodSync(closed, 0o000);
    const env = { ...hostileEnv(home), TMPDIR: home };
    try {
      const run = (file: string) => runEntry(`${BIN}/validate.ts`, [file], env, 60_000, user.as);
      const [folder, noRead, noSearch] = await Promise.all([run(dir), run(unreadable), run(behind)]);
      expect(folder.stderr).toContain(
        `Invalid configuration in ${dir}: 1 problem\n  - (file): is a directory, not a file`,
      );
      expect(folder.status).toBe(2);
      if (user.bound) {
        for (const [run, file] of [
          [noRead, unreadable],
          [noSearch, behind],
        ] as const) {
          expect(run.stderr).toContain(
            `Invalid configuration in ${file}: 1 problem\n  - (file): cannot be read (EACCES); check its permissions`,
          );
          expect(run.stderr).not.toMatch(/EISDIR|not found|at .*\.ts:\d+/);
          expect(run.status).toBe(2);
        }
      } else {
        // Root, and no other user may read this checkout: modes do not stop root, as it shows.
        expect(noRead.stdout).toContain(`${unreadable} is valid.`);
        expect(noSearch.stdout).toContain(`${behind} is valid.`);
        // What root cannot read either: another process's memory.
        const memory = await runEntry(`${BIN}/validate.ts`, ['/proc/1/mem'], env);
        expect(memory.stderr).toMatch(
          /\/proc\/1\/mem: 1 problem\n {2}- \(file\): cannot be read \((EACCES|EIO)\)/,
        );
        expect(memory.status).toBe(2);
      }
    } finally {
      chmodSync(closed, 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Who runs a command that file modes must bind: this user, unless it is root, whom modes do not
 * bind; then nobody (uid 65534) in a folder of the system temp directory, when that user may read
 * this checkout (every folder above it searchable by all). `bound` is false when neither works.
 */
function modeBoundUser(): { bound: boolean; as: { uid?: number; gid?: number }; base: () => string } {
  if (process.getuid?.() !== 0) return { bound: true, as: {}, base: () => scratchDir('trailguard-cli-') };
  const searchable = (dir: string): boolean =>
    (statSync(dir).mode & 0o001) !== 0 && (dir === path.dirname(dir) || searchable(path.dirname(dir)));
  const bound = searchable(REPO_ROOT);
  return {
    bound,
    as: bound ? { uid: 65534, gid: 65534 } : {},
    base: () =>
      mkdtempSync(bound ? '/tmp/trailguard-cli-modes-' : path.join(tmpdir(), 'trailguard-cli-modes-')),
  };
}

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
