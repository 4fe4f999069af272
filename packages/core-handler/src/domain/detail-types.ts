// The EventBridge detail-types of CloudTrail records, in a module of their own: the parser needs
// them, and importing them from tamper-events.ts would put the watched list and its pattern into
// the handler bundle.

/** The EventBridge `detail-type` of CloudTrail's record of an API call. */
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
/**
 * The EventBridge `detail-type` of an event an AWS service writes to CloudTrail itself, with no API
 * call behind it (CloudTrail `eventType` AwsServiceEvent; its details in `serviceEventDetails`).
 */
export const SERVICE_EVENT_DETAIL_TYPE = 'AWS Service Event via CloudTrail';
