import { DEFAULT_SWEEP_INTERVAL_MINUTES } from '@trailguard/config/defaults';
import {
  MAX_EVENT_PATTERN_LENGTH,
  type TamperEventPattern,
  tamperEventPatterns,
} from '@trailguard/core-handler/tamper-events';
import { Aws, Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type CentralLocation, centralBusArn, forwardRoleName, TRAILGUARD_NAMES } from './names';

/** EventBridge rejects rule patterns longer than this many characters. */
export { MAX_EVENT_PATTERN_LENGTH };

/** Properties of the rules that feed the remediation function. */
export interface TamperRulesProps {
  /** The remediation function both rules invoke. */
  readonly function: lambda.IFunction;
  /** Queue for events that could not be delivered after the retries. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Where the central event bus lives. */
  readonly central: CentralLocation;
  /** Minutes between two sweeps of every trail. @default 10 */
  readonly sweepIntervalMinutes?: number;
  /** The patterns of the tamper rules, one rule each. @default tamperEventPatterns() */
  readonly eventPatterns?: readonly TamperEventPattern[];
}

/**
 * The rule on the default bus that sends tamper events to the function and to the central bus,
 * and the schedule that makes the function sweep every trail in case an event was missed.
 */
export class TamperRules extends Construct {
  /** The rule matching tamper events (failed attempts included): the first of `tamperRules`. */
  readonly tamperRule: events.Rule;
  /** Every tamper rule: more than one only when the watched calls pass one pattern's length limit. */
  readonly tamperRules: events.Rule[];
  /** The schedule of the sweep. */
  readonly sweepRule: events.Rule;
  /** The role EventBridge assumes to put events on the central bus. */
  readonly forwardRole: iam.Role;

  constructor(scope: Construct, id: string, props: TamperRulesProps) {
    super(scope, id);
    const delivery = {
      retryAttempts: 8,
      maxEventAge: Duration.hours(2),
      deadLetterQueue: props.deadLetterQueue,
    };

    // One rule per pattern of the single definition; the first keeps the id and name it always had.
    this.tamperRules = (props.eventPatterns ?? tamperEventPatterns()).map(
      (pattern, i) =>
        new events.Rule(this, i === 0 ? 'TamperEvents' : `TamperEvents${i + 1}`, {
          ruleName: i === 0 ? TRAILGUARD_NAMES.tamperRule : `${TRAILGUARD_NAMES.tamperRule}-${i + 1}`,
          description:
            'TrailGuard: calls that stop, delete or weaken CloudTrail logging or what it depends on (failed attempts too).',
          eventPattern: pattern as unknown as events.EventPattern,
        }),
    );
    this.tamperRule = this.tamperRules[0] as events.Rule;

    // The central bus grants PutEvents by aws:PrincipalOrgID, which EventBridge only satisfies
    // when the target has a role of this account.
    const forwardRole = new iam.Role(this, 'ForwardRole', {
      roleName: forwardRoleName(Aws.REGION),
      description: 'TrailGuard: lets EventBridge forward tamper events and its alarms to the central bus.',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
    });
    this.forwardRole = forwardRole;
    const centralBus = events.EventBus.fromEventBusArn(this, 'CentralBus', centralBusArn(props.central));
    for (const rule of this.tamperRules) {
      rule.addTarget(new targets.LambdaFunction(props.function, delivery));
      rule.addTarget(
        new targets.EventBus(centralBus, { role: forwardRole, deadLetterQueue: props.deadLetterQueue }),
      );
    }

    const minutes = props.sweepIntervalMinutes ?? DEFAULT_SWEEP_INTERVAL_MINUTES;
    this.sweepRule = new events.Rule(this, 'Sweep', {
      ruleName: TRAILGUARD_NAMES.sweepRule,
      description: `TrailGuard: checks every trail whose home is this region, every ${minutes} minute(s).`,
      schedule: events.Schedule.rate(Duration.minutes(minutes)),
    });
    // A missed sweep is replaced by the next one; retrying it for hours would only pile up.
    this.sweepRule.addTarget(
      new targets.LambdaFunction(props.function, {
        retryAttempts: 0,
        maxEventAge: Duration.minutes(Math.max(1, minutes)),
        deadLetterQueue: props.deadLetterQueue,
      }),
    );
  }
}
