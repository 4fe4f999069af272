import '../../src/bin/quiet-deprecations';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildApp } from '@trailguard/central-stack';
import { TEMPLATE_FILES } from '@trailguard/central-stack/names';
import { loadConfig } from '@trailguard/config';
import { REPO_ROOT } from '@trailguard/test';
import { stringify } from 'yaml';
import { CDK_EXECUTABLE } from '../../src/cdk/cli';

// `npx cdk synth` at the repository root (cdk.json) runs the app `pnpm synth` and `pnpm run
// deploy` synthesize, for the configuration of TRAILGUARD_CONFIG.
describe('cdk.json at the repository root', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'trailguard-cdk-json-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const configFile = path.join(scratch, 'org.yaml');
  writeFileSync(
    configFile,
    stringify({
      organizationId: 'o-zz9y8x7w6v',
      organizationRootId: 'r-zz9y',
      managementAccountId: '333333333333',
      securityAccountId: '444444444444',
      homeRegion: 'ap-southeast-2',
      organizationalUnits: ['ou-zz9y-aaaaaaaa'],
      regions: ['ap-southeast-2', 'us-west-2'],
      notificationEmails: ['soc@example.org'],
      prevention: { enabled: true },
    }),
  );
  const cdk = (args: string[], config = configFile) =>
    spawnSync(CDK_EXECUTABLE, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, TRAILGUARD_CONFIG: config, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      encoding: 'utf8',
      timeout: 120_000,
    });

  /** Logical id → type of every resource: what the app builds, without the CLI's metadata. */
  const resources = (dir: string, file: string) =>
    Object.fromEntries(
      Object.entries(
        (
          JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
            Resources: Record<string, { Type: string }>;
          }
        ).Resources,
      )
        .filter(([, r]) => r.Type !== 'AWS::CDK::Metadata')
        .map(([id, r]) => [id, r.Type]),
    );

  it('`cdk synth` builds the handler bundle, then the same stacks as the commands, from TRAILGUARD_CONFIG', () => {
    const viaCli = path.join(scratch, 'cli.out');
    const result = cdk(['synth', '--quiet', '--no-notices', '-o', viaCli]);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    // A fresh clone has no bundle until something builds it: the app does, before it synthesizes.
    expect(`${result.stdout}${result.stderr}`).toMatch(/core-handler bundle: dist\/index\.js, \d+ bytes/);
    const inProcess = path.join(scratch, 'app.out');
    buildApp(loadConfig(configFile), { outdir: inProcess, validateTemplates: false }).synth();
    for (const file of Object.values(TEMPLATE_FILES)) {
      expect(resources(viaCli, file)).toEqual(resources(inProcess, file));
    }
    expect(resources(viaCli, TEMPLATE_FILES.parent)).toHaveProperty(
      'PreventionPolicy687957FA',
      'AWS::Organizations::Policy',
    );
  }, 150_000);

  it('`cdk synth` with an invalid configuration names the problem and fails', () => {
    const result = cdk(
      ['synth', '--quiet', '--no-notices', '-o', path.join(scratch, 'bad.out')],
      path.join(scratch, 'none.yaml'),
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`Invalid configuration in ${path.join(scratch, 'none.yaml')}`);
  }, 60_000);
});
