import '../../src/bin/quiet-deprecations';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, ListStackSetOperationsCommand } from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { scratchDir, type TestOrganization, useEmulator } from '@trailguard/test';
import { cdkDeployArguments } from '../../src/cdk/cli';
import { memberTemplateLocation } from '../../src/commands/deploy/canary-update';
import { canaryWorld, deployedMemberTemplate, type ParentTemplate } from '../canary-kit';
import { deployVersion, synthesizeTemplates } from '../deployed-version';
import {
  captureIo,
  emulatorEnv,
  newOutdir,
  prepareForDeployment,
  runEntry,
  standardConfig,
  standardOrganization,
  writeConfig,
} from '../kit';

describe('pnpm run deploy --canary on the emulator', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  /** An earlier, notify-only version deployed, its member StackSet in Workloads and Sandbox × `regions`. */
  async function deployNotifyOnly(org: TestOrganization, regions: string[]) {
    const earlier = synthesizeTemplates(standardConfig(org, { remediationMode: 'notify-only' }));
    await deployVersion(emulator(), {
      ...earlier,
      memberOus: [org.ous.Workloads ?? '', org.ous.Sandbox ?? ''],
      regions,
    });
    return earlier;
  }

  it('updates an existing rollout in the canary OU first through UpdateStackSet, then deploys the rest', async () => {
    // The bootstrap (emulated) includes its asset bucket, where the templates go.
    const { org, clients, requests, runs, deploy } = await canaryWorld(emulator());
    const s3 = await emulator().client(S3Client, { region: 'eu-west-1' });
    const bucket = `cdk-hnb659fds-assets-${org.managementAccountId}-eu-west-1`;
    await deployNotifyOnly(org, ['eu-west-1', 'us-east-1']);
    const outdir = newOutdir();
    const { io, out } = captureIo(clients);
    const status = await deploy(['--yes', '--canary', org.ous.Sandbox ?? '', '--outdir', outdir], io);
    expect(out()).toContain(
      `Stage 1 of 2, canary ${org.ous.Sandbox} (Sandbox): the new member template to its stack instances only`,
    );
    expect(out()).toContain(
      `Canary ${org.ous.Sandbox} (Sandbox) succeeded: 2 stack instances CURRENT and SUCCEEDED.`,
    );
    expect(out()).toContain(`Stage 2 of 2, everything: cdk ${cdkDeployArguments(outdir).join(' ')}`);
    expect(status).toBe(0);
    // No narrowed `cdk deploy`: that would have deleted the Workloads instances.
    expect(runs.map((r) => r[0])).toEqual(['diff', 'deploy']);
    expect(runs[1]).toEqual(cdkDeployArguments(outdir));

    // The template went where cdk deploy publishes it, and to the canary OU's instances only.
    const location = memberTemplateLocation(outdir, org.managementAccountId, 'eu-west-1');
    expect(location.url).toBe(`https://s3.eu-west-1.amazonaws.com/${bucket}/${location.key}`);
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: location.key }));
    const update = requests.find((r) => r.command === 'UpdateStackSetCommand');
    expect(update?.input).toMatchObject({
      StackSetName: 'TrailGuard-Members',
      TemplateURL: location.url,
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      DeploymentTargets: { OrganizationalUnitIds: [org.ous.Sandbox] },
      Regions: ['eu-west-1', 'us-east-1'],
      OperationPreferences: {
        RegionConcurrencyType: 'SEQUENTIAL',
        RegionOrder: ['eu-west-1', 'us-east-1'],
        ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        MaxConcurrentCount: 20,
        FailureToleranceCount: 3,
      },
      CallAs: 'SELF',
    });
    expect(requests.some((r) => r.command === 'DescribeStackSetOperationCommand')).toBe(true);
    expect(JSON.stringify(await deployedMemberTemplate(emulator()))).toContain(
      '"REMEDIATION_MODE":"remediate"',
    );
    const cloudformation = await emulator().client(CloudFormationClient, { region: 'eu-west-1' });
    const { Summaries } = await cloudformation.send(
      new ListStackSetOperationsCommand({ StackSetName: 'TrailGuard-Members' }),
    );
    expect(Summaries?.map((o) => o.Action)).toContain('UPDATE');
    clients.destroy();
  }, 120_000);

  it('rolls a failed canary update back to the previous template, and deploys nothing else', async () => {
    // The bootstrap (emulated) includes its asset bucket, where the templates go.
    const { org, clients, requests, runs, deploy } = await canaryWorld(emulator());
    const bucket = `cdk-hnb659fds-assets-${org.managementAccountId}-eu-west-1`;
    // The canary's account has no instance in us-east-1: that instance cannot succeed.
    const earlier = await deployNotifyOnly(org, ['eu-west-1']);
    const { io, out } = captureIo(clients);
    const status = await deploy(['--yes', '--canary', org.ous.Sandbox ?? '', '--outdir', newOutdir()], io);
    expect(status).toBe(1);
    expect(runs.map((r) => r[0])).toEqual(['diff']);
    expect(out()).toMatch(
      new RegExp(`TrailGuard-Members\\s+${org.accounts.play}\\s+us-east-1\\s+no stack instance`),
    );
    expect(out()).toContain(
      "Rolled back: TrailGuard-Members and the canary's stack instances have the previous template again.",
    );
    expect(out()).toContain('Stopped after the canary: the other 2 stack instances were not changed.');
    const updates = requests.filter((r) => r.command === 'UpdateStackSetCommand');
    expect(updates.map((u) => u.input.DeploymentTargets)).toEqual([
      { OrganizationalUnitIds: [org.ous.Sandbox] },
      { OrganizationalUnitIds: [org.ous.Sandbox] },
    ]);
    expect(updates[1]?.input.TemplateURL).toMatch(
      new RegExp(`^https://s3\\.eu-west-1\\.amazonaws\\.com/${bucket}/[0-9a-f]{64}\\.json$`),
    );
    expect(await deployedMemberTemplate(emulator())).toEqual(earlier.member);
    clients.destroy();
  }, 120_000);

  it('on a first rollout deploys the stack with the member StackSet narrowed to the canary, checks it, then everything', async () => {
    const { org, clients, runs, deploy } = await canaryWorld(emulator());
    const outdir = newOutdir();
    const { io, out, asked } = captureIo(clients, false, undefined, ['y']);
    const configFile = writeConfig(org, { stackSet: { canaryOrganizationalUnit: org.ous.Sandbox } });
    const status = await deploy(['--outdir', outdir], io, { configFile });
    expect(asked()).toEqual([`\nDeploy these changes, to ${org.ous.Sandbox} (Sandbox) first? [y/N] `]);
    expect(runs.slice(1)).toEqual([cdkDeployArguments(`${outdir}.canary`), cdkDeployArguments(outdir)]);
    // Only the member StackSet is narrowed; the SCP and the other StackSets keep their targets.
    const canaryParent = JSON.parse(
      readFileSync(path.join(`${outdir}.canary`, 'TrailGuard.template.json'), 'utf8'),
    ) as ParentTemplate;
    const targets = Object.values(canaryParent.Resources)
      .filter((r) => r.Type === 'AWS::CloudFormation::StackSet')
      .map((r) => [r.Properties.StackSetName, JSON.stringify(r.Properties.StackInstancesGroup)]);
    expect(Object.fromEntries(targets)).toEqual({
      'TrailGuard-Central': expect.stringContaining(org.rootId),
      'TrailGuard-Members': expect.stringContaining(`"OrganizationalUnitIds":["${org.ous.Sandbox}"]`),
      'TrailGuard-ManagementAccount': expect.stringContaining(org.managementAccountId),
    });
    expect(out()).toContain(
      `Canary ${org.ous.Sandbox} (Sandbox) succeeded: 2 stack instances CURRENT and SUCCEEDED.`,
    );
    expect(out()).toMatch(/Stack instances: \d+ stack instances, none failed\./);
    expect(status).toBe(0);
    clients.destroy();
  }, 120_000);

  it('stops after the canary, says which instances did not succeed and exits 1, deploying nothing else', async () => {
    const { org, clients, runs, deploy } = await canaryWorld(emulator());
    const outdir = newOutdir();
    const { io, out } = captureIo(clients);
    // CloudFormation got the canary only as far as eu-west-1.
    const status = await deploy(['--yes', '--canary', org.ous.Sandbox ?? '', '--outdir', outdir], io, {
      regions: ['eu-west-1'],
    });
    expect(status).toBe(1);
    expect(runs.slice(1)).toEqual([cdkDeployArguments(`${outdir}.canary`)]);
    expect(out()).toContain(`The canary ${org.ous.Sandbox} (Sandbox) failed.`);
    expect(out()).toContain('1 stack instance of 2 did not succeed:');
    expect(out()).toMatch(
      new RegExp(`TrailGuard-Members\\s+${org.accounts.play}\\s+us-east-1\\s+no stack instance`),
    );
    expect(out()).toContain('Stopped after the canary: no account outside it was changed.');
    expect(out()).toContain(`run \`pnpm run deploy --canary ${org.ous.Sandbox}\` again`);
    expect(out()).not.toContain('Stage 2 of 2');
    clients.destroy();
  }, 120_000);

  it('as a process: `pnpm run deploy --yes --canary OU` deploys the canary OU first, checks it, then everything', async () => {
    // The real command line, with the CDK CLI it runs replaced by the stand-in (TRAILGUARD_CDK_CLI):
    // the emulator cannot deploy the parent stack's AWS::CloudFormation::StackSet resources.
    const org = await standardOrganization(emulator());
    await prepareForDeployment(emulator());
    const outdir = newOutdir();
    const log = path.join(scratchDir('trailguard-cdk-runs-'), 'runs.jsonl');
    const env = {
      ...emulatorEnv(emulator(), writeConfig(org)),
      TRAILGUARD_CDK_CLI: path.join(__dirname, '..', 'fixtures', 'stand-in-cdk'),
      STAND_IN_CDK_LOG: log,
    };
    const sandbox = org.ous.Sandbox ?? '';
    const result = await runEntry(
      'packages/operator/src/bin/deploy.ts',
      ['--yes', '--canary', sandbox, '--outdir', outdir],
      env,
      150_000,
    );
    expect(result.stdout).toContain(
      `Canary ${sandbox} (Sandbox) succeeded: 2 stack instances CURRENT and SUCCEEDED.`,
    );
    expect(result.stdout).toMatch(/Stack instances: 8 stack instances, none failed\./);
    const runs = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);
    expect(runs.filter((r) => r[0] === 'deploy')).toEqual([
      cdkDeployArguments(`${outdir}.canary`),
      cdkDeployArguments(outdir),
    ]);
    expect(result.status).toBe(0);
  }, 180_000);

  it('refuses a canary it cannot use before asking or deploying anything (exit 2)', async () => {
    const { org, clients, runs, deploy } = await canaryWorld(emulator());
    // Sandbox is not among the configured OUs.
    const narrow = writeConfig(org, {
      organizationalUnits: [org.ous.Security ?? '', org.ous.Workloads ?? ''],
    });
    const outside = captureIo(clients, false, undefined, []);
    expect(
      await deploy(['--canary', org.ous.Sandbox ?? '', '--outdir', newOutdir()], outside.io, {
        configFile: narrow,
      }),
    ).toBe(2);
    expect(outside.asked()).toEqual([]);
    const missing = `${org.ous.Sandbox?.slice(0, -4)}zzzz`;
    expect(await deploy(['--yes', '--canary', missing, '--outdir', newOutdir()], outside.io)).toBe(2);
    expect(await deploy(['--yes', '--canary', 'sandbox'], outside.io)).toBe(2);
    expect(await deploy(['--yes', '--canary', org.ous.Sandbox ?? '', '--skip-canary'], outside.io)).toBe(2);
    expect(runs.filter((r) => r[0] === 'deploy')).toEqual([]);
    clients.destroy();
  }, 120_000);
});
