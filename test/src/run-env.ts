import { tmpdir } from 'node:os';

/**
 * Set by `pnpm test:unit`, which runs every test that needs no emulator: while it is set the
 * harness refuses to start moto, so a test that needs it fails at once instead of slowing the
 * unit run down. Such a test belongs in a `test/integration/` folder.
 */
export const NO_EMULATOR_ENV = 'TRAILGUARD_NO_EMULATOR';

/**
 * What a process a test starts with an environment of its own must still inherit: PATH, the
 * run's temp directory (`pnpm test` checks it for leftovers) and the unit run's refusal of the
 * emulator.
 */
export function childProcessEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TMPDIR: tmpdir(),
    ...(process.env[NO_EMULATOR_ENV] ? { [NO_EMULATOR_ENV]: process.env[NO_EMULATOR_ENV] } : {}),
  };
}
