export { HANDLER_BUNDLE_FILE, readHandlerBundle } from './handler-code';
export { MemberResources, type MemberResourcesProps, memberResourcesProps } from './member-resources';
export {
  ALARM_NAMES,
  type CentralLocation,
  centralBusArn,
  centralTopicArn,
  FUNCTION_LOG_GROUP,
  FUNCTION_LOG_GROUP_PATTERN,
  forwardRoleName,
  functionLogGroupName,
  INCIDENT_EVENT,
  remediationRoleName,
  roleArnPattern,
  TRAILGUARD_NAMES,
} from './names';
export { RemediationFunction, type RemediationFunctionProps } from './remediation-function';
export { MAX_EVENT_PATTERN_LENGTH, TamperRules, type TamperRulesProps } from './tamper-rules';
export { WatcherAlarms, type WatcherAlarmsProps } from './watcher-alarms';
