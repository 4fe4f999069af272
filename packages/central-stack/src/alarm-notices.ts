import { ALARM_NAMES, TRAILGUARD_NAMES } from '@trailguard/member-stack';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { TemplateInput } from './template-input';

/** The text of an alarm notice; `<name>` placeholders are filled from the event (ALARM_NOTICE_PATHS). */
export const ALARM_NOTICE_TEXT = [
  'TrailGuard alarm <alarm> in account <account>, region <region>: <state> (was <previous>) at <time>.',
  '',
  '<description>',
  '',
  "CloudWatch's reason: <reason>",
  '',
  'This notice comes from CloudWatch through EventBridge, not from the TrailGuard function: it arrives even when the function cannot publish.',
].join('\n');

/** Where each placeholder of an alarm notice comes from in the alarm's state-change event. */
export const ALARM_NOTICE_PATHS = {
  alarm: '$.detail.alarmName',
  account: '$.account',
  region: '$.region',
  state: '$.detail.state.value',
  previous: '$.detail.previousState.value',
  time: '$.time',
  description: '$.detail.configuration.description',
  reason: '$.detail.state.reason',
} as const;

/** What the rule passes the state machine: the rendered notice and what its attributes need. */
export const ALARM_NOTICE_INPUT = {
  subject: 'TrailGuard alarm <alarm>: <state> in account <account>, <region>',
  message: ALARM_NOTICE_TEXT,
  alarm: '<alarm>',
  account: '<account>',
} as const;

/**
 * The rule that turns a member's forwarded alarm state change into a readable notice on the topic.
 * It reaches the topic without the members' functions, so a function that cannot publish still
 * gets reported. A state machine publishes it, because a notice must carry a message attribute:
 * an e-mail subscription with a severity filter policy (`"exists": false` for notices without a
 * severity) receives nothing that has no attribute at all, which is how EventBridge would publish
 * (Amazon SNS developer guide, "Key matching": an empty set of attributes does not match).
 */
export function watcherAlarmRule(
  scope: Construct,
  bus: events.EventBus,
  topic: sns.Topic,
  key: kms.Key,
): events.Rule {
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
  rule.addTarget(
    new targets.SfnStateMachine(alarmNoticePublisher(scope, topic, key), {
      input: TemplateInput.json(ALARM_NOTICE_INPUT, ALARM_NOTICE_PATHS),
    }),
  );
  return rule;
}

/** An Express state machine that publishes its input's notice with `eventName` and `account` attributes. */
function alarmNoticePublisher(scope: Construct, topic: sns.Topic, key: kms.Key): sfn.StateMachine {
  const publish = new tasks.SnsPublish(scope, 'PublishAlarmNotice', {
    topic,
    subject: sfn.JsonPath.stringAt('$.subject'),
    message: sfn.TaskInput.fromJsonPathAt('$.message'),
    // The attributes TrailGuard's own notifications carry, except severity: filter policies let
    // a notice without one through, so every recipient gets it.
    messageAttributes: {
      eventName: { value: sfn.JsonPath.stringAt('$.alarm') },
      account: { value: sfn.JsonPath.stringAt('$.account') },
    },
  });
  const logGroup = new logs.LogGroup(scope, 'AlarmNoticeLogs', {
    logGroupName: `/aws/vendedlogs/states/${TRAILGUARD_NAMES.alarmNoticeStateMachine}`,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const machine = new sfn.StateMachine(scope, 'AlarmNoticePublisher', {
    stateMachineName: TRAILGUARD_NAMES.alarmNoticeStateMachine,
    stateMachineType: sfn.StateMachineType.EXPRESS,
    definitionBody: sfn.DefinitionBody.fromChainable(publish),
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    tracingEnabled: true,
  });
  // SNS encrypts with the topic's key on the publisher's behalf.
  key.grant(machine.role, 'kms:GenerateDataKey*', 'kms:Decrypt');
  for (const [finding, reason] of Object.entries({
    'Resource::*':
      'CloudWatch Logs delivery and X-Ray calls of a state machine have no resource-level permissions (Step Functions developer guide, "IAM policies for logging to CloudWatch Logs").',
    'Action::kms:GenerateDataKey*':
      'kms:GenerateDataKey* is the documented form for publishing to an SNS topic encrypted with a customer-managed key; the grant names the topic key only.',
  })) {
    Validations.of(machine.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
  return machine;
}
