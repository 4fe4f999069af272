// The emulated organization the integration tests run in: a member account with trails, and the
// central topic in the security account in another region, read through a subscribed SQS queue.
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { type BucketLocationConstraint, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { MetadataBearer, MiddlewareStack } from '@smithy/types';
import { buildOrganization, type Emulator } from '@trailguard/test';
import { Logger } from '../src/adapters/logger';
import { Metrics } from '../src/adapters/metrics';
import type { Settings } from '../src/domain/settings';
import { createHandler, type HandlerDeps, RETRIES } from '../src/handler';
import { routePutEventsByBusArn } from './bus-routing';
import { type FixtureJson, fixture } from './fixtures';

/** The region of the central topic, different from every member region used. */
export const TOPIC_REGION = 'eu-central-1';
/** The member's main region. */
export const MEMBER_REGION = 'eu-west-1';

/** One AWS call as the SDK sent it. */
export interface RecordedCall {
  readonly service: string;
  readonly command: string;
  readonly region: string;
}

/** A notification as the security account's queue received it. */
export interface ReceivedNotification {
  readonly subject: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON, read by tests with toMatchObject.
  readonly document: Record<string, any>;
  readonly attributes: Record<string, string>;
}

/** Adds middleware that records every command a client sends (after retries, once per call). */
export function recordCalls<
  C extends CloudTrailClient | SNSClient | KMSClient | DynamoDBClient | EventBridgeClient | SecurityHubClient,
>(client: C, service: string, calls: RecordedCall[]): C {
  const stack = client.middlewareStack as MiddlewareStack<object, MetadataBearer>;
  stack.add(
    (next, context) => async (args) => {
      const region = await client.config.region();
      calls.push({ service, command: String(context.commandName).replace(/Command$/, ''), region });
      return next(args);
    },
    { step: 'initialize', name: 'recordCalls' },
  );
  return client;
}

/** The emulated organization and the handler's clients in it. */
export class World {
  readonly calls: RecordedCall[] = [];
  /** The EMF lines the handler wrote. */
  readonly metricLines: string[] = [];

  private constructor(
    private readonly emulator: Emulator,
    readonly member: string,
    readonly security: string,
    readonly topicArn: string,
    private readonly queueUrl: string,
  ) {}

  static async create(emulator: Emulator): Promise<World> {
    const org = await buildOrganization(emulator, { Security: ['security'], Workloads: ['app1'] });
    const security = org.accounts.security as string;
    const sns = await emulator.client(SNSClient, { account: security, region: TOPIC_REGION });
    const sqs = await emulator.client(SQSClient, { account: security, region: TOPIC_REGION });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'trailguard-notifications' }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'security-inbox' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
    return new World(emulator, org.accounts.app1 as string, security, TopicArn as string, QueueUrl as string);
  }

  /** The handler's settings in this world. */
  settings(overrides: Partial<Settings> = {}): Settings {
    return {
      topicArn: this.topicArn,
      topicRegion: TOPIC_REGION,
      mode: 'remediate',
      exemptPrincipals: [],
      selfRoleArn: `arn:aws:iam::${this.member}:role/TrailGuardHandlerRole`,
      sweepIntervalMinutes: 10,
      maxDeliveryGapMinutes: 360,
      stateTableName: null,
      busArn: null,
      securityHub: false,
      ...overrides,
    };
  }

  /** SDK config acting in the member account (what the Lambda's role would have). */
  memberConfig(region: string) {
    return this.emulator.clientConfig({ account: this.member, region });
  }

  /** The handler's dependencies: member-account clients that record what they send. */
  async deps(overrides: Partial<Settings> = {}): Promise<HandlerDeps> {
    const base = await this.memberConfig(TOPIC_REGION);
    // The production retry settings, so fault tests exercise what the Lambda does.
    const clientConfig = (region: string) => ({ ...base, region, ...RETRIES });
    return {
      settings: this.settings(overrides),
      cloudTrailClient: (region) =>
        recordCalls(new CloudTrailClient(clientConfig(region)), 'cloudtrail', this.calls),
      kmsClient: (region) => recordCalls(new KMSClient(clientConfig(region)), 'kms', this.calls),
      snsClient: recordCalls(new SNSClient(clientConfig(TOPIC_REGION)), 'sns', this.calls),
      // The state table is the function's own, in its region.
      dynamoDbClient: recordCalls(new DynamoDBClient(clientConfig(MEMBER_REGION)), 'dynamodb', this.calls),
      // The central bus is in the topic's region; findings go where the function runs.
      eventBridgeClient: routePutEventsByBusArn(
        recordCalls(new EventBridgeClient(clientConfig(TOPIC_REGION)), 'events', this.calls),
      ),
      securityHubClient: recordCalls(
        new SecurityHubClient(clientConfig(MEMBER_REGION)),
        'securityhub',
        this.calls,
      ),
      logger: new Logger('trailguard', 'SILENT'),
      metrics: new Metrics('TrailGuard', { service: 'trailguard' }, (line) => this.metricLines.push(line)),
    };
  }

  /** A handler wired to this world. */
  async handler(overrides: Partial<Settings> = {}) {
    return createHandler(await this.deps(overrides));
  }

  /** Creates the function's state table as the member stack does (pk + sk, on demand); returns its name. */
  async stateTable(name = 'trailguard-state'): Promise<string> {
    const dynamodb = await this.dynamoDb();
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    return name;
  }

  /** A member-account DynamoDB client in the member region, for set-up and assertions (not recorded). */
  async dynamoDb(): Promise<DynamoDBClient> {
    return this.emulator.client(DynamoDBClient, { account: this.member, region: MEMBER_REGION });
  }

  /** A member-account CloudTrail client for assertions and set-up (not recorded). */
  async cloudTrail(region = MEMBER_REGION): Promise<CloudTrailClient> {
    return this.emulator.client(CloudTrailClient, { account: this.member, region });
  }

  /** Creates a trail in the member account and region, logging, or stopped when asked. */
  async trail(
    name: string,
    options: {
      region?: string;
      stopped?: boolean;
      multiRegion?: boolean;
      /** The trail's KMS key (an ARN), its CloudWatch Logs group ARN, log file validation. */
      kmsKeyId?: string;
      logGroupArn?: string;
      validation?: boolean;
      organization?: boolean;
    } = {},
  ): Promise<string> {
    const region = options.region ?? MEMBER_REGION;
    const s3 = await this.emulator.client(S3Client, { account: this.member, region });
    const bucket = `${name}-logs-${this.member}`;
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
    const cloudtrail = await this.cloudTrail(region);
    const { TrailARN } = await cloudtrail.send(
      new CreateTrailCommand({
        Name: name,
        S3BucketName: bucket,
        IsMultiRegionTrail: options.multiRegion ?? false,
        KmsKeyId: options.kmsKeyId,
        CloudWatchLogsLogGroupArn: options.logGroupArn,
        EnableLogFileValidation: options.validation,
        IsOrganizationTrail: options.organization ?? false,
      }),
    );
    // What a new trail has in AWS: every management event, reads and writes.
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: name,
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
      }),
    );
    await cloudtrail.send(new StartLoggingCommand({ Name: name }));
    if (options.stopped) await cloudtrail.send(new StopLoggingCommand({ Name: TrailARN }));
    return TrailARN as string;
  }

  /** A fixture event, moved into this world's member account. */
  event(name: string, change?: (raw: FixtureJson) => void): FixtureJson {
    const raw = JSON.parse(JSON.stringify(fixture(name)).replaceAll('111122223333', this.member));
    change?.(raw);
    return raw;
  }

  /**
   * The e-mail text of every message published to the central topic so far, oldest first: what an
   * e-mail subscriber reads (the queue receives the `default` entry instead). From moto's record of
   * the topic's publishes.
   */
  async emails(): Promise<string[]> {
    const topics = ((await this.emulator.data()).sns?.Topic ?? []) as {
      arn: string;
      sent_notifications: [string, string][];
    }[];
    const sent = topics.find((t) => t.arn === this.topicArn)?.sent_notifications ?? [];
    return sent.map(([, message]) => (JSON.parse(message) as { email: string }).email);
  }

  /** Everything the security account's queue has received so far (and removes it). */
  async notifications(): Promise<ReceivedNotification[]> {
    const sqs = await this.emulator.client(SQSClient, { account: this.security, region: TOPIC_REGION });
    const received: ReceivedNotification[] = [];
    for (;;) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: 10 }),
      );
      if (!Messages?.length) break;
      for (const m of Messages) {
        const envelope = JSON.parse(m.Body as string) as {
          Subject: string;
          Message: string;
          MessageAttributes?: Record<string, { Value: string }>;
        };
        received.push({
          subject: envelope.Subject,
          document: JSON.parse(envelope.Message),
          attributes: Object.fromEntries(
            Object.entries(envelope.MessageAttributes ?? {}).map(([k, v]) => [k, v.Value]),
          ),
        });
      }
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
    return received;
  }
}
