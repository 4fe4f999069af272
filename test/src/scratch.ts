import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/**
 * A new empty directory in the system temp directory, removed after the test file's last test
 * (test/src/jest-after-env.ts); `pnpm test` fails a run that leaves `trailguard-*` entries there.
 */
export function scratchDir(prefix = 'trailguard-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory `scratchDir` made in this test file. */
export function removeScratchDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
