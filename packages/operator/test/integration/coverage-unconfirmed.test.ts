import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { STACKSET_NAMES } from '@trailguard/central-stack/names';
import { type Emulator, type TestOrganization, useEmulator } from '@trailguard/test';
import type { AwsSettings } from '../../src/aws-clients';
import { coverageCommand } from '../../src/commands/coverage';
import type { CoverageReport } from '../../src/commands/coverage/coverage';
import { captureIo, managementClients, runWithConfig, standardOrganization, writeConfig } from '../kit';
import { pendingFor } from '../pending-subscriptions';

const TEMPLATE = JSON.stringify({
  Resources: { Marker: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});

/** Every stack instance TrailGuard expects, and the central topic with two e-mail subscribers. */
async function fullDeployment(emulator: Emulator, org: TestOrganization): Promise<void> {
  const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
  const targets = {
    [STACKSET_NAMES.members]: {
      DeploymentTargets: { OrganizationalUnitIds: Object.values(org.ous) },
      Regions: ['eu-west-1', 'us-east-1'],
    },
    [STACKSET_NAMES.management]: { Accounts: [org.managementAccountId], Regions: ['eu-west-1', 'us-east-1'] },
    // moto ignores the INTERSECTION filter: the Security OU stands for the security account.
    [STACKSET_NAMES.central]: {
      DeploymentTargets: { OrganizationalUnitIds: [org.ous.Security ?? ''] },
      Regions: ['eu-west-1'],
    },
  };
  for (const [name, instances] of Object.entries(targets)) {
    const selfManaged = name === STACKSET_NAMES.management;
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: name,
        TemplateBody: TEMPLATE,
        PermissionModel: selfManaged ? 'SELF_MANAGED' : 'SERVICE_MANAGED',
        ...(selfManaged ? {} : { AutoDeployment: { Enabled: false } }),
      }),
    );
    await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: name, ...instances }));
  }
  const sns = await emulator.client(SNSClient, { account: org.accounts.security, region: 'eu-west-1' });
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'trailguard-notifications' }));
  for (const address of ['soc@example.org', 'oncall@example.org'])
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: address }));
}

describe('coverage and the central topic’s e-mail subscriptions', () => {
  const emulator = useEmulator();
  let org: TestOrganization;
  let config: string;
  beforeEach(async () => {
    await emulator().reset();
    org = await standardOrganization(emulator());
    await fullDeployment(emulator(), org);
    config = writeConfig(org, { notificationEmails: ['soc@example.org', 'oncall@example.org'] });
  });

  const coverage = async (decorate?: AwsSettings['decorate']) => {
    const clients = await managementClients(emulator(), undefined, decorate);
    const json = captureIo(clients);
    const status = await runWithConfig(config, () => coverageCommand(['--json'], json.io));
    const text = captureIo(clients);
    await runWithConfig(config, () => coverageCommand([], text.io));
    clients.destroy();
    return { status, report: JSON.parse(json.out()) as CoverageReport, text: text.out() };
  };

  it('is 100% once every recipient has confirmed', async () => {
    const { status, report } = await coverage();
    expect(report.summary).toMatchObject({
      expected: 10,
      protected: 10,
      protectedPercent: 100,
      gaps: 0,
      recipients: 2,
      unconfirmedRecipients: 0,
    });
    expect(report.central.state).toBe('protected');
    expect(status).toBe(0);
  });

  it('counts the central topic as a gap while a recipient has not confirmed, and names them', async () => {
    const { status, report, text } = await coverage(pendingFor('oncall@example.org'));
    expect(report.central).toMatchObject({
      state: 'unconfirmed',
      detail: 'e-mail pending confirmation: oncall@example.org',
    });
    // Every account × region is protected and soc@ hears of it: the unconfirmed recipient is one gap.
    expect(report.summary).toMatchObject({
      protected: 10,
      protectedPercent: 100,
      gaps: 1,
      recipients: 2,
      unconfirmedRecipients: 1,
    });
    expect(text).toMatch(
      /Central topic and bus \(security account \d{12}, eu-west-1\): ✗ unconfirmed — e-mail pending confirmation: oncall@example\.org; those recipients get nothing yet\n/,
    );
    expect(text).toContain(
      'Coverage: 10/10 account × region protected (100%); 0 missing, 0 failed, 0 outdated; notifications: 1 of 2 e-mail recipients unconfirmed (1 gap in all)\n',
    );
    expect(status).toBe(1);
  });

  it('claims no protection while nobody has confirmed, since no e-mail can arrive', async () => {
    const { status, report, text } = await coverage(pendingFor(['soc@example.org', 'oncall@example.org']));
    expect(report.summary).toMatchObject({
      protected: 10,
      protectedPercent: 0,
      gaps: 1,
      recipients: 2,
      unconfirmedRecipients: 2,
    });
    expect(text).toContain(
      'Coverage: 10/10 account × region deployed, but 0% protected: no notice reaches anyone (no e-mail recipient has confirmed); 0 missing, 0 failed, 0 outdated; notifications: 2 of 2 e-mail recipients unconfirmed (1 gap in all)\n',
    );
    expect(status).toBe(1);
  });

  it('says when the subscriptions could not be read, and counts only what it knows', async () => {
    const denied = () => Object.assign(new Error('not authorized'), { name: 'AuthorizationErrorException' });
    const { status, report, text } = await coverage(pendingFor('oncall@example.org', denied));
    expect(report.summary).toMatchObject({ protected: 10, gaps: 0 });
    // Unknown, so not counted, and not reported as a number.
    expect(report.summary).not.toHaveProperty('unconfirmedRecipients');
    expect(report.central.state).toBe('protected');
    expect(report.notes).toEqual([
      expect.stringMatching(
        /^could not read the subscriptions of trailguard-notifications through OrganizationAccountAccessRole/,
      ),
    ]);
    expect(text).toContain('note: could not read the subscriptions');
    expect(status).toBe(0);
  });
});
