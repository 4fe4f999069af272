import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, scratchDir } from '../src';

const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const example = readFileSync(path.join(REPO_ROOT, 'config', 'trailguard.yaml'), 'utf8');

/** The example configuration with an invalid OU id and an invalid e-mail address. */
function badConfigFile(): string {
  const file = path.join(scratchDir('trailguard-cmd-'), 'bad.yaml');
  writeFileSync(
    file,
    example
      .replace('ou-a1b2-workload1', 'ou-WRONG')
      .replace('security-alerts@example.com', 'security-alerts'),
  );
  return file;
}

describe.each([
  ['synth', 'packages/operator/src/bin/synth.ts'],
  ['validate', 'packages/operator/src/bin/validate.ts'],
])('`pnpm %s` with an invalid OU id and an invalid e-mail', (_name, entry) => {
  const result = spawnSync(tsx, [path.join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, TRAILGUARD_CONFIG: badConfigFile() },
    encoding: 'utf8',
    timeout: 60_000,
  });

  it('exits 2', () => {
    expect(result.status).toBe(2);
  });

  it('names both fields and what was expected', () => {
    expect(result.stderr).toMatch(/organizationalUnits\[0\]: expected an OU id/);
    expect(result.stderr).toMatch(/notificationEmails\[0\]: expected an e-mail address/);
  });

  it('prints no stack trace', () => {
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
