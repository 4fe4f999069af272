import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { childProcessEnv, Emulator, NO_EMULATOR_ENV, scratchDir } from '../src';

/** Runs `body` with NO_EMULATOR_ENV set as `pnpm test:unit` sets it, then puts it back. */
async function asUnitRun(body: () => Promise<void> | void): Promise<void> {
  const previous = process.env[NO_EMULATOR_ENV];
  process.env[NO_EMULATOR_ENV] = '1';
  try {
    await body();
  } finally {
    if (previous === undefined) delete process.env[NO_EMULATOR_ENV];
    else process.env[NO_EMULATOR_ENV] = previous;
  }
}

describe('the unit run', () => {
  it('refuses to start the emulator, naming the folder the test belongs in', async () => {
    await asUnitRun(async () => {
      await expect(Emulator.start()).rejects.toThrow(/pnpm test:unit runs no emulator.*test\/integration\//);
    });
  });

  it('hands the refusal and the temp directory to a process a test starts with its own environment', async () => {
    await asUnitRun(() => {
      const child = spawnSync(
        process.execPath,
        ['-e', `console.log(JSON.stringify([process.env.${NO_EMULATOR_ENV}, require('node:os').tmpdir()]))`],
        { env: childProcessEnv(), encoding: 'utf8' },
      );
      expect(JSON.parse(child.stdout)).toEqual(['1', tmpdir()]);
    });
  });
});

describe('scratchDir', () => {
  // Made in one test and checked in a later one: the directory lives until the file's last test.
  let made = '';

  it('makes an empty directory in the temp directory with the given prefix', () => {
    made = scratchDir('trailguard-scratch-');
    expect(path.dirname(made)).toBe(tmpdir());
    expect(path.basename(made)).toMatch(/^trailguard-scratch-/);
    expect(existsSync(made)).toBe(true);
  });

  it('keeps it until the test file ends', () => {
    expect(existsSync(made)).toBe(true);
  });
});
