import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useEmulator } from '@trailguard/test';
import { App, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { cdkDeployArguments, deployCommand } from '../../src/commands/deploy';
import {
  captureIo,
  emulatorEnv,
  managementClients,
  prepareForDeployment,
  runEntry,
  runWithConfig,
  standardOrganization,
  writeConfig,
} from '../kit';

/** A one-stack app standing in for TrailGuard's, so these tests do not depend on the stacks' contents. */
function oneStackApp(_config: unknown, props: { outdir: string }) {
  const app = new App({ outdir: props.outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'TrailGuard-Probe', { env: { account: '123456789012', region: 'eu-west-1' } });
  new CfnWaitConditionHandle(stack, 'Marker');
  return app;
}

describe('pnpm run deploy', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  it('as a process: stops with exit 1 before synthesizing when a prerequisite fails, saying how to fix it', async () => {
    const org = await standardOrganization(emulator()); // trusted access off, nothing bootstrapped
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'trailguard-deploy-')), 'cdk.out');
    const result = await runEntry(
      'packages/operator/src/bin/deploy.ts',
      ['--outdir', outdir],
      emulatorEnv(emulator(), writeConfig(org)),
    );
    expect(result.stdout).toContain('✗ Trusted access for CloudFormation StackSets');
    expect(result.stdout).toContain('aws cloudformation activate-organizations-access --region eu-west-1');
    expect(result.stdout).toContain(`pnpm exec cdk bootstrap aws://${org.managementAccountId}/eu-west-1\``);
    expect(result.stdout).toContain('Nothing was deployed.');
    expect(result.status).toBe(1);
    expect(existsSync(outdir)).toBe(false);
  });

  it('synthesizes and deploys every stack with the CDK CLI once the checks pass', async () => {
    const org = await standardOrganization(emulator());
    await prepareForDeployment(emulator());
    const clients = await managementClients(emulator());
    const { io, out } = captureIo(clients);
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'trailguard-deploy-')), 'cdk.out');
    const invocations: string[][] = [];
    const status = await runWithConfig(writeConfig(org), () =>
      deployCommand(['--outdir', outdir], io, {
        buildApp: oneStackApp,
        runCdk: async (args) => {
          invocations.push([...args]);
          // The assembly the CLI is pointed at exists when it runs.
          expect(readdirSync(outdir)).toContain('TrailGuard-Probe.template.json');
          return 0;
        },
      }),
    );
    expect(out()).toMatch(/All 11 checks passed\./);
    expect(out()).toContain('TrailGuard-Probe  (account 123456789012, eu-west-1)');
    expect(invocations).toEqual([cdkDeployArguments(outdir)]);
    expect(invocations[0]).toEqual([
      'deploy',
      '--app',
      outdir,
      '--all',
      '--require-approval',
      'never',
      '--progress',
      'events',
    ]);
    expect(status).toBe(0);
    clients.destroy();
  });

  it('exits 1 when the CDK CLI fails, and --dry-run deploys nothing', async () => {
    const org = await standardOrganization(emulator());
    await prepareForDeployment(emulator());
    const clients = await managementClients(emulator());
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'trailguard-deploy-')), 'cdk.out');
    const failing = captureIo(clients);
    const failed = await runWithConfig(writeConfig(org), () =>
      deployCommand(['--outdir', outdir], failing.io, { buildApp: oneStackApp, runCdk: async () => 3 }),
    );
    expect(failed).toBe(1);
    expect(failing.out()).toContain('The deployment failed (cdk exited 3)');

    const dry = captureIo(clients);
    let ran = false;
    const status = await runWithConfig(writeConfig(org), () =>
      deployCommand(['--dry-run', '--outdir', outdir], dry.io, {
        buildApp: oneStackApp,
        runCdk: async () => {
          ran = true;
          return 0;
        },
      }),
    );
    expect(status).toBe(0);
    expect(ran).toBe(false);
    expect(dry.out()).toContain(
      `Dry run: would run \`cdk deploy --app ${outdir} --all --require-approval never`,
    );
    clients.destroy();
  });

  it('as a process: exits 2 on an unknown flag', async () => {
    const org = await standardOrganization(emulator());
    const result = await runEntry(
      'packages/operator/src/bin/deploy.ts',
      ['--yes'],
      emulatorEnv(emulator(), writeConfig(org)),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: pnpm run deploy');
  });
});
