import type { EmailRecipient } from '@trailguard/config';
import {
  centralTopicArn,
  forwardRoleName,
  INCIDENT_EVENT,
  remediationRoleName,
  roleArnPattern,
  TRAILGUARD_NAMES,
} from '@trailguard/member-stack';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { watcherAlarmRule } from './alarm-notices';
import { ChatChannel, type ChatChannels } from './chat-channel';
import { subscribeRecipients } from './email-routing';

/** Properties of the central resources in the security account. */
export interface CentralResourcesProps {
  /** The organization whose TrailGuard roles may publish and put events (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /** The security account these resources live in. */
  readonly securityAccountId: string;
  /** The home region these resources live in. */
  readonly homeRegion: string;
  /** Addresses subscribed to the notification topic, each with the least urgent severity it gets. */
  readonly notificationEmails: readonly EmailRecipient[];
  /** Days the event archive keeps events; 0 keeps them forever. @default 365 */
  readonly eventArchiveRetentionDays?: number;
  /** A Slack and/or Microsoft Teams channel fed with incidents. @default - none */
  readonly chat?: ChatChannels;
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
  /** The chat channel, when configured. */
  readonly chat?: ChatChannel;

  constructor(scope: Construct, id: string, props: CentralResourcesProps) {
    super(scope, id);
    const inOrganization = { 'aws:PrincipalOrgID': props.organizationId };
    // Only TrailGuard's own roles, in this organization: any other role allowed sns:Publish or
    // events:PutEvents on "*" could otherwise send look-alike notices. The names are fixed
    // (member-stack names.ts) and the prevention SCP keeps others from taking them.

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
    subscribeRecipients(this.topic, props.notificationEmails);

    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: TRAILGUARD_NAMES.bus,
      description: 'TrailGuard: tamper events and alarms from every protected account and region.',
    });
    allowPutEvents(this, this.bus, inOrganization);
    this.alarmRule = watcherAlarmRule(this, this.bus, this.topic, this.key);
    if (props.chat)
      this.chat = new ChatChannel(this, 'Chat', { chat: props.chat, bus: this.bus, key: this.key });
    // Forwarded events keep their source; no pattern, so the archive takes all of them, incidents too.
    new events.CfnArchive(this, 'Archive', {
      archiveName: TRAILGUARD_NAMES.bus,
      description: 'TrailGuard: every event on the bus (tamper events and incidents), for replay into SIEMs.',
      sourceArn: this.bus.eventBusArn,
      retentionDays: props.eventArchiveRetentionDays ?? 365,
    });
  }
}

/** TrailGuard's remediation roles, in every account: those that may publish notices. */
const REMEDIATION_ROLES = { 'aws:PrincipalArn': roleArnPattern(remediationRoleName('*')) };

/**
 * Who may put events on the central bus: TrailGuard's forwarding roles of the organization, with
 * AWS's own events only; its remediation roles, with incident events only.
 */
function allowPutEvents(
  scope: Construct,
  bus: events.EventBus,
  inOrganization: Record<string, string>,
): void {
  /** A policy statement, `sid` its id too, letting `roles` of the organization put only what `only` allows. */
  const allow = (id: string, sid: string, roles: Record<string, string>, only: Record<string, unknown>) =>
    new events.CfnEventBusPolicy(scope, id, {
      eventBusName: bus.eventBusName,
      statementId: sid,
      statement: {
        Sid: sid,
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: bus.eventBusArn,
        Condition: { StringEquals: inOrganization, ArnLike: roles, ...only },
      },
    });
  // Forwarders only ever carry AWS's own events, whose `aws.` sources nobody else can put; without
  // this a forwarding role could relay a look-alike incident. A condition on a multivalued key:
  // ForAllValues holds when the request carries no source at all.
  allow(
    'BusPolicy',
    'TrailGuardForwardersPutEvents',
    { 'aws:PrincipalArn': roleArnPattern(forwardRoleName('*')) },
    { 'ForAllValues:StringLike': { 'events:source': ['aws.*'] } },
  );
  // The incident events (source `trailguard`, not `aws.`-prefixed, so nothing but this policy
  // keeps others from putting them): TrailGuard's remediation roles of the organization only.
  allow('IncidentsPolicy', 'TrailGuardFunctionsPutIncidents', REMEDIATION_ROLES, {
    'ForAllValues:StringEquals': {
      'events:source': [INCIDENT_EVENT.source],
      'events:detail-type': [INCIDENT_EVENT.detailType],
    },
  });
}

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
  // Rules of this account (the chat rule) deliver to the encrypted topics.
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
