import {
  CloudTrailClient,
  CreateTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { buildOrganization, Emulator, relayToBus, useEmulator } from '../../src';

describe('the emulator harness', () => {
  const emulator = useEmulator();

  beforeEach(() => emulator().reset());

  it('builds an organization and stops and starts a trail in a member account', async () => {
    const org = await buildOrganization(emulator(), { Workloads: ['app1', 'app2'], Sandbox: ['play'] });
    const organizations = await emulator().client(OrganizationsClient);
    const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
    expect(Organization?.FeatureSet).toBe('ALL');
    const { Accounts } = await organizations.send(
      new ListAccountsForParentCommand({ ParentId: org.ous.Workloads }),
    );
    expect(Accounts?.map((a) => a.Id).sort()).toEqual([org.accounts.app1, org.accounts.app2].sort());

    const member = { account: org.accounts.app1, region: 'eu-west-1' };
    const sts = await emulator().client(STSClient, member);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(org.accounts.app1);

    const s3 = await emulator().client(S3Client, member);
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'app1-trail-logs',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const cloudtrail = await emulator().client(CloudTrailClient, member);
    const { TrailARN } = await cloudtrail.send(
      new CreateTrailCommand({ Name: 'main', S3BucketName: 'app1-trail-logs' }),
    );
    expect(TrailARN).toBe(`arn:aws:cloudtrail:eu-west-1:${org.accounts.app1}:trail/main`);

    await cloudtrail.send(new StartLoggingCommand({ Name: TrailARN }));
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging).toBe(true);
    await cloudtrail.send(new StopLoggingCommand({ Name: TrailARN }));
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging).toBe(false);
    await cloudtrail.send(new StartLoggingCommand({ Name: 'main' }));
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: TrailARN }))).IsLogging).toBe(true);
  });

  it('keeps accounts apart: a trail in one account is invisible in another', async () => {
    const org = await buildOrganization(emulator(), { Workloads: ['a', 'b'] });
    const inA = await emulator().client(S3Client, { account: org.accounts.a });
    await inA.send(new CreateBucketCommand({ Bucket: 'only-in-a' }));
    const inB = await emulator().client(CloudTrailClient, { account: org.accounts.b });
    await expect(
      inB.send(new CreateTrailCommand({ Name: 't', S3BucketName: 'only-in-a' })),
    ).rejects.toThrow();
  });

  it('relays an event put on another account’s bus ARN there, where moto alone looks in the sender’s account', async () => {
    const org = await buildOrganization(emulator(), { Security: ['security'], Workloads: ['app'] });
    const central = { account: org.accounts.security, region: 'eu-central-1' };
    const busArn = `arn:aws:events:${central.region}:${central.account}:event-bus/central`;
    const events = await emulator().client(EventBridgeClient, central);
    const sqs = await emulator().client(SQSClient, central);
    await events.send(new CreateEventBusCommand({ Name: 'central' }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'siem' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const rule = { Rule: 'to-siem', EventBusName: 'central' };
    await events.send(
      new PutRuleCommand({ Name: rule.Rule, EventBusName: 'central', EventPattern: '{"source":["demo"]}' }),
    );
    await events.send(new PutTargetsCommand({ ...rule, Targets: [{ Id: 'q', Arn: Attributes?.QueueArn }] }));
    const sender = await emulator().client(EventBridgeClient, {
      account: org.accounts.app,
      region: central.region,
    });
    const put = (Source: string) =>
      sender.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: busArn, Source, DetailType: 'Test', Detail: '{"n":1}' }],
        }),
      );

    // moto 5.2.5 (EventsBackend.put_events): the ARN's account is ignored.
    await expect(put('demo')).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus central does not exist.',
    });
    await relayToBus(emulator(), busArn, [org.accounts.app ?? '', central.account ?? ''], ['demo']);
    await put('demo');
    await put('other');

    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect((Messages ?? []).map((m) => JSON.parse(m.Body as string))).toEqual([
      expect.objectContaining({ source: 'demo', 'detail-type': 'Test', detail: { n: 1 } }),
    ]);
  });

  it('forgets everything on reset', async () => {
    await buildOrganization(emulator(), { Workloads: [] });
    await emulator().reset();
    const organizations = await emulator().client(OrganizationsClient);
    await expect(organizations.send(new DescribeOrganizationCommand({}))).rejects.toThrow(
      /AWSOrganizationsNotInUseException|not a member of an organization/,
    );
  });
});

describe('Emulator.stop', () => {
  it('ends the process it started and only that one', async () => {
    const first = await Emulator.start();
    const second = await Emulator.start();
    const pid = first.pid as number;
    await first.stop();
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect(() => process.kill(second.pid as number, 0)).not.toThrow();
    await second.stop();
    expect(() => process.kill(second.pid as number, 0)).toThrow(/ESRCH/);
  });
});
