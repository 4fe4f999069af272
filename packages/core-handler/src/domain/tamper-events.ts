/**
 * The CloudTrail and CloudTrail Lake API calls that stop, delete or weaken audit logging.
 * This list is the single definition: the member stack's EventBridge rule and the handler's
 * classification both come from it.
 */
export const TAMPER_EVENT_NAMES = [
  'StopLogging',
  'StartLogging',
  'UpdateTrail',
  'DeleteTrail',
  'CreateTrail',
  'AddTags',
  'RemoveTags',
  'PutEventSelectors',
  'PutInsightSelectors',
  'StopEventDataStoreIngestion',
  'UpdateEventDataStore',
  'DeleteEventDataStore',
] as const;

/** One of the API calls TrailGuard watches. */
export type TamperEventName = (typeof TAMPER_EVENT_NAMES)[number];

/**
 * The EventBridge event pattern of the member rule. Failed calls match too (no `errorCode`
 * filter), so attempts are reported.
 */
export const TAMPER_EVENT_PATTERN = {
  source: ['aws.cloudtrail'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: ['cloudtrail.amazonaws.com'],
    eventName: [...TAMPER_EVENT_NAMES],
  },
} as const;
