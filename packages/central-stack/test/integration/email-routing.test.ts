// Routing by severity, delivered: the filter policies the template gives each e-mail subscription,
// on a real topic of the emulator, which evaluates them on publish. Queues stand in for the
// mailboxes (an e-mail subscription delivers nothing until confirmed, on moto as on AWS).
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { SEVERITIES } from '@trailguard/config/defaults';
import { useEmulator } from '@trailguard/test';
import { synthesize, testConfig } from '../synth';

const REGION = 'ap-southeast-2';

describe('e-mail routing by severity, on the emulator', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  /** A topic with one queue per address, subscribed with its filter policy; publish and read back. */
  async function topicWith(policies: Record<string, unknown>) {
    const sns = await emulator().client(SNSClient, { region: REGION });
    const sqs = await emulator().client(SQSClient, { region: REGION });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'trailguard-notifications' }));
    const inboxes: Record<string, string> = {};
    for (const [address, policy] of Object.entries(policies)) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: address.replace(/\W/g, '-') }));
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      await sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'sqs',
          Endpoint: Attributes?.QueueArn,
          ...(policy ? { Attributes: { FilterPolicy: JSON.stringify(policy) } } : {}),
        }),
      );
      inboxes[address] = QueueUrl as string;
    }
    const publish = (subject: string, attributes: Record<string, string>) =>
      sns.send(
        new PublishCommand({
          TopicArn,
          Subject: subject,
          Message: subject,
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
          ),
        }),
      );
    const received = async (address: string) => {
      const subjects: string[] = [];
      for (;;) {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: inboxes[address],
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 60,
          }),
        );
        if (!Messages?.length) return subjects.sort();
        subjects.push(...Messages.map((m) => (JSON.parse(m.Body ?? '{}') as { Subject: string }).Subject));
      }
    };
    return { publish, received };
  }

  /** An alarm notice as the state machine publishes it (alarm-notices.ts): no severity to filter on. */
  const ALARM_NOTICE = { eventName: 'trailguard-remediation-errors', account: '111122223333' };

  it('delivers to a recipient with a minimum severity only that and above, and every alarm notice', async () => {
    const app = synthesize(
      testConfig({
        notificationEmails: ['all@example.org', { address: 'oncall@example.org', minimumSeverity: 'high' }],
        chat: undefined,
      }),
    );
    const policies = Object.fromEntries(
      Object.values(app.central.Resources)
        .filter((r) => r.Type === 'AWS::SNS::Subscription')
        .map((r) => [String(r.Properties?.Endpoint), r.Properties?.FilterPolicy]),
    );
    // The template's own policy, `{"exists": false}` clause and all.
    expect(policies['oncall@example.org']).toEqual({ severity: [{ exists: false }, 'critical', 'high'] });
    expect(policies['all@example.org']).toBeUndefined();

    const { publish, received } = await topicWith(policies);
    // TrailGuard's notifications carry severity, eventName and account (the handler's SNS adapter).
    for (const severity of SEVERITIES)
      await publish(`notice ${severity}`, { severity, eventName: 'StopLogging', account: '111122223333' });
    await publish('alarm notice', ALARM_NOTICE);

    expect(await received('oncall@example.org')).toEqual(['alarm notice', 'notice critical', 'notice high']);
    expect(await received('all@example.org')).toEqual(
      ['alarm notice', ...SEVERITIES.map((s) => `notice ${s}`)].sort(),
    );
  });

  // Why the template puts the `exists` clause first, where AWS takes the values in any order: when
  // moto checks the clause wherever it stands, this test fails and the order no longer matters.
  it('needs the exists clause first: moto 5.2.5 gives up on a missing attribute at the first value', async () => {
    const { publish, received } = await topicWith({
      first: { severity: [{ exists: false }, 'critical'] },
      last: { severity: ['critical', { exists: false }] },
    });
    await publish('alarm notice', ALARM_NOTICE);
    expect(await received('first')).toEqual(['alarm notice']);
    expect(await received('last')).toEqual([]);
  });
});
