import { INCIDENT_DETAIL_TYPE, INCIDENT_SOURCE } from '@trailguard/core-handler/incident-event';
/**
 * Fixed physical names. Every member account computes the central ARNs from them, and the
 * prevention policy protects TrailGuard's own resources by the `trailguard-` prefix.
 */
export const TRAILGUARD_NAMES = {
  /** The central SNS topic in the security account's home region. */
  topic: 'trailguard-notifications',
  /** The central EventBridge bus in the security account's home region. */
  bus: 'trailguard-events',
  /** The remediation function in each member account and region. */
  function: 'trailguard-remediation',
  /** The EventBridge rule matching tamper events. */
  tamperRule: 'trailguard-tamper-events',
  /** The EventBridge rule that triggers the sweep. */
  sweepRule: 'trailguard-sweep',
  /** The dead-letter queue of the function and of the rule targets. */
  deadLetterQueue: 'trailguard-dead-letters',
  /** The function's DynamoDB table of short-lived state (claimed events, notice counts, the digest). */
  stateTable: 'trailguard-state',
  /** The rule that forwards the state changes of TrailGuard's own alarms to the central bus. */
  alarmRule: 'trailguard-alarm-state-changes',
  /** The rule on the central bus that turns those state changes into notices on the topic. */
  alarmNoticeRule: 'trailguard-alarm-notices',
  /** The state machine that publishes those notices with message attributes (for filter policies). */
  alarmNoticeStateMachine: 'trailguard-alarm-notices',
  /** The central topic the chat channel configuration subscribes to. */
  chatTopic: 'trailguard-chat',
  /** The rule on the central bus that sends incidents at or above the chat severity to that topic. */
  chatRule: 'trailguard-chat-incidents',
  /** The chat channel configurations (Slack, Microsoft Teams) in the security account. */
  chatConfiguration: 'trailguard',
  /** Prefix of every name TrailGuard gives a member resource. */
  prefix: 'trailguard-',
} as const;

/**
 * The alarms that watch the function itself, each on one way it can fail without a notice. A
 * notification that could not be published fails the invocation, so `functionErrors` sees it.
 */
export const ALARM_NAMES = {
  /** The function returned errors (a failed repair, a refused event, a crash). */
  functionErrors: 'trailguard-function-errors',
  /** Events or invocations were given up on and wait in the dead-letter queue. */
  deadLetters: 'trailguard-dead-letter-messages',
} as const;

/** What the handler puts on the central bus for every notification (its `detail` is the document). */
export const INCIDENT_EVENT = { source: INCIDENT_SOURCE, detailType: INCIDENT_DETAIL_TYPE } as const;

/** IAM names are global to an account, so every role name carries its region. */
export function remediationRoleName(region: string): string {
  return `trailguard-remediation-${region}`;
}

/** Name of the role EventBridge assumes to forward tamper events to the central bus. */
export function forwardRoleName(region: string): string {
  return `trailguard-forward-${region}`;
}

/** ARN pattern of an IAM role name (a pattern too, with `*`) in every account of the partition. */
export function roleArnPattern(roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::*:role/${roleName}`;
}

/**
 * The log groups of the remediation function begin with this name (it was the whole name before
 * log groups were retained); each stack's is `FUNCTION_LOG_GROUP/<stack id>`, see
 * `functionLogGroupName`.
 */
export const FUNCTION_LOG_GROUP = `/aws/lambda/${TRAILGUARD_NAMES.function}`;

/** Every log group of the remediation function, past and present, as an IAM resource pattern. */
export const FUNCTION_LOG_GROUP_PATTERN = `${FUNCTION_LOG_GROUP}*`;

/**
 * The log group of one member stack, named after the stack's unique id. The group is retained
 * when the stack goes, so a stack created again in that account and region (an account that
 * returns to the OUs, a deploy after a destroy) needs a name of its own.
 */
export function functionLogGroupName(stackUniqueId: string): string {
  return `${FUNCTION_LOG_GROUP}/${stackUniqueId}`;
}

/** Where the central resources live. */
export interface CentralLocation {
  /** The security account. */
  readonly account: string;
  /** The security account's home region. */
  readonly region: string;
  /** The AWS partition; @default 'aws' */
  readonly partition?: string;
}

/** ARN of the central notification topic. */
export function centralTopicArn(central: CentralLocation): string {
  return `arn:${central.partition ?? 'aws'}:sns:${central.region}:${central.account}:${TRAILGUARD_NAMES.topic}`;
}

/** ARN of the central event bus. */
export function centralBusArn(central: CentralLocation): string {
  return `arn:${central.partition ?? 'aws'}:events:${central.region}:${central.account}:event-bus/${TRAILGUARD_NAMES.bus}`;
}
