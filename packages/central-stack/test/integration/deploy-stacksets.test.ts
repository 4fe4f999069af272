import {
  CloudFormationClient,
  CreateStackCommand,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeArchiveCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { TAMPER_EVENT_PATTERN } from '@trailguard/core-handler/tamper-events';
import {
  buildOrganization,
  EMULATOR_DEFAULT_ACCOUNT,
  type TestOrganization,
  useEmulator,
} from '@trailguard/test';
import { type CfnTemplate, synthesize, testConfig } from '../synth';

// Resource types of our templates that moto 5.2.5's CloudFormation skips with a warning (it
// creates the stack without them): queue, topic and bus policies, e-mail subscriptions, the
// function's async-invoke settings, the alarms on the function and the chat channel
// configuration. Their properties are covered by the template tests instead; that the alarms
// fire and reach the topic, and that chat messages arrive, only AWS proves.
const SKIPPED_BY_MOTO = [
  'AWS::CloudWatch::Alarm',
  'AWS::SQS::QueuePolicy',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::SNS::TopicPolicy',
  'AWS::SNS::Subscription',
  'AWS::Events::EventBusPolicy',
  'AWS::Chatbot::SlackChannelConfiguration',
];

const REGIONS = ['eu-west-1', 'us-east-1'] as const;

/**
 * moto 5.2.5 fails (HTTP 500, KeyError 'TagKey') on Tags of an AWS::KMS::Key created by
 * CloudFormation: it expects the KMS API's TagKey/TagValue shape. Real CloudFormation takes
 * Key/Value, so the product template keeps them; only this copy drops them.
 */
function withoutKeyTags(template: CfnTemplate): CfnTemplate {
  const copy = structuredClone(template);
  for (const resource of Object.values(copy.Resources)) {
    if (resource.Type === 'AWS::KMS::Key') delete resource.Properties?.Tags;
  }
  return copy;
}

describe('the synthesized templates on the emulator', () => {
  const emulator = useEmulator();
  let org: TestOrganization;
  let synthesized: ReturnType<typeof synthesize>;

  beforeAll(async () => {
    await emulator().reset();
    org = await buildOrganization(emulator(), { Workloads: ['app1', 'app2'], Security: ['security'] });
    synthesized = synthesize(
      testConfig({
        organizationId: org.organizationId,
        organizationRootId: org.rootId,
        managementAccountId: EMULATOR_DEFAULT_ACCOUNT,
        securityAccountId: org.accounts.security,
        homeRegion: 'eu-west-1',
        organizationalUnits: [org.ous.Workloads as string],
        regions: [...REGIONS],
        excludedAccounts: [],
        stackSet: { callAs: 'SELF' },
        prevention: { enabled: false },
      }),
    );
  });

  it('uses only resource types moto either creates or is known to skip', () => {
    const types = new Set(
      [synthesized.member, synthesized.central].flatMap((t) => Object.values(t.Resources).map((r) => r.Type)),
    );
    expect([...types].filter((t) => SKIPPED_BY_MOTO.includes(t)).sort()).toEqual([...SKIPPED_BY_MOTO].sort());
  });

  it('creates the member resources in every account of the OU and region through a service-managed StackSet', async () => {
    const cloudformation = await emulator().client(CloudFormationClient, { region: 'eu-west-1' });
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: 'TrailGuard-Members',
        TemplateBody: JSON.stringify(synthesized.member),
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: 'TrailGuard-Members',
        DeploymentTargets: { OrganizationalUnitIds: [org.ous.Workloads as string] },
        Regions: [...REGIONS],
      }),
    );

    for (const account of [org.accounts.app1 as string, org.accounts.app2 as string]) {
      for (const region of REGIONS) {
        const where = { account, region };
        const iam = await emulator().client(IAMClient, where);
        const { Role } = await iam.send(new GetRoleCommand({ RoleName: `trailguard-remediation-${region}` }));
        expect(Role?.Arn).toBe(`arn:aws:iam::${account}:role/trailguard-remediation-${region}`);
        await iam.send(new GetRoleCommand({ RoleName: `trailguard-forward-${region}` }));

        const lambda = await emulator().client(LambdaClient, where);
        const { Configuration } = await lambda.send(
          new GetFunctionCommand({ FunctionName: 'trailguard-remediation' }),
        );
        expect(Configuration).toMatchObject({
          Runtime: 'nodejs24.x',
          Handler: 'index.handler',
          Role: Role?.Arn,
        });
        expect(Configuration?.Environment?.Variables).toMatchObject({
          NOTIFICATION_TOPIC_ARN: `arn:aws:sns:eu-west-1:${org.accounts.security}:trailguard-notifications`,
          SELF_ROLE_ARN: `arn:aws:iam::${account}:role/trailguard-remediation-*`,
        });

        const events = await emulator().client(EventBridgeClient, where);
        const rule = await events.send(new DescribeRuleCommand({ Name: 'trailguard-tamper-events' }));
        expect(JSON.parse(rule.EventPattern ?? '{}')).toEqual(TAMPER_EVENT_PATTERN);
        const { Targets } = await events.send(
          new ListTargetsByRuleCommand({ Rule: 'trailguard-tamper-events' }),
        );
        expect(Targets?.map((t) => t.Arn)).toEqual([
          Configuration?.FunctionArn,
          `arn:aws:events:eu-west-1:${org.accounts.security}:event-bus/trailguard-events`,
        ]);
        const sweep = await events.send(new DescribeRuleCommand({ Name: 'trailguard-sweep' }));
        expect(sweep.ScheduleExpression).toBe('rate(15 minutes)');

        const sqs = await emulator().client(SQSClient, where);
        expect(
          (await sqs.send(new GetQueueUrlCommand({ QueueName: 'trailguard-dead-letters' }))).QueueUrl,
        ).toContain(account);
        const logs = await emulator().client(CloudWatchLogsClient, where);
        const { logGroups } = await logs.send(
          new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/trailguard-remediation' }),
        );
        expect(logGroups?.map((g) => g.retentionInDays)).toEqual([90]);
        expect(logGroups?.[0]?.logGroupName).toMatch(
          /^\/aws\/lambda\/trailguard-remediation\/[0-9a-f-]{36}$/,
        );

        // Who watches the watcher: the alarms' state changes go to the central bus.
        const alarmTargets = await events.send(
          new ListTargetsByRuleCommand({ Rule: 'trailguard-alarm-state-changes' }),
        );
        expect(alarmTargets.Targets?.map((t) => [t.Arn, t.RoleArn])).toEqual([
          [
            `arn:aws:events:eu-west-1:${org.accounts.security}:event-bus/trailguard-events`,
            `arn:aws:iam::${account}:role/trailguard-forward-${region}`,
          ],
        ]);
      }
    }

    // Nothing outside the OU: the security account got no member stack.
    const inSecurity = await emulator().client(LambdaClient, {
      account: org.accounts.security,
      region: 'eu-west-1',
    });
    await expect(
      inSecurity.send(new GetFunctionCommand({ FunctionName: 'trailguard-remediation' })),
    ).rejects.toThrow();
  });

  it("keeps the function's log group when an account leaves, and enrols it again beside the old group", async () => {
    const app1 = org.accounts.app1 as string;
    const where = { account: app1, region: 'eu-west-1' };
    const logs = await emulator().client(CloudWatchLogsClient, where);
    const groups = async () =>
      (
        await logs.send(
          new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/trailguard-remediation' }),
        )
      ).logGroups?.map((g) => g.logGroupName ?? '') ?? [];
    const [first] = await groups();
    expect(first).toBeDefined();

    const cloudformation = await emulator().client(CloudFormationClient, { region: 'eu-west-1' });
    // app1 leaves the OU: the StackSet deletes its stack, the function goes, its log group stays.
    await cloudformation.send(
      new DeleteStackInstancesCommand({
        StackSetName: 'TrailGuard-Members',
        Accounts: [app1],
        Regions: ['eu-west-1'],
        RetainStacks: false,
      }),
    );
    const lambda = await emulator().client(LambdaClient, where);
    await expect(
      lambda.send(new GetFunctionCommand({ FunctionName: 'trailguard-remediation' })),
    ).rejects.toThrow();
    expect(await groups()).toEqual([first]);

    // app1 comes back: a new stack, whose group has a name of its own, so nothing collides.
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: 'TrailGuard-Members',
        DeploymentTargets: { OrganizationalUnitIds: [org.ous.Workloads as string] },
        Regions: ['eu-west-1'],
      }),
    );
    const { Configuration } = await lambda.send(
      new GetFunctionCommand({ FunctionName: 'trailguard-remediation' }),
    );
    const now = await groups();
    expect(now).toHaveLength(2);
    expect(now).toContain(first);
    const second = now.find((g) => g !== first);
    expect(second).toMatch(/^\/aws\/lambda\/trailguard-remediation\/[0-9a-f-]{36}$/);
    expect(Configuration?.LoggingConfig?.LogGroup ?? second).toBe(second);
  });

  it('creates the same resources in the management account through a self-managed StackSet', async () => {
    const before = await emulator().client(LambdaClient, { region: 'eu-west-1' });
    await expect(
      before.send(new GetFunctionCommand({ FunctionName: 'trailguard-remediation' })),
    ).rejects.toThrow();
    const cloudformation = await emulator().client(CloudFormationClient, { region: 'eu-west-1' });
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: 'TrailGuard-ManagementAccount',
        TemplateBody: JSON.stringify(synthesized.member),
        PermissionModel: 'SELF_MANAGED',
        AdministrationRoleARN: `arn:aws:iam::${EMULATOR_DEFAULT_ACCOUNT}:role/TrailGuardAdministration`,
        ExecutionRoleName: 'TrailGuardStackSetExecution',
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: 'TrailGuard-ManagementAccount',
        Accounts: [EMULATOR_DEFAULT_ACCOUNT],
        Regions: [...REGIONS],
      }),
    );
    for (const region of REGIONS) {
      const where = { account: EMULATOR_DEFAULT_ACCOUNT, region };
      const lambda = await emulator().client(LambdaClient, where);
      const { Configuration } = await lambda.send(
        new GetFunctionCommand({ FunctionName: 'trailguard-remediation' }),
      );
      expect(Configuration?.Role).toBe(
        `arn:aws:iam::${EMULATOR_DEFAULT_ACCOUNT}:role/trailguard-remediation-${region}`,
      );
      const events = await emulator().client(EventBridgeClient, where);
      const rule = await events.send(new DescribeRuleCommand({ Name: 'trailguard-tamper-events' }));
      expect(JSON.parse(rule.EventPattern ?? '{}')).toEqual(TAMPER_EVENT_PATTERN);
    }
  });

  it('creates the topic, its key and the bus with its archive from the central template', async () => {
    const where = { account: org.accounts.security as string, region: 'eu-west-1' };
    const cloudformation = await emulator().client(CloudFormationClient, where);
    await cloudformation.send(
      new CreateStackCommand({
        StackName: 'TrailGuard-Central',
        TemplateBody: JSON.stringify(withoutKeyTags(synthesized.central)),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    const { Stacks } = await cloudformation.send(
      new DescribeStacksCommand({ StackName: 'TrailGuard-Central' }),
    );
    expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');

    const sns = await emulator().client(SNSClient, where);
    const topicArn = `arn:aws:sns:eu-west-1:${where.account}:trailguard-notifications`;
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    expect(Attributes?.KmsMasterKeyId).toMatch(new RegExp(`^arn:aws:kms:eu-west-1:${where.account}:key/`));

    const events = await emulator().client(EventBridgeClient, where);
    const bus = await events.send(new DescribeEventBusCommand({ Name: 'trailguard-events' }));
    expect(bus.Arn).toBe(`arn:aws:events:eu-west-1:${where.account}:event-bus/trailguard-events`);
    const archive = await events.send(new DescribeArchiveCommand({ ArchiveName: 'trailguard-events' }));
    expect(archive).toMatchObject({ EventSourceArn: bus.Arn, RetentionDays: 30 });

    // Members' alarm state changes go to the state machine that publishes the notices.
    const machineArn = `arn:aws:states:eu-west-1:${where.account}:stateMachine:trailguard-alarm-notices`;
    const { Targets } = await events.send(
      new ListTargetsByRuleCommand({ Rule: 'trailguard-alarm-notices', EventBusName: 'trailguard-events' }),
    );
    expect(Targets?.map((t) => t.Arn)).toEqual([machineArn]);
    expect(JSON.parse(Targets?.[0]?.InputTransformer?.InputTemplate ?? '{}').message).toMatch(
      /^TrailGuard alarm <alarm> in account <account>/,
    );
    // Incidents of the configured severities go to the chat topic.
    const chat = await events.send(
      new DescribeRuleCommand({ Name: 'trailguard-chat-incidents', EventBusName: 'trailguard-events' }),
    );
    expect(JSON.parse(chat.EventPattern ?? '{}')).toMatchObject({ source: ['trailguard'] });
  });

  it('publishes an alarm notice with attributes, through the state machine the template defines', async () => {
    const where = { account: org.accounts.security as string, region: 'eu-west-1' };
    const sfn = await emulator().client(SFNClient, where);
    const deployed = await sfn.send(
      new DescribeStateMachineCommand({
        stateMachineArn: `arn:aws:states:eu-west-1:${where.account}:stateMachine:trailguard-alarm-notices`,
      }),
    );
    // moto runs state machines (its Step Functions interpreter) only when told to, and only those
    // created afterwards: the one CloudFormation created is created again from its definition.
    const configured = await fetch(`${emulator().endpoint}/moto-api/config`, {
      method: 'POST',
      body: JSON.stringify({ stepfunctions: { execute_state_machine: true } }),
    });
    expect(configured.ok).toBe(true);
    const topicArn = `arn:aws:sns:eu-west-1:${where.account}:trailguard-notifications`;
    const sqs = await emulator().client(SQSClient, where);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'notices' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const sns = await emulator().client(SNSClient, where);
    await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }),
    );
    expect(
      (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions,
    ).toHaveLength(1);

    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'alarm-notices-as-deployed',
        definition: deployed.definition,
        roleArn: deployed.roleArn,
        type: 'EXPRESS',
      }),
    );
    const input = {
      subject: 'TrailGuard alarm trailguard-function-errors: ALARM in account 888888888888, eu-west-1',
      message:
        "TrailGuard alarm trailguard-function-errors in account 888888888888 ...\n\nCloudWatch's reason: x",
      alarm: 'trailguard-function-errors',
      account: '888888888888',
    };
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
    );
    let status = 'RUNNING';
    for (let i = 0; i < 50 && status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status ?? 'UNKNOWN';
    }
    expect(status).toBe('SUCCEEDED');
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    const envelope = JSON.parse(Messages?.[0]?.Body ?? '{}');
    expect(envelope).toMatchObject({ Subject: input.subject, Message: input.message });
    // At least one attribute, and no severity: a filter policy's "exists": false lets it through.
    expect(envelope.MessageAttributes).toEqual({
      eventName: { Type: 'String', Value: 'trailguard-function-errors' },
      account: { Type: 'String', Value: '888888888888' },
    });
  });
});
