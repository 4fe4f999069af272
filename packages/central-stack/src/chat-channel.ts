import type { TrailGuardConfig } from '@trailguard/config';
import { severitiesAtOrAbove } from '@trailguard/config/defaults';
import { INCIDENT_EVENT, TRAILGUARD_NAMES } from '@trailguard/member-stack';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { TemplateInput } from './template-input';

/** The chat channels of a configuration (its `chat` key). */
export type ChatChannels = NonNullable<TrailGuardConfig['chat']>;

/** The pattern of incidents at or above a severity on the central bus: the chat rule's. */
export function incidentPattern(minimum: ChatChannels['minimumSeverity']) {
  return {
    source: [INCIDENT_EVENT.source],
    'detail-type': [INCIDENT_EVENT.detailType],
    detail: { severity: severitiesAtOrAbove(minimum) },
  };
}

/**
 * An incident in the custom notification format of Amazon Q Developer in chat applications
 * (version "1.0", source "custom"; administrator guide, "Custom notifications"), with `<name>`
 * placeholders filled from the incident event (CHAT_NOTIFICATION_PATHS).
 */
export const CHAT_NOTIFICATION = {
  version: '1.0',
  source: 'custom',
  id: '<id>',
  content: {
    textType: 'client-markdown',
    title: 'TrailGuard (<severity>): <summary>',
    description: [
      '*<eventName>* in account <account>, <region>, at <time>.',
      'Who: `<actor>`',
      'TrailGuard: <action>, <outcome> (verified: <verified>). <reason>',
    ].join('\n'),
    // The document's own next step (the e-mail's and the Security Hub finding's too): it knows a
    // failed repair from a verified one, and a sweep's finding, whose actor is often unknown.
    nextSteps: [
      '<nextStep>',
      'Read the e-mail of this incident for the details and the console link (event id <id>).',
    ],
    keywords: ['<severity>', '<account>', '<region>'],
  },
  metadata: {
    threadId: '<id>',
    summary: 'TrailGuard (<severity>): <summary>',
    eventType: '<eventName>',
    additionalContext: { account: '<account>', region: '<region>', outcome: '<outcome>' },
  },
} as const;

/** Where each placeholder of CHAT_NOTIFICATION comes from in the incident event. */
export const CHAT_NOTIFICATION_PATHS = {
  id: '$.detail.event.id',
  severity: '$.detail.severity',
  summary: '$.detail.summary',
  eventName: '$.detail.event.name',
  account: '$.detail.event.account',
  region: '$.detail.event.region',
  time: '$.detail.event.time',
  actor: '$.detail.actor.name',
  action: '$.detail.response.action',
  outcome: '$.detail.response.outcome',
  verified: '$.detail.response.verified',
  reason: '$.detail.response.reason',
  nextStep: '$.detail.nextStep',
} as const;

/** Properties of the chat channel. */
export interface ChatChannelProps {
  /** The channels and the least urgent severity they get. */
  readonly chat: ChatChannels;
  /** The central bus the incidents arrive on. */
  readonly bus: events.IEventBus;
  /** The key that encrypts the central topics. */
  readonly key: kms.IKey;
}

/**
 * A Slack and/or Microsoft Teams channel fed with incidents at or above a severity: a rule on the
 * central bus renders them as custom notifications onto a topic of their own, to which the chat
 * channel configurations subscribe. The workspace or team must first be authorized in the
 * console (the one step AWS does not let a template do); the ids come from there.
 */
export class ChatChannel extends Construct {
  /** The topic the chat channel configurations subscribe to. */
  readonly topic: sns.Topic;
  /** The rule that sends the incidents there. */
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ChatChannelProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: TRAILGUARD_NAMES.chatTopic,
      displayName: 'TrailGuard chat',
      masterKey: props.key,
      enforceSSL: true,
    });
    this.rule = new events.Rule(this, 'Incidents', {
      ruleName: TRAILGUARD_NAMES.chatRule,
      description: `TrailGuard: incidents of severity ${props.chat.minimumSeverity} and above, to the chat channel.`,
      // By name, with an explicit dependency, as the alarm notices' rule (moto 5.2.5 fails on a Ref).
      eventBus: events.EventBus.fromEventBusName(this, 'Bus', TRAILGUARD_NAMES.bus),
      eventPattern: incidentPattern(props.chat.minimumSeverity) as unknown as events.EventPattern,
    });
    this.rule.node.addDependency(props.bus);
    this.rule.addTarget({
      bind: () => ({
        arn: this.topic.topicArn,
        input: TemplateInput.json(CHAT_NOTIFICATION, CHAT_NOTIFICATION_PATHS),
      }),
    });
    // EventBridge publishes for this rule only (aws-events-targets' SnsTopic would allow any rule).
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ChatRulePublishes',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rule.ruleArn } },
      }),
    );
    this.configurations(props.chat);
  }

  /** One channel configuration per configured service, notifications only. */
  private configurations(chat: ChatChannels): void {
    // Notifications need no permission: the role has none, and the guardrail denies everything
    // anyone in the channel might ask the bot to do (the default guardrail is AdministratorAccess).
    const role = new iam.Role(this, 'Role', {
      roleName: 'trailguard-chat',
      description: 'TrailGuard: the chat channel configuration role; notifications only, no permissions.',
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
    });
    const common = {
      configurationName: TRAILGUARD_NAMES.chatConfiguration,
      iamRoleArn: role.roleArn,
      snsTopicArns: [this.topic.topicArn],
      guardrailPolicies: ['arn:aws:iam::aws:policy/AWSDenyAll'],
      loggingLevel: 'ERROR',
      userRoleRequired: false,
    };
    if (chat.slack) {
      new chatbot.CfnSlackChannelConfiguration(this, 'Slack', {
        ...common,
        slackWorkspaceId: chat.slack.workspaceId,
        slackChannelId: chat.slack.channelId,
      });
    }
    if (chat.microsoftTeams) {
      new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, 'MicrosoftTeams', {
        ...common,
        configurationName: `${TRAILGUARD_NAMES.chatConfiguration}-teams`,
        teamsTenantId: chat.microsoftTeams.tenantId,
        teamId: chat.microsoftTeams.teamId,
        teamsChannelId: chat.microsoftTeams.channelId,
      });
    }
  }
}
