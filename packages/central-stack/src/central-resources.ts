import { TRAILGUARD_NAMES } from '@trailguard/member-stack';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of the central resources in the security account. */
export interface CentralResourcesProps {
  /** The organization whose principals may publish and put events (`aws:PrincipalOrgID`). */
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

  constructor(scope: Construct, id: string, props: CentralResourcesProps) {
    super(scope, id);
    const inOrganization = { 'aws:PrincipalOrgID': props.organizationId };

    this.key = new kms.Key(this, 'TopicKey', {
      alias: 'alias/trailguard-notifications',
      description: 'TrailGuard: encrypts the notification topic.',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationPublishesThroughSns',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { ...inOrganization, 'kms:ViaService': `sns.${props.homeRegion}.amazonaws.com` },
        },
      }),
    );
    // Rules of this account (on the central bus, for instance) may deliver to the encrypted topic.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeDeliversToTheTopic',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': props.securityAccountId } },
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      topicName: TRAILGUARD_NAMES.topic,
      displayName: 'TrailGuard',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationPublishes',
        principals: [new iam.AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: inOrganization },
      }),
    );
    for (const address of props.notificationEmails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(address));
    }

    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: TRAILGUARD_NAMES.bus,
      description: 'TrailGuard: tamper events from every protected account and region.',
    });
    new events.CfnEventBusPolicy(this, 'BusPolicy', {
      eventBusName: this.bus.eventBusName,
      statementId: 'OrganizationPutsEvents',
      statement: {
        Sid: 'OrganizationPutsEvents',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: this.bus.eventBusArn,
        Condition: { StringEquals: inOrganization },
      },
    });
    // Forwarded events keep their source; no pattern, so the archive takes all of them.
    new events.CfnArchive(this, 'Archive', {
      archiveName: TRAILGUARD_NAMES.bus,
      description: 'TrailGuard: every forwarded tamper event, for replay into SIEMs.',
      sourceArn: this.bus.eventBusArn,
      retentionDays: props.eventArchiveRetentionDays ?? 365,
    });
  }
}
