import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { STACKSET_NAMES, VERSION_TAG } from '@trailguard/central-stack/names';
import { TRAILGUARD_VERSION } from '@trailguard/config/defaults';
import { type Emulator, type TestOrganization, useEmulator } from '@trailguard/test';
import { mockClient } from 'aws-sdk-client-mock';
import { coverageCommand } from '../../src/commands/coverage';
import { assessCoverage, type CoverageReport } from '../../src/commands/coverage/coverage';
import { listStackInstances } from '../../src/commands/coverage/stack-instances';
import { computeOnlinePlan } from '../../src/commands/plan';
import { Progress } from '../../src/progress';
import {
  captureIo,
  emulatorEnv,
  managementClients,
  runTrailguardCli,
  runWithConfig,
  standardConfig,
  standardOrganization,
  writeConfig,
} from '../kit';

// moto creates the stack's resources in each target account; a wait-condition handle is enough.
const TEMPLATE = JSON.stringify({
  Resources: { Marker: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});

/** The version the member StackSet records: one before this checkout's, not yet upgraded. */
const OLDER = '0.0.9';

/**
 * Creates TrailGuard's three StackSets the way the parent stack does, with no instances yet,
 * each tagged with its version: the member StackSet with an older one.
 */
async function createStackSets(cloudformation: CloudFormationClient, org: TestOrganization): Promise<void> {
  for (const [name, model, version] of [
    [STACKSET_NAMES.members, 'SERVICE_MANAGED', OLDER],
    [STACKSET_NAMES.central, 'SERVICE_MANAGED', TRAILGUARD_VERSION],
    [STACKSET_NAMES.management, 'SELF_MANAGED', TRAILGUARD_VERSION],
  ] as const) {
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: name,
        TemplateBody: TEMPLATE,
        PermissionModel: model,
        Tags: [{ Key: VERSION_TAG, Value: version }],
        ...(model === 'SERVICE_MANAGED'
          ? {
              AutoDeployment: {
                Enabled: name === STACKSET_NAMES.members,
                RetainStacksOnAccountRemoval: false,
              },
            }
          : {}),
      }),
    );
  }
  // The central StackSet targets the security account (moto ignores the INTERSECTION filter, so its OU).
  await cloudformation.send(
    new CreateStackInstancesCommand({
      StackSetName: STACKSET_NAMES.central,
      DeploymentTargets: { OrganizationalUnitIds: [org.ous.Security ?? ''] },
      Regions: ['eu-west-1'],
    }),
  );
}

/**
 * Deploys as TrailGuard would, but the member StackSet reaches only Security and Workloads
 * (Sandbox left out) and the management StackSet only eu-west-1.
 */
async function partialDeployment(emulator: Emulator, org: TestOrganization): Promise<void> {
  const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
  await createStackSets(cloudformation, org);
  await cloudformation.send(
    new CreateStackInstancesCommand({
      StackSetName: STACKSET_NAMES.members,
      DeploymentTargets: { OrganizationalUnitIds: [org.ous.Security ?? '', org.ous.Workloads ?? ''] },
      Regions: ['eu-west-1', 'us-east-1'],
      CallAs: 'SELF',
    }),
  );
  await cloudformation.send(
    new CreateStackInstancesCommand({
      StackSetName: STACKSET_NAMES.management,
      Accounts: [org.managementAccountId],
      Regions: ['eu-west-1'],
    }),
  );
  cloudformation.destroy();
}

describe('trailguard coverage on the emulator', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  it('shows accounts of an OU the StackSet never reached, and a missing management instance, as missing', async () => {
    const org = await standardOrganization(emulator());
    await partialDeployment(emulator(), org);
    const clients = await managementClients(emulator());
    const { io, out } = captureIo(clients);
    const status = await runWithConfig(writeConfig(org), () => coverageCommand(['--json'], io));
    const report = JSON.parse(out()) as CoverageReport;
    const states = Object.fromEntries(report.rows.map((r) => [`${r.name}/${r.region}`, r.state]));
    expect(states).toEqual({
      'security/eu-west-1': 'protected',
      'security/us-east-1': 'protected',
      'app1/eu-west-1': 'protected',
      'app1/us-east-1': 'protected',
      'app2/eu-west-1': 'protected',
      'app2/us-east-1': 'protected',
      'play/eu-west-1': 'missing',
      'play/us-east-1': 'missing',
      '(management account)/eu-west-1': 'protected',
      '(management account)/us-east-1': 'missing',
    });
    // The central instance is not an account × region of its own: reported beside them.
    expect(report.central).toMatchObject({
      account: org.accounts.security,
      region: 'eu-west-1',
      state: 'protected',
    });
    expect(report.summary).toEqual({
      expected: 10,
      protected: 7,
      missing: 3,
      failed: 0,
      outdated: 0,
      protectedPercent: 70,
      gaps: 3,
      recipients: 1,
      unconfirmedRecipients: 0,
      otherVersion: 6,
    });
    // Current instances run what their StackSet records; a missing one runs nothing.
    expect(report.rows.find((r) => r.name === 'app1')?.version).toBe(OLDER);
    expect(report.rows.find((r) => r.name === 'play')?.version).toBeUndefined();
    expect(report.version).toEqual({
      thisCheckout: TRAILGUARD_VERSION,
      stackSets: {
        [STACKSET_NAMES.members]: OLDER,
        [STACKSET_NAMES.management]: TRAILGUARD_VERSION,
        [STACKSET_NAMES.central]: TRAILGUARD_VERSION,
      },
    });
    expect(status).toBe(1);
    clients.destroy();
  });

  it('reports every instance missing when nothing is deployed yet', async () => {
    const org = await standardOrganization(emulator());
    const clients = await managementClients(emulator());
    const { io, out } = captureIo(clients);
    const status = await runWithConfig(writeConfig(org), () => coverageCommand([], io));
    expect(out()).toContain(
      `Central topic and bus (security account ${org.accounts.security}, eu-west-1): ✗ missing — no stack instance; no notification reaches the security team\n` +
        'Coverage: 0/10 account × region deployed, but 0% protected: no notice reaches anyone (the central topic and bus is missing); 10 missing, 0 failed, 0 outdated; central topic and bus missing (11 gaps in all)\n' +
        'Versions: none recorded; this checkout',
    );
    expect(status).toBe(1);
    clients.destroy();
  });

  it('exits 0 when everything is protected, and draws progress on a terminal', async () => {
    const org = await standardOrganization(emulator());
    await partialDeployment(emulator(), org);
    const cloudformation = await emulator().client(CloudFormationClient, { region: 'eu-west-1' });
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: STACKSET_NAMES.members,
        DeploymentTargets: { OrganizationalUnitIds: [org.ous.Sandbox ?? ''] },
        Regions: ['eu-west-1', 'us-east-1'],
      }),
    );
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: STACKSET_NAMES.management,
        Accounts: [org.managementAccountId],
        Regions: ['us-east-1'],
      }),
    );
    const clients = await managementClients(emulator());
    const { io, out, err } = captureIo(clients, true);
    const status = await runWithConfig(writeConfig(org), () => coverageCommand([], io));
    expect(out()).toContain(
      'Coverage: 10/10 account × region protected (100%); 0 missing, 0 failed, 0 outdated',
    );
    expect(err()).toContain('Reading stack instances of TrailGuard-Members…');
    expect(err()).toContain('Reading stack instances of TrailGuard-ManagementAccount…');
    expect(err().endsWith('\r\x1b[2K')).toBe(true); // the indicator erases itself
    expect(status).toBe(0);
    clients.destroy();
    cloudformation.destroy();
  });

  it('classifies a failed and an outdated stack instance (injected: moto reports every instance CURRENT)', async () => {
    const org = await standardOrganization(emulator());
    await partialDeployment(emulator(), org);
    const config = standardConfig(org, {
      organizationalUnits: [org.ous.Workloads ?? ''],
      regions: ['eu-west-1'],
    });
    const clients = await managementClients(emulator());
    const plan = await computeOnlinePlan(config, clients, new Progress({ write: () => true }));

    // CloudFormation's answer for a StackSet whose operation failed in app2, over two pages.
    const cloudformation = new CloudFormationClient({ region: 'eu-west-1' });
    const mock = mockClient(cloudformation);
    mock
      .on(ListStackInstancesCommand, { NextToken: undefined })
      .resolves({
        Summaries: [
          {
            Account: org.accounts.app1,
            Region: 'eu-west-1',
            Status: 'CURRENT',
            StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
          },
        ],
        NextToken: 'page-2',
      })
      .on(ListStackInstancesCommand, { NextToken: 'page-2' })
      .resolves({
        Summaries: [
          {
            Account: org.accounts.app2,
            Region: 'eu-west-1',
            Status: 'OUTDATED',
            StatusReason:
              'Account 222 should have TrailGuard role... ResourceLogicalId:Function, ResourceStatusReason: quota exceeded',
            StackInstanceStatus: { DetailedStatus: 'FAILED' },
          },
        ],
      });
    const instances = await listStackInstances(cloudformation, STACKSET_NAMES.members, 'SELF');
    expect(mock.commandCalls(ListStackInstancesCommand)[0]?.args[0].input).toMatchObject({
      StackSetName: 'TrailGuard-Members',
      CallAs: 'SELF',
    });
    const report = assessCoverage(plan, { members: instances, management: [], central: [] }, '0.1.0');
    const app2 = report.rows.find((r) => r.account === org.accounts.app2);
    expect(app2).toMatchObject({
      state: 'failed',
      detail: expect.stringContaining('OUTDATED/FAILED: Account 222'),
    });
    // app1 protected, app2 failed; the management instance missing; the central one too, apart:
    // then no notice reaches anyone, and no pair is protected in any sense that matters.
    expect(report.summary).toMatchObject({
      expected: 3,
      protected: 1,
      failed: 1,
      missing: 1,
      protectedPercent: 0,
      gaps: 3,
    });
    const central = { account: org.accounts.security ?? '', region: 'eu-west-1', status: 'CURRENT' };
    const withCentral = assessCoverage(
      plan,
      { members: instances, management: [], central: [central] },
      '0.1.0',
    );
    expect(withCentral.summary).toMatchObject({ protectedPercent: 33.3, gaps: 2 });
    expect(report.central.state).toBe('missing');
    clients.destroy();
  });

  it('as a process: prints what is not protected and the summary ratio, exit 1', async () => {
    const org = await standardOrganization(emulator());
    await partialDeployment(emulator(), org);
    const result = await runTrailguardCli(['coverage'], emulatorEnv(emulator(), writeConfig(org)));
    expect(result.stdout).toMatch(
      new RegExp(`${org.accounts.play}\\s+play\\s+eu-west-1\\s+✗ missing\\s+-\\s+no stack instance`),
    );
    expect(result.stdout).toContain('(7 protected account × regions not listed; --all lists them)');
    expect(result.stdout).toContain(
      `Central topic and bus (security account ${org.accounts.security}, eu-west-1): ✓ protected\n` +
        'Coverage: 7/10 account × region protected (70%); 3 missing, 0 failed, 0 outdated\n' +
        `Versions: TrailGuard-Members ${OLDER}, TrailGuard-ManagementAccount ${TRAILGUARD_VERSION}, TrailGuard-Central ${TRAILGUARD_VERSION}; this checkout ${TRAILGUARD_VERSION}\n` +
        `6 protected account × regions run another version than this checkout's ${TRAILGUARD_VERSION}: \`pnpm run deploy\` upgrades them`,
    );
    expect(result.status).toBe(1);
  });
});
