import { CloudFormationClient, CreateStackSetCommand } from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { type Emulator, useEmulator } from '@trailguard/test';
import { coverageCommand } from '../../src/commands/coverage';
import { planCommand } from '../../src/commands/plan';
import type { TrailReport } from '../../src/trails';
import { createTrail } from '../emulated-trails';
import {
  captureIo,
  grantBeyondDeployerPolicy,
  managementClients,
  runWithConfig,
  standardOrganization,
  writeConfig,
} from '../kit';

/** What Control Tower leaves in the management account: its StackSets and its admin role. */
async function controlTowerMarks(emulator: Emulator): Promise<void> {
  const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
  await cloudformation.send(
    new CreateStackSetCommand({
      StackSetName: 'AWSControlTowerBP-BASELINE-CLOUDWATCH',
      TemplateBody: JSON.stringify({
        Resources: { M: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
      }),
    }),
  );
  const iam = await emulator.client(IAMClient);
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'AWSControlTowerAdmin',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'controltower.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  cloudformation.destroy();
  iam.destroy();
}

describe('which trail records each account × region, on the emulator', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  it("plan finds Control Tower's organization trail recording every account and region", async () => {
    const org = await standardOrganization(emulator());
    await createTrail(emulator(), { region: 'us-east-1' }, 'aws-controltower-BaselineCloudTrail', {
      organization: true,
      multiRegion: true,
    });
    await controlTowerMarks(emulator());
    const clients = await managementClients(emulator());
    const { io, out } = captureIo(clients);
    expect(await runWithConfig(writeConfig(org), () => planCommand([], io))).toBe(0);
    expect(out()).toContain(
      `organization trail aws-controltower-BaselineCloudTrail (multi-region, home us-east-1, account ${org.managementAccountId}, logging)`,
    );
    expect(out()).toContain(
      'AWS Control Tower: detected (organization trail aws-controltower-BaselineCloudTrail; StackSets AWSControlTowerBP-BASELINE-CLOUDWATCH; role AWSControlTowerAdmin)',
    );
    // 4 accounts and the management account, × 2 regions.
    expect(out()).toContain(
      "10/10 account × region recorded by an organization trail, 0 by the account's own trail, 0 by none, 0 unknown",
    );
    expect(out()).not.toContain('warning: ');
    clients.destroy();
  });

  it('detects Control Tower by its role alone, and says when nothing shows it', async () => {
    const org = await standardOrganization(emulator());
    const clients = await managementClients(emulator());
    const before = captureIo(clients);
    await runWithConfig(writeConfig(org), () => planCommand([], before.io));
    expect(before.out()).toContain('  no organization trail');
    expect(before.out()).toContain('AWS Control Tower: not detected');
    // Without --account-trails the accounts' own trails are not looked at: unknown, not "none".
    expect(before.out()).toContain(
      "0/10 account × region recorded by an organization trail, 0 by the account's own trail, 0 by none, 10 unknown",
    );
    expect(before.out()).toContain(
      "10 account × regions no organization trail records: whether the account's own trail does is not known; --account-trails reads them",
    );
    expect(before.out()).not.toContain('RECORDED BY');

    await controlTowerMarks(emulator());
    const after = captureIo(clients);
    await runWithConfig(writeConfig(org), () => planCommand(['--json'], after.io));
    const trails = (JSON.parse(after.out()) as { trails: TrailReport }).trails;
    expect(trails.controlTower).toEqual([
      'StackSets AWSControlTowerBP-BASELINE-CLOUDWATCH',
      'role AWSControlTowerAdmin',
    ]);
    clients.destroy();
  });

  it("with --account-trails reads each account's own trails and flags the account × region no trail records", async () => {
    const org = await standardOrganization(emulator());
    const app1 = org.accounts.app1 ?? '';
    const app2 = org.accounts.app2 ?? '';
    // A single-region organization trail homed in eu-west-1 records eu-west-1 only.
    await createTrail(emulator(), { region: 'eu-west-1' }, 'org-eu', { organization: true });
    await createTrail(emulator(), { account: app1, region: 'us-east-1' }, 'app1-audit');
    await createTrail(emulator(), { account: app2, region: 'us-east-1' }, 'app2-audit', {
      multiRegion: true,
      logging: false,
    });
    const clients = await managementClients(emulator());
    const { io, out } = captureIo(clients);
    const status = await runWithConfig(writeConfig(org), () => coverageCommand(['--account-trails'], io));
    expect(status).toBe(1); // nothing of TrailGuard deployed
    const text = out();
    expect(text).toContain('organization trail org-eu (single-region, home eu-west-1');
    expect(text).toMatch(new RegExp(`${app1}\\s+app1\\s+us-east-1\\s+own trail app1-audit\\s+missing`));
    // app2's trail is stopped: it records nothing.
    expect(text).toMatch(new RegExp(`${app2}\\s+app2\\s+us-east-1\\s+✗ no trail\\s+missing`));
    expect(text).toContain(
      "5/10 account × region recorded by an organization trail, 1 by the account's own trail, 4 by none, 0 unknown",
    );
    expect(text).toContain('warning: 4 account × regions recorded by no trail: nothing is logged there');

    // A role of one's own for --account-trails is assumed with the caller's credentials: the
    // README says to allow sts:AssumeRole on it besides deployer-policy.json.
    grantBeyondDeployerPolicy({
      Sid: 'ReadAccountTrailsWithAuditReader',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: 'arn:aws:iam::*:role/AuditReader',
    });
    const json = captureIo(clients);
    await runWithConfig(writeConfig(org), () =>
      coverageCommand(['--json', '--account-trails', '--trail-role', 'AuditReader'], json.io),
    );
    const trails = (JSON.parse(json.out()) as { trails: TrailReport }).trails;
    expect(trails.summary).toEqual({ pairs: 10, organization: 5, own: 1, none: 4, unknown: 0 });
    expect(trails.rows.find((r) => r.account === app1 && r.region === 'eu-west-1')?.recordedBy).toEqual({
      kind: 'organization',
      trail: 'org-eu',
    });
    clients.destroy();
  });

  it('refuses --trail-role without --account-trails (exit 2)', async () => {
    const org = await standardOrganization(emulator());
    const clients = await managementClients(emulator());
    const { io } = captureIo(clients);
    expect(await runWithConfig(writeConfig(org), () => planCommand(['--trail-role', 'X'], io))).toBe(2);
    clients.destroy();
  });
});
