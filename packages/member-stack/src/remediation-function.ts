import { HANDLER_PERMISSIONS } from '@trailguard/core-handler/permissions';
import { toEnvironment } from '@trailguard/core-handler/settings';
import { Aws, Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { readHandlerBundle } from './handler-code';
import {
  type CentralLocation,
  centralBusArn,
  centralTopicArn,
  functionLogGroupName,
  remediationRoleName,
  TRAILGUARD_NAMES,
} from './names';
import { sharingStatements } from './sharing-grants';

/** Properties of the remediation function. */
export interface RemediationFunctionProps {
  /** Where the central notification topic lives. */
  readonly central: CentralLocation;
  /** `remediate` undoes what can be undone; `notify-only` only reports. @default 'remediate' */
  readonly remediationMode?: 'remediate' | 'notify-only';
  /** IAM ARN patterns whose changes are reported, not undone. @default [] */
  readonly exemptPrincipals?: readonly string[];
  /** Retention of the function's log group, in days. @default 365 */
  readonly logRetentionDays?: number;
  /** Minutes between two sweeps; the handler needs it to report a lasting problem only once. @default 10 */
  readonly sweepIntervalMinutes?: number;
  /** Minutes a logging trail may deliver no log file before the sweep reports it. @default 360 */
  readonly maxDeliveryGapMinutes?: number;
  /** Reserved concurrency; leave unset, new accounts often cannot reserve any. @default - none */
  readonly reservedConcurrency?: number;
  /** The handler bundle, inlined as the function's code. @default - the text of `pnpm build`'s bundle */
  readonly handlerCode?: string;
  /** Import each incident as a Security Hub finding in this account and region. @default false */
  readonly securityHubFindings?: boolean;
}

/**
 * The Lambda function that restores logging and reports, with its least-privilege role, its own
 * log group and an encrypted dead-letter queue (shared with the rule targets).
 */
export class RemediationFunction extends Construct {
  /** The function. */
  readonly function: lambda.Function;
  /** Its execution role. */
  readonly role: iam.Role;
  /** Dead-letter queue of failed asynchronous invocations and undeliverable rule events. */
  readonly deadLetterQueue: sqs.Queue;
  /** The function's short-lived state: claimed events, notice counts and the digest (STATE_TABLE_NAME). */
  readonly stateTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: RemediationFunctionProps) {
    super(scope, id);
    const topicArn = centralTopicArn(props.central);
    const roleName = remediationRoleName(Aws.REGION);
    // The remediation roles of every region of this account, as a pattern: the function of
    // another region acting on a trail homed here is recorded (and delivered) here, and its call is
    // an echo too. Built from the fixed names rather than referenced, so that the environment does
    // not depend on the role (no cycle through the role's policy).
    const selfRoleArn = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${remediationRoleName('*')}`;

    const logGroup = functionLogGroup(this, props.logRetentionDays);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: TRAILGUARD_NAMES.deadLetterQueue,
      // SQS-managed keys: EventBridge cannot write to a queue encrypted with the AWS-managed KMS key.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the function and of the rule targets; a queue behind it would only move the problem.',
    });

    this.stateTable = stateTable(this);

    const own = { topic: topicArn, stateTable: this.stateTable.tableArn, logGroup: logGroup.logGroupArn };
    this.role = new iam.Role(this, 'Role', {
      roleName,
      description: 'TrailGuard remediation: restores CloudTrail logging and notifies the security account.',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: { remediation: remediationPolicy(props.central, own, props.securityHubFindings) },
      // The sqs:SendMessage that CDK adds for the dead-letter queue stays unconditioned: Lambda
      // sends failed events there itself, outside the function, without lambda:SourceFunctionArn.
    });
    const central = props.central;
    acknowledgeWildcards(this.role, {
      'Resource::arn:<AWS::Partition>:cloudtrail:*:<AWS::AccountId>:trail/*':
        'Any trail of this account may be tampered with, in any region (a trail is acted on in its home region); the account is fixed.',
      'Resource::arn:<AWS::Partition>:cloudtrail:*:<AWS::AccountId>:eventdatastore/*':
        'Any CloudTrail Lake event data store of this account may be stopped; the account is fixed.',
      'Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*':
        'The KMS key of any trail of this account may be disabled or scheduled for deletion; keys are named by the event, so only the account, region and key spec (kms:KeySpec) are fixed.',
      'Resource::*': `Only ${HANDLER_PERMISSIONS.unscoped.join(', ')}: read-only calls that list or read what this account's trails are (ListTrails and LookupEvents have no resource-level permissions; DescribeTrails lists organization trails of the management account too).`,
      'Action::kms:GenerateDataKey*':
        'kms:GenerateDataKey* is the documented form for publishing to an SNS topic encrypted with a customer-managed key.',
      [`Resource::arn:aws:kms:${central.region}:${central.account}:key/*`]:
        'The central key is created by another StackSet, so members cannot name its id; the grant is limited to keys of the security account used through SNS in the home region (kms:ViaService).',
    });

    this.function = new lambda.Function(this, 'Function', {
      functionName: TRAILGUARD_NAMES.function,
      description: 'TrailGuard: keeps CloudTrail recording in this account and region.',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(props.handlerCode ?? readHandlerBundle()),
      role: this.role,
      logGroup,
      memorySize: 256,
      timeout: Duration.minutes(1),
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // The handler's own definition of its environment; unset props take the handler's defaults.
      environment: toEnvironment({
        topicArn,
        mode: props.remediationMode,
        exemptPrincipals: props.exemptPrincipals,
        selfRoleArn,
        sweepIntervalMinutes: props.sweepIntervalMinutes,
        maxDeliveryGapMinutes: props.maxDeliveryGapMinutes,
        // The fixed name, as for the role pattern; the dependency below orders the creation.
        stateTableName: TRAILGUARD_NAMES.stateTable,
        busArn: centralBusArn(props.central),
        securityHub: props.securityHubFindings ?? false,
      }),
    });
    this.function.node.addDependency(this.stateTable);
  }
}

/**
 * The function's state table: one item per claimed event, per sweep interval's notice count and
 * per digest group, each expiring two days after its last write (the handler sets `expiresAt`).
 */
function stateTable(scope: Construct): dynamodb.Table {
  const table = new dynamodb.Table(scope, 'StateTable', {
    tableName: TRAILGUARD_NAMES.stateTable,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: 'expiresAt',
    removalPolicy: RemovalPolicy.DESTROY,
  });
  Validations.of(table).acknowledge({
    id: 'AwsSolutions-DDB3',
    reason:
      'Short-lived state with a 2-day TTL (which events were handled, notice counts, the digest); nothing in it is worth restoring, and losing it only means a repeated or undelayed notice.',
  });
  return table;
}

/**
 * The function's log group. Retained when the stack goes (an account leaving the OUs,
 * `pnpm run destroy`, a replaced group): the record of what TrailGuard did there outlives it,
 * until its retention ends. The name carries the stack's own id, so that a stack created again
 * later does not collide with the group its predecessor left.
 */
function functionLogGroup(scope: Construct, retentionDays = 365): logs.LogGroup {
  return new logs.LogGroup(scope, 'LogGroup', {
    logGroupName: functionLogGroupName(Fn.select(2, Fn.split('/', Aws.STACK_ID))),
    retention: retentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** Acknowledges the cdk-nag IAM5 findings of a role, each with its own reason. */
function acknowledgeWildcards(role: Construct, findings: Record<string, string>): void {
  for (const [finding, reason] of Object.entries(findings)) {
    Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

/**
 * The condition that keeps the role's permissions to TrailGuard's function of this account and
 * region: Lambda puts `lambda:SourceFunctionArn` in the context of every call made with the
 * function's credentials (and of the log writes it makes for it), so the role passed to any other
 * function grants nothing (AWS Lambda guide, "Using source function ARN to control function
 * access behavior").
 */
function fromOwnFunctionOnly(): Record<string, unknown> {
  return {
    ArnEquals: {
      'lambda:SourceFunctionArn': Fn.sub(
        `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${TRAILGUARD_NAMES.function}`,
      ),
    },
  };
}

/** The ARNs of the function's own resources that its policy names. */
interface OwnResources {
  readonly topic: string;
  readonly stateTable: string;
  readonly logGroup: string;
}

function remediationPolicy(
  central: CentralLocation,
  own: OwnResources,
  securityHubFindings = false,
): iam.PolicyDocument {
  const partition = central.partition ?? 'aws';
  const ownFunction = fromOwnFunctionOnly();
  const document = new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'TrailsOfThisAccount',
        actions: [...HANDLER_PERMISSIONS.trail],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
        resources: [Fn.sub('arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*')],
        conditions: ownFunction,
      }),
      new iam.PolicyStatement({
        sid: 'EventDataStoresOfThisAccount',
        actions: [...HANDLER_PERMISSIONS.eventDataStore],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
        resources: [Fn.sub('arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:eventdatastore/*')],
        conditions: ownFunction,
      }),
      new iam.PolicyStatement({
        sid: 'TrailKeysOfThisAccountAndRegion',
        actions: [...HANDLER_PERMISSIONS.trailKey],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
        resources: [Fn.sub('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*')],
        conditions: { ...ownFunction, StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } },
      }),
      new iam.PolicyStatement({
        sid: 'ActionsWithoutResourceLevelPermissions',
        actions: [...HANDLER_PERMISSIONS.unscoped],
        resources: ['*'],
        conditions: ownFunction,
      }),
      new iam.PolicyStatement({
        sid: 'OwnStateTable',
        actions: [...HANDLER_PERMISSIONS.stateTable],
        resources: [own.stateTable],
        conditions: ownFunction,
      }),
      new iam.PolicyStatement({
        sid: 'PublishToTheCentralTopic',
        actions: [...HANDLER_PERMISSIONS.topic],
        resources: [own.topic],
        conditions: ownFunction,
      }),
      // Not conditioned on the source function: SNS asks KMS for the data key, and AWS does not
      // document lambda:SourceFunctionArn on such forwarded calls. kms:ViaService limits this
      // grant to publishing through SNS, which the conditioned statement above already gates.
      new iam.PolicyStatement({
        sid: 'EncryptThroughSnsWithTheCentralKey',
        actions: [...HANDLER_PERMISSIONS.topicKey],
        resources: [`arn:${partition}:kms:${central.region}:${central.account}:key/*`],
        conditions: {
          StringEquals: {
            'kms:ViaService': `sns.${central.region}.amazonaws.com`,
            'aws:ResourceAccount': central.account,
          },
        },
      }),
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The group's ARN ends in `:*`, which covers its streams (`…:log-group:NAME:log-stream:ID`).
        resources: [own.logGroup],
        conditions: ownFunction,
      }),
    ],
  });
  document.addStatements(...sharingStatements(central, securityHubFindings, ownFunction));
  return document;
}
