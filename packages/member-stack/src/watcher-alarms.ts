import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALARM_NAMES, type CentralLocation, centralBusArn, TRAILGUARD_NAMES } from './names';

/** Properties of the alarms that watch the remediation function. */
export interface WatcherAlarmsProps {
  /** The remediation function. */
  readonly function: lambda.IFunction;
  /** Its dead-letter queue (shared with the rule targets). */
  readonly deadLetterQueue: sqs.IQueue;
  /** Where the central event bus lives. */
  readonly central: CentralLocation;
  /** The role EventBridge assumes to put events on the central bus. */
  readonly forwardRole: iam.IRole;
}

/** The alarms' window: a failure is reported within minutes, and once while it lasts. */
const PERIOD = Duration.minutes(5);

/**
 * Who watches the watcher: one alarm per way the function can fail without a notice (errors,
 * among them every notification it could not publish, and messages in its dead-letter queue),
 * each on a metric only AWS writes (an account admin can put any value into a custom namespace,
 * by PutMetricData or embedded-format logs, and so raise or cancel such an alarm), and a rule that sends
 * their state changes to the central bus. That path does not go through the function or its
 * publish, so it still works when they are what failed; the security account turns the
 * forwarded change into a notice on the topic.
 */
export class WatcherAlarms extends Construct {
  /** The alarms, by what they watch. */
  readonly alarms: Record<keyof typeof ALARM_NAMES, cloudwatch.Alarm>;
  /** The rule forwarding their state changes. */
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: WatcherAlarmsProps) {
    super(scope, id);
    const alarm = (key: keyof typeof ALARM_NAMES, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, key.charAt(0).toUpperCase() + key.slice(1), {
        alarmName: ALARM_NAMES[key],
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means nothing failed: a function that is never invoked has no errors.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const logs = `Its log group /aws/lambda/${TRAILGUARD_NAMES.function} in this account and region says why.`;
    this.alarms = {
      functionErrors: alarm(
        'functionErrors',
        props.function.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        `The TrailGuard function failed (a notice it could not publish — every failed publish fails the invocation —, a refused event, a crash); Lambda retries, then keeps the event in ${TRAILGUARD_NAMES.deadLetterQueue}. ${logs}`,
      ),
      deadLetters: alarm(
        'deadLetters',
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          statistic: 'Maximum',
        }),
        `Events TrailGuard gave up on wait in the queue ${TRAILGUARD_NAMES.deadLetterQueue}: something may have been stopped or weakened and not repaired. Read the messages, check the trails, then purge the queue.`,
      ),
    };

    // Entering ALARM, and leaving it: not the INSUFFICIENT_DATA → OK of every new alarm.
    this.rule = new events.Rule(this, 'StateChanges', {
      ruleName: TRAILGUARD_NAMES.alarmRule,
      description: "TrailGuard: its own alarms' state changes, to the central bus.",
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        detail: {
          // By name, not ARN: names are unique in an account and region, and the SCP keeps others
          // from changing these alarms (moto 5.2.5 also has no Fn::GetAtt Arn for an alarm).
          alarmName: Object.values(ALARM_NAMES),
          $or: [{ state: { value: ['ALARM'] } }, { previousState: { value: ['ALARM'] } }],
        },
      },
    });
    const centralBus = events.EventBus.fromEventBusArn(this, 'CentralBus', centralBusArn(props.central));
    this.rule.addTarget(
      new targets.EventBus(centralBus, { role: props.forwardRole, deadLetterQueue: props.deadLetterQueue }),
    );
  }
}
