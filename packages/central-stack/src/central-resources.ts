import {
  ALARM_NAMES,
  centralTopicArn,
  forwardRoleName,
  remediationRoleName,
  roleArnPattern,
  TRAILGUARD_NAMES,
} from '@trailguard/member-stack';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of the central resources in the security account. */
export interface CentralResourcesProps {
  /** The organization whose TrailGuard roles may publish and put events (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /** The security account these resources live in. */
  readonly securityAccountId: string;
  /** The home region these resources live in. */
  readonly homeRegion: string;
  /** Addresses subscribed to the notification topic. */
  readonly notificationEmails: readonly string[];
  /** Days the event archive keeps events; 0 keeps them forever. @default 365 */
  readonly eventArchiveRetentionDays?: number;
}

/**
 * The security account's side: the encrypted notification topic every member publishes to, and
 * the event bus (with an archive for replay) every member forwards tamper events to.
 */
export class CentralResources extends Construct {
  /** The customer-managed key that encrypts the topic. */
  readonly key: kms.Key;
  /** The notification topic. */
  readonly topic: sns.Topic;
  /** The central event bus. */
  readonly bus: events.EventBus;
  /** The rule that turns forwarded alarm state changes into notices on the topic. */
  readonly alarmRule: events.Rule;

  constructor(scope: Construct, id: string, props: CentralResourcesProps) {
    super(scope, id);
    const inOrganization = { 'aws:PrincipalOrgID': props.organizationId };
    // Only TrailGuard's own roles, in this organization: any other role allowed sns:Publish or
    // events:PutEvents on "*" could otherwise send look-alike notices. The names are fixed
    // (member-stack names.ts) and the prevention SCP keeps others from taking them.
    const forwardRoles = { 'aws:PrincipalArn': roleArnPattern(forwardRoleName('*')) };

    this.key = topicKey(this, props);

    this.topic = new sns.Topic(this, 'Topic', {
      topicName: TRAILGUARD_NAMES.topic,
      displayName: 'TrailGuard',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TrailGuardFunctionsPublish',
        principals: [new iam.AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: inOrganization, ArnLike: REMEDIATION_ROLES },
      }),
    );
    for (const address of props.notificationEmails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(address));
    }

    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: TRAILGUARD_NAMES.bus,
      description: 'TrailGuard: tamper events and alarms from every protected account and region.',
    });
    new events.CfnEventBusPolicy(this, 'BusPolicy', {
      eventBusName: this.bus.eventBusName,
      statementId: 'TrailGuardForwardersPutEvents',
      statement: {
        Sid: 'TrailGuardForwardersPutEvents',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: this.bus.eventBusArn,
        Condition: { StringEquals: inOrganization, ArnLike: forwardRoles },
      },
    });
    this.alarmRule = watcherAlarmRule(this, this.bus, this.topic);
    // Forwarded events keep their source; no pattern, so the archive takes all of them.
    new events.CfnArchive(this, 'Archive', {
      archiveName: TRAILGUARD_NAMES.bus,
      description: 'TrailGuard: every forwarded tamper event, for replay into SIEMs.',
      sourceArn: this.bus.eventBusArn,
      retentionDays: props.eventArchiveRetentionDays ?? 365,
    });
  }
}

/** TrailGuard's remediation roles, in every account: those that may publish notices. */
const REMEDIATION_ROLES = { 'aws:PrincipalArn': roleArnPattern(remediationRoleName('*')) };

/**
 * The key of the topic: TrailGuard's remediation roles of this organization may use it through
 * SNS in the home region, for this topic only; EventBridge rules of this account may deliver.
 */
function topicKey(scope: Construct, props: CentralResourcesProps): kms.Key {
  // The literal ARN: the key policy cannot reference the topic, which references the key.
  const topicArn = centralTopicArn({ account: props.securityAccountId, region: props.homeRegion });
  const key = new kms.Key(scope, 'TopicKey', {
    alias: 'alias/trailguard-notifications',
    description: 'TrailGuard: encrypts the notification topic.',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'TrailGuardFunctionsPublishThroughSns',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          'aws:PrincipalOrgID': props.organizationId,
          'kms:ViaService': `sns.${props.homeRegion}.amazonaws.com`,
          'kms:EncryptionContext:aws:sns:topicArn': topicArn,
        },
        ArnLike: REMEDIATION_ROLES,
      },
    }),
  );
  // Rules of this account (the alarm notices) deliver to the encrypted topic.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'EventBridgeDeliversToTheTopic',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': props.securityAccountId } },
    }),
  );
  return key;
}

/**
 * The rule that turns a member's forwarded alarm state change into a readable notice on the
 * topic. It publishes as EventBridge, not as a member's function, so a function that cannot
 * publish still gets reported; the topic lets EventBridge publish for this rule only.
 */
function watcherAlarmRule(scope: Construct, bus: events.EventBus, topic: sns.Topic): events.Rule {
  const rule = new events.Rule(scope, 'WatcherAlarms', {
    ruleName: TRAILGUARD_NAMES.alarmNoticeRule,
    description: "TrailGuard: members' alarms on TrailGuard itself, to the notification topic.",
    // By name, with an explicit dependency: the same in AWS, and moto 5.2.5 fails on a Ref here.
    eventBus: events.EventBus.fromEventBusName(scope, 'WatcherAlarmsBus', TRAILGUARD_NAMES.bus),
    eventPattern: {
      source: ['aws.cloudwatch'],
      detailType: ['CloudWatch Alarm State Change'],
      detail: { alarmName: Object.values(ALARM_NAMES) },
    },
  });
  rule.node.addDependency(bus);
  const message = new PlainTextNotice(
    [
      'TrailGuard alarm <alarm> in account <account>, region <region>: <state> (was <previous>) at <time>.',
      '',
      '<description>',
      '',
      "CloudWatch's reason: <reason>",
      '',
      'This notice comes from CloudWatch through EventBridge, not from the TrailGuard function: it arrives even when the function cannot publish.',
    ].join('\n'),
    {
      alarm: '$.detail.alarmName',
      account: '$.account',
      region: '$.region',
      state: '$.detail.state.value',
      previous: '$.detail.previousState.value',
      time: '$.time',
      description: '$.detail.configuration.description',
      reason: '$.detail.state.reason',
    },
  );
  // A target of our own: aws-events-targets' SnsTopic would also let EventBridge publish for
  // any rule of any account; the statement below names this rule.
  rule.addTarget({ bind: () => ({ arn: topic.topicArn, input: message }) });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'WatcherAlarmRulePublishes',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
    }),
  );
  return rule;
}

/**
 * Text for an SNS target, unquoted: aws-events' fromText and fromMultilineText send JSON string
 * literals, whose quotes and escapes would show in the e-mail.
 */
class PlainTextNotice extends events.RuleTargetInput {
  constructor(
    private readonly template: string,
    private readonly paths: Record<string, string>,
  ) {
    super();
  }

  bind(): events.RuleTargetInputProperties {
    return { inputTemplate: this.template, inputPathsMap: this.paths };
  }
}
