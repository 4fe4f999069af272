import '../../src/bin/quiet-deprecations';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type Emulator, useEmulator } from '@trailguard/test';
import {
  App,
  CfnWaitConditionHandle,
  aws_iam as iam,
  aws_organizations as organizations,
  Stack,
} from 'aws-cdk-lib';
import { type CdkCli, cdkDeployArguments, cdkDiffArguments, runCdkCli } from '../../src/cdk/cli';
import { deployCommand } from '../../src/commands/deploy';
import {
  captureIo,
  createStandInParentStack,
  emulatorEnv,
  leftInTemp,
  newOutdir,
  organizationReadyToDeploy,
  prepareForDeployment,
  runEntry,
  runWithConfig,
  standardOrganization,
  withOwnTemp,
  writeConfig,
} from '../kit';

const DEPLOY = 'packages/operator/src/bin/deploy.ts';

/** A stand-in for TrailGuard's app, so these tests do not depend on the stacks' contents. */
function probeApp(withSecurityResources: boolean) {
  return (_config: unknown, props: { outdir: string }) => {
    const app = new App({ outdir: props.outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'TrailGuard', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CfnWaitConditionHandle(stack, 'Marker');
    if (withSecurityResources) {
      new iam.CfnRole(stack, 'ProbeRole', {
        assumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      });
      new organizations.CfnPolicy(stack, 'ProbePolicy', {
        name: 'probe',
        type: 'SERVICE_CONTROL_POLICY',
        content: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }],
        },
        targetIds: ['r-probe'],
      });
    }
    return app;
  };
}

/** The real CDK CLI for `cdk diff` against the emulator; `cdk deploy` only recorded. */
function diffForReal(emulator: Emulator, configFile: string, deploys: string[][], deployStatus = 0): CdkCli {
  return async (args, options) => {
    if (args[0] === 'diff') {
      return runCdkCli(args, { ...options, env: { ...emulatorEnv(emulator, configFile), ...options?.env } });
    }
    deploys.push([...args]);
    return { status: deployStatus, output: '' };
  };
}

describe('pnpm run deploy', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  it('as a process without a terminal and without --yes: refuses at once (exit 2), touching nothing', async () => {
    const org = await standardOrganization(emulator());
    const outdir = newOutdir();
    const result = await runEntry(DEPLOY, ['--outdir', outdir], emulatorEnv(emulator(), writeConfig(org)));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'pnpm run deploy asks before it changes anything, and there is no terminal',
    );
    expect(result.stderr).toContain('`pnpm run deploy --yes`');
    expect(result.stdout).not.toContain('Checking');
    expect(existsSync(outdir)).toBe(false);
  });

  it('as a process: stops with exit 1 before synthesizing when a prerequisite fails, saying how to fix it', async () => {
    const org = await standardOrganization(emulator()); // trusted access off, nothing bootstrapped
    const outdir = newOutdir();
    const result = await runEntry(
      DEPLOY,
      ['--yes', '--outdir', outdir],
      emulatorEnv(emulator(), writeConfig(org)),
    );
    expect(result.stdout).toContain('✗ Trusted access for CloudFormation StackSets');
    expect(result.stdout).toContain('aws cloudformation activate-organizations-access --region eu-west-1');
    expect(result.stdout).toContain(`pnpm exec cdk bootstrap aws://${org.managementAccountId}/eu-west-1\``);
    expect(result.stdout).toContain('Nothing was changed.');
    expect(result.status).toBe(1);
    expect(existsSync(outdir)).toBe(false);
  });

  it('as a process with --dry-run: shows the real cdk diff of TrailGuard, IAM and the SCP called out, and deploys nothing', async () => {
    const org = await standardOrganization(emulator());
    await prepareForDeployment(emulator());
    const outdir = newOutdir();
    const config = writeConfig(org, { prevention: { enabled: true, breakGlassPrincipals: [] } });
    const env = withOwnTemp(emulatorEnv(emulator(), config));
    const result = await runEntry(DEPLOY, ['--dry-run', '--outdir', outdir], env, 120_000);
    expect(result.stdout).toContain('TrailGuard  (account 123456789012, eu-west-1)');
    expect(result.stdout).toContain('IAM Statement Changes');
    expect(result.stdout).toMatch(/\[\+\] AWS::Organizations::Policy PreventionPolicy/);
    expect(result.stdout).toMatch(
      /Look closely before deploying:\n\s+IAM: .*ManagementStackSetRoles\/AdministrationRole \(added\)/,
    );
    expect(result.stdout).toMatch(
      /Service control policy: TrailGuard \(\d+ lines\) — it applies to every account of the configured OUs/,
    );
    expect(result.stdout).toMatch(
      /StackSets: .*MemberStackSet \(added\).* — .*what changes inside their templates is listed above/,
    );
    // Inside the StackSets, which cdk diff shows only as a TemplateURL: what every member gets.
    expect(result.stdout).toContain('What changes, template by template');
    expect(result.stdout).toMatch(
      /StackSet TrailGuard-Members — every account in .*\n {2}not deployed yet: creates \d+ resources/,
    );
    expect(result.stdout).toMatch(
      /IAM\s+\+ policy remediation: \[TrailsOfThisAccount\] Allow cloudtrail:\S+/,
    );
    expect(result.stdout).toMatch(/environment\s+\+ REMEDIATION_MODE=remediate/);
    expect(result.stdout).toMatch(/IAM policies and trust: .*TrailGuard-Members \(\d+ lines\)/);
    expect(result.stdout).toMatch(
      /Resource policies \(key, topic, bus, queue, function\): .*TrailGuard-Central/,
    );
    expect(result.stdout).toContain(`Dry run: would run \`cdk ${cdkDeployArguments(outdir).join(' ')}\``);
    expect(result.status).toBe(0);
    expect(leftInTemp(env)).toEqual([]);
    expect(readFileSync(path.join(outdir, 'TrailGuard.template.json'), 'utf8')).toContain(
      'AWS::Organizations::Policy',
    );
  }, 150_000);

  it('shows the changes, asks, and deploys only when the answer is yes', async () => {
    const { configFile, clients } = await organizationReadyToDeploy(emulator());
    const outdir = newOutdir();
    const deploys: string[][] = [];
    const deps = { buildApp: probeApp(true), runCdk: diffForReal(emulator(), configFile, deploys) };

    const declined = captureIo(clients, false, undefined, ['n']);
    expect(
      await runWithConfig(configFile, () => deployCommand(['--outdir', outdir], declined.io, deps)),
    ).toBe(1);
    expect(declined.asked()).toEqual(['\nDeploy these changes? [y/N] ']);
    expect(declined.out()).toMatch(/All 13 checks passed \(1 with a warning\)\./);
    expect(declined.out()).toContain('TrailGuard  (account 123456789012, eu-west-1)');
    expect(declined.out()).toMatch(/\[\+\] AWS::IAM::Role ProbeRole/);
    expect(declined.out()).toMatch(/IAM: ProbeRole \(added\)/);
    expect(declined.out()).toMatch(/SCP\s+\+ Deny cloudtrail:StopLogging on \*/);
    expect(declined.out()).toMatch(/Service control policy: TrailGuard \(2 lines\)/);
    expect(declined.out()).toContain('Nothing was deployed.');
    expect(deploys).toEqual([]);

    const approved = captureIo(clients, false, undefined, ['yes']);
    expect(
      await runWithConfig(configFile, () => deployCommand(['--outdir', outdir], approved.io, deps)),
    ).toBe(0);
    expect(deploys).toEqual([cdkDeployArguments(outdir)]);
    expect(approved.out()).toContain('Deployed. Check it: `pnpm trailguard coverage`');
    clients.destroy();
  }, 60_000);

  it('with --yes deploys without asking (configuration warnings shown), and exits 1 when cdk deploy fails', async () => {
    // Without us-east-1 the checks pass with a warning, as in `trailguard doctor`.
    const { configFile, clients } = await organizationReadyToDeploy(emulator(), {
      config: { regions: ['eu-west-1'] },
    });
    const outdir = newOutdir();
    const deploys: string[][] = [];
    const terminal = captureIo(clients, false, undefined, []);
    const status = await runWithConfig(configFile, () =>
      deployCommand(['--yes', '--outdir', outdir], terminal.io, {
        buildApp: probeApp(false),
        runCdk: diffForReal(emulator(), configFile, deploys, 3),
      }),
    );
    expect(terminal.asked()).toEqual([]);
    expect(deploys).toEqual([cdkDeployArguments(outdir)]);
    expect(deploys[0]).toEqual([
      'deploy',
      '--app',
      outdir,
      '--all',
      '--require-approval',
      'never',
      '--progress',
      'events',
    ]);
    expect(terminal.out()).toMatch(
      /All 13 checks passed \(1 with a warning\)\.\nwarning: us-east-1 is not among regions/,
    );
    expect(terminal.out()).toContain('The deployment failed (cdk exited 3)');
    expect(status).toBe(1);
    clients.destroy();
  }, 60_000);

  it('deploys nothing when what is deployed matches, and stops when cdk diff fails', async () => {
    const { configFile, clients } = await organizationReadyToDeploy(emulator());
    const outdir = newOutdir();
    probeApp(false)(undefined, { outdir }).synth();
    await createStandInParentStack(
      emulator(),
      readFileSync(path.join(outdir, 'TrailGuard.template.json'), 'utf8'),
    );
    const deploys: string[][] = [];
    const same = captureIo(clients);
    const deps = { buildApp: probeApp(false), runCdk: diffForReal(emulator(), configFile, deploys) };
    expect(
      await runWithConfig(configFile, () => deployCommand(['--yes', '--outdir', outdir], same.io, deps)),
    ).toBe(0);
    expect(same.out()).toContain('Nothing to deploy: what is deployed matches this configuration.');
    expect(deploys).toEqual([]);

    const broken = captureIo(clients);
    const diffs: string[][] = [];
    const failingDiff: CdkCli = async (args) => {
      diffs.push([...args]);
      return { status: 1, output: 'Unable to resolve AWS account to use.' };
    };
    const status = await runWithConfig(configFile, () =>
      deployCommand(['--yes', '--outdir', outdir], broken.io, {
        buildApp: probeApp(false),
        runCdk: failingDiff,
      }),
    );
    expect(status).toBe(1);
    expect(diffs).toEqual([cdkDiffArguments(outdir)]);
    expect(broken.out()).toContain('cdk diff failed (exit 1): nothing was deployed.');
    clients.destroy();
  }, 60_000);

  it('as a process: exits 2 on an unknown flag', async () => {
    const org = await standardOrganization(emulator());
    const result = await runEntry(DEPLOY, ['--force'], emulatorEnv(emulator(), writeConfig(org)));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: pnpm run deploy');
  });
});
