import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  DescribeCreateAccountStatusCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { type Emulator, useEmulator } from '@trailguard/test';
import { planCommand } from '../../src/commands/plan';
import { type DeploymentPlan, planOnline } from '../../src/commands/plan/deployment-plan';
import { walkOrganization } from '../../src/organization';
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

async function addAccount(
  organizations: OrganizationsClient,
  name: string,
  rootId: string,
  parentId: string,
) {
  const { CreateAccountStatus } = await organizations.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
  );
  const { CreateAccountStatus: done } = await organizations.send(
    new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }),
  );
  const id = done?.AccountId ?? '';
  await organizations.send(
    new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parentId }),
  );
  return id;
}

/** The standard organization plus Workloads/Prod/Critical (nested twice) and a suspended account. */
async function nestedOrganization(emulator: Emulator) {
  const org = await standardOrganization(emulator);
  const organizations = await emulator.client(OrganizationsClient);
  const prod = await organizations.send(
    new CreateOrganizationalUnitCommand({ ParentId: org.ous.Workloads, Name: 'Prod' }),
  );
  const critical = await organizations.send(
    new CreateOrganizationalUnitCommand({ ParentId: prod.OrganizationalUnit?.Id, Name: 'Critical' }),
  );
  const prodApp = await addAccount(organizations, 'prod-app', org.rootId, prod.OrganizationalUnit?.Id ?? '');
  const vault = await addAccount(organizations, 'vault', org.rootId, critical.OrganizationalUnit?.Id ?? '');
  await organizations.send(new CloseAccountCommand({ AccountId: org.accounts.play }));
  organizations.destroy();
  return { org, prodApp, vault };
}

describe('trailguard plan on the emulator', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  it('resolves nested OUs to accounts × regions and shows excluded and suspended accounts as such', async () => {
    const { org, prodApp, vault } = await nestedOrganization(emulator());
    const config = standardConfig(org, {
      organizationalUnits: [org.ous.Workloads ?? '', org.ous.Sandbox ?? '', org.ous.Security ?? ''],
      regions: ['eu-west-1', 'us-east-1', 'eu-central-1'],
      excludedAccounts: [org.accounts.app2 ?? ''],
    });
    const clients = await managementClients(emulator());
    const tree = await walkOrganization(
      clients.client(OrganizationsClient, 'us-east-1'),
      config.organizationalUnits,
    );
    const plan = planOnline(config, tree);
    const disposition = Object.fromEntries((plan.accounts ?? []).map((a) => [a.id, a.disposition]));
    expect(disposition).toEqual({
      [org.accounts.app1 ?? '']: 'protected',
      [org.accounts.app2 ?? '']: 'excluded',
      [org.accounts.play ?? '']: 'suspended',
      [org.accounts.security ?? '']: 'protected',
      [prodApp]: 'protected',
      [vault]: 'protected',
    });
    expect(plan.accounts?.find((a) => a.id === vault)?.path).toBe('Workloads/Prod/Critical');
    expect(plan.totals).toEqual({ protectedAccounts: 4, stackInstances: 12, excluded: 1, suspended: 1 });
    // 12 stack instances and the management account's 3 regions: 30 alarms, 20 beyond the free 10.
    expect(plan.cost).toMatchObject({ pairs: 15, alarmsPerPair: 2 });
    expect(plan.cost.monthlyUsd).toBeCloseTo(2 + 15 * 0.0191 + 1, 2);
    expect(plan.managementAccount).toEqual({
      account: org.managementAccountId,
      stackSetName: 'TrailGuard-ManagementAccount',
      regions: ['eu-west-1', 'us-east-1', 'eu-central-1'],
    });
    expect(plan.warnings).toEqual([]);
    clients.destroy();
  });

  it('counts the management account separately when the whole organization (the root) is targeted', async () => {
    const org = await standardOrganization(emulator());
    const config = standardConfig(org, { organizationalUnits: [org.rootId], regions: ['eu-west-1'] });
    const clients = await managementClients(emulator());
    const plan = planOnline(
      config,
      await walkOrganization(clients.client(OrganizationsClient, 'us-east-1'), [org.rootId]),
    );
    expect(plan.accounts?.find((a) => a.id === org.managementAccountId)?.disposition).toBe('management');
    expect(plan.totals?.protectedAccounts).toBe(4);
    clients.destroy();
  });

  it('follows pagination (more than 20 accounts in an OU) with a bounded number of calls', async () => {
    const org = await standardOrganization(emulator());
    const organizations = await emulator().client(OrganizationsClient);
    for (let i = 0; i < 45; i++)
      await addAccount(organizations, `bulk${i}`, org.rootId, org.ous.Sandbox ?? '');
    organizations.destroy();
    const clients = await managementClients(emulator());
    const tree = await walkOrganization(
      clients.client(OrganizationsClient, 'us-east-1'),
      [org.ous.Sandbox ?? ''],
      {
        concurrency: 2,
      },
    );
    expect(tree.accounts).toHaveLength(46);
    expect(new Set(tree.accounts.map((a) => a.id)).size).toBe(46);
    // 46 accounts at 20 a page: 3 pages; one page of child OUs; one DescribeOrganizationalUnit.
    expect(clients.counter.byOperation()).toEqual({
      'Organizations.DescribeOrganizationalUnit': 1,
      'Organizations.ListAccountsForParent': 3,
      'Organizations.ListOrganizationalUnitsForParent': 1,
    });
    clients.destroy();
  });

  it('exits 1 naming an OU that does not exist, and still shows the plan', async () => {
    const org = await standardOrganization(emulator());
    const missing = `${org.ous.Workloads?.slice(0, -4)}zzzz`;
    const clients = await managementClients(emulator());
    const { io, out } = captureIo(clients);
    const file = writeConfig(org, { organizationalUnits: [org.ous.Workloads ?? '', missing] });
    const status = await runWithConfig(file, () => planCommand(['--json'], io));
    const plan = JSON.parse(out()) as DeploymentPlan;
    expect(status).toBe(1);
    expect(plan.memberStackSet.organizationalUnits).toContainEqual({ id: missing, found: false });
    expect(plan.errors).toEqual([
      `organizational unit ${missing} was not found in the organization; nothing would deploy there. Correct organizationalUnits`,
    ]);
    // A member of the organization outside the OUs is a choice, not an error.
    expect(plan.warnings.some((w) => w.includes(`security account ${org.accounts.security}`))).toBe(true);
    clients.destroy();
  });

  it('as a process: exits 1 when the security account is not in the organization', async () => {
    const org = await standardOrganization(emulator());
    const result = await runTrailguardCli(
      ['plan'],
      emulatorEnv(emulator(), writeConfig(org, { securityAccountId: '999999999999' })),
    );
    expect(result.stdout).toContain(
      'error: the security account 999999999999 is not in the organization: the central StackSet cannot deploy there',
    );
    expect(result.stdout).not.toContain('warning: the security account');
    expect(result.status).toBe(1);
  });

  it('as a process: prints the account table, and progress only on a terminal', async () => {
    const { org, vault } = await nestedOrganization(emulator());
    const result = await runTrailguardCli(['plan'], emulatorEnv(emulator(), writeConfig(org)));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `${vault}\\s+vault\\s+Workloads/Prod/Critical\\s+ACTIVE\\s+protected\\s+eu-west-1,us-east-1`,
      ),
    );
    expect(result.stdout).toMatch(/play\s+Sandbox\s+SUSPENDED\s+skipped: not active\s+-/);
    expect(result.stdout).toContain('5 accounts × 2 regions = 10 stack instances; 0 excluded, 1 not active');
    expect(result.stdout).toMatch(new RegExp(`Organizational units: .*${org.ous.Workloads} \\(Workloads\\)`));
    expect(result.stdout).toContain(
      `1. TrailGuard (stack)\n   to:       management account ${org.managementAccountId}`,
    );
    expect(result.stderr).toBe(''); // stderr is a pipe here: no progress drawn
  });

  it('as a process without credentials: falls back to the offline plan', async () => {
    const org = await standardOrganization(emulator());
    const env = emulatorEnv(emulator(), writeConfig(org));
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const result = await runTrailguardCli(['plan'], env);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('No AWS credentials found');
    expect(result.stdout).toContain('Plan from the configuration alone (offline');
    expect(result.stdout).toContain(
      `4. TrailGuard-ManagementAccount (self-managed StackSet)\n   to:       management account ${org.managementAccountId}\n` +
        '   regions:  eu-west-1, us-east-1',
    );
  });
});
