import {
  CreateMembersCommand,
  EnableSecurityHubCommand,
  ListOrganizationAdminAccountsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { useEmulator } from '@trailguard/test';
import { mockClient } from 'aws-sdk-client-mock';
import { doctorCommand } from '../../src/commands/doctor';
import { evaluateDelivery } from '../../src/commands/doctor/delivery';
import { gatherDeliveryFacts } from '../../src/commands/doctor/delivery-facts';
import {
  captureIo,
  managementClients,
  prepareForDeployment,
  runWithConfig,
  standardConfig,
  standardOrganization,
  writeConfig,
} from '../kit';
import { pendingFor } from '../pending-subscriptions';

describe('what doctor reads in the security account once TrailGuard is deployed', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  /** The organization with the central topics as the central stack makes them, and their subscribers. */
  async function deployed() {
    const org = await standardOrganization(emulator());
    const security = org.accounts.security as string;
    const sns = await emulator().client(SNSClient, { account: security, region: 'eu-west-1' });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'trailguard-notifications' }));
    for (const address of ['soc@example.org', 'oncall@example.org'])
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: address }));
    await sns.send(new CreateTopicCommand({ Name: 'trailguard-chat' }));
    // Security Hub on in the home region only.
    const hub = await emulator().client(SecurityHubClient, { account: security, region: 'eu-west-1' });
    await hub.send(new EnableSecurityHubCommand({}));
    return org;
  }

  it('lists subscriptions pending confirmation, a chat topic nobody reads, and regions without Security Hub', async () => {
    const org = await deployed();
    const config = standardConfig(org, {
      organizationalUnits: [org.ous.Workloads ?? ''],
      notificationEmails: ['soc@example.org', { address: 'oncall@example.org', minimumSeverity: 'high' }],
      securityHub: { enabled: true },
      chat: { slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } },
    });
    const clients = await managementClients(emulator(), undefined, pendingFor('oncall@example.org'));
    const facts = await gatherDeliveryFacts(config, clients);
    expect(facts.subscriptions).toEqual({
      ok: true,
      value: [
        { protocol: 'email', endpoint: 'soc@example.org', pending: false },
        { protocol: 'email', endpoint: 'oncall@example.org', pending: true },
      ],
    });
    const byId = Object.fromEntries(evaluateDelivery(config, facts, 'org.yaml').map((c) => [c.id, c]));
    expect(byId['email-subscriptions']).toMatchObject({ status: 'fail', detail: '1 pending' });
    expect(byId['chat-channel']).toMatchObject({
      status: 'fail',
      detail: 'no chat channel configuration subscribes to it',
    });
    expect(byId['security-hub']).toMatchObject({ status: 'fail', detail: 'not enabled in us-east-1' });
    clients.destroy();
  });

  it('fails doctor, with the fix, until every recipient has confirmed', async () => {
    const org = await deployed();
    await prepareForDeployment(emulator());
    const clients = await managementClients(emulator());
    const { io, out } = captureIo(clients);
    const config = writeConfig(org, { notificationEmails: ['soc@example.org', 'oncall@example.org'] });
    expect(await runWithConfig(config, () => doctorCommand([], io))).toBe(0);
    expect(out()).toContain('✓ E-mail subscriptions to trailguard-notifications are confirmed — 2 confirmed');

    const pending = await managementClients(emulator(), undefined, pendingFor('soc@example.org'));
    const text = captureIo(pending);
    expect(await runWithConfig(config, () => doctorCommand([], text.io))).toBe(1);
    expect(text.out()).toContain(
      '✗ E-mail subscriptions to trailguard-notifications are confirmed — 1 pending',
    );
    expect(text.out()).toContain('Pending confirmation: soc@example.org.');
    clients.destroy();
    pending.destroy();
  });

  // moto 5.2.5 implements ListMembers but not ListOrganizationAdminAccounts (it answers HTTP 500):
  // that one call is answered by aws-sdk-client-mock, as Security Hub would in the management
  // account; every other call goes through to moto (sinon's callThrough).
  it('names the targeted account × regions that are not enabled members of the Security Hub administrator', async () => {
    const org = await deployed();
    const security = org.accounts.security as string;
    // The security account administers Security Hub in eu-west-1 only, where app2 is not a member.
    const hub = await emulator().client(SecurityHubClient, { account: security, region: 'eu-west-1' });
    const enabledMembers = [org.managementAccountId, org.accounts.app1, org.accounts.play];
    await hub.send(
      new CreateMembersCommand({ AccountDetails: enabledMembers.map((AccountId) => ({ AccountId })) }),
    );
    const administered = {
      'eu-west-1': [{ AccountId: security, Status: 'ENABLED' as const }],
      'us-east-1': [],
    };
    const asked: string[] = [];
    const decorate = (client: { readonly middlewareStack: unknown }) => {
      if (!(client instanceof SecurityHubClient)) return;
      const mock = mockClient(client);
      mock.send.callThrough();
      mock.on(ListOrganizationAdminAccountsCommand).callsFake(async () => {
        const region = (await client.config.region()) as keyof typeof administered;
        asked.push(region);
        return { AdminAccounts: administered[region] };
      });
    };
    const config = standardConfig(org, { securityHub: { enabled: true } });
    const clients = await managementClients(emulator(), undefined, decorate);
    const facts = await gatherDeliveryFacts(config, clients);

    expect(asked.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(facts.securityHubMembers).toEqual({
      ok: true,
      value: {
        // Every account under the OUs, and the management account, which TrailGuard covers too.
        accounts: [org.managementAccountId, ...Object.values(org.accounts)].sort(),
        regions: {
          'eu-west-1': { administrator: security, enabled: [security, ...enabledMembers] },
          'us-east-1': { administrator: null, enabled: [] },
        },
      },
    });
    const byId = Object.fromEntries(evaluateDelivery(config, facts, 'org.yaml').map((c) => [c.id, c]));
    expect(byId['security-hub-members']).toMatchObject({
      status: 'fail',
      detail: `no administrator in us-east-1; 1 account × region(s) not enabled members: ${org.accounts.app2} in eu-west-1`,
    });
    clients.destroy();
  });
});
