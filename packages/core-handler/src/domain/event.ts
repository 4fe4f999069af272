// Input parsing. Hand-written guards rather than zod: zod/mini schemas as tolerant as these guards
// put the bundle at 57,794 bytes, and even stricter ones at 43,054, over the 40,960-byte budget
// (measurements in README). Tolerant by design: real CloudTrail records miss optional fields,
// carry `requestParameters: null` on failed calls, and gain fields with every eventVersion.

import { API_CALL_DETAIL_TYPE, SERVICE_EVENT_DETAIL_TYPE } from './detail-types';

type Json = Record<string, unknown>;

/** Who made the call, as CloudTrail's `userIdentity` says. */
export interface Actor {
  readonly type: string;
  readonly arn: string | null;
  readonly accountId: string | null;
  /** The role behind an assumed-role session (what SELF_ROLE_ARN and EXEMPT_PRINCIPALS match too). */
  readonly issuerArn: string | null;
  /** `true`/`false` when CloudTrail says whether MFA was used, otherwise null. */
  readonly mfaAuthenticated: boolean | null;
  /** The AWS service that made the call for an `AWSService` identity. */
  readonly invokedBy: string | null;
}

/**
 * A CloudTrail record delivered by EventBridge: an API call ("AWS API Call via CloudTrail"), or an
 * event a service wrote itself ("AWS Service Event via CloudTrail"), handled alike.
 */
export interface ApiCallEvent {
  readonly kind: 'api-call';
  /** The EventBridge event id. */
  readonly id: string;
  readonly eventId: string;
  readonly name: string;
  readonly time: string;
  /** The account the call was made in (recipientAccountId, else EventBridge's `account`). */
  readonly account: string;
  /** The region the call was made in (awsRegion). */
  readonly region: string;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly actor: Actor;
  /**
   * `requestParameters` (a service event's `serviceEventDetails`), or null when absent, null or
   * `{"omitted": true}`.
   */
  readonly parameters: Json | null;
  /** CloudTrail's `resources` (objects with `ARN`, `accountId`, `type`); empty when absent. */
  readonly resources: readonly Json[];
}

/** An EventBridge "Scheduled Event": time to sweep this account and region. */
export interface ScheduledEvent {
  readonly kind: 'scheduled';
  readonly id: string;
  readonly time: string;
  readonly account: string;
  readonly region: string;
}

/** What the handler was invoked with, once recognised. */
export type InboundEvent = ApiCallEvent | ScheduledEvent;

/** The result of parsing: a recognised event, or why the input was not one. */
export type ParseResult = { ok: true; event: InboundEvent } | { ok: false; reason: string };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Reads CloudTrail's `userIdentity`; missing parts become null. */
export function parseActor(value: unknown): Actor {
  const identity = isObject(value) ? value : {};
  const session = isObject(identity.sessionContext) ? identity.sessionContext : {};
  const issuer = isObject(session.sessionIssuer) ? session.sessionIssuer : {};
  const attributes = isObject(session.attributes) ? session.attributes : {};
  const mfa = attributes.mfaAuthenticated;
  return {
    type: str(identity.type) ?? 'Unknown',
    arn: str(identity.arn),
    accountId: str(identity.accountId),
    issuerArn: str(issuer.arn),
    mfaAuthenticated: mfa === true || mfa === 'true' ? true : mfa === false || mfa === 'false' ? false : null,
    invokedBy: str(identity.invokedBy),
  };
}

/** Recognises an EventBridge event; never throws. */
export function parseEvent(input: unknown): ParseResult {
  if (!isObject(input)) return { ok: false, reason: 'the input is not a JSON object' };
  const detailType = input['detail-type'];
  const id = str(input.id) ?? 'unknown';
  if (detailType === 'Scheduled Event') {
    const account = str(input.account);
    const region = str(input.region);
    if (!account || !region) return { ok: false, reason: 'a Scheduled Event without account or region' };
    return { ok: true, event: { kind: 'scheduled', id, time: str(input.time) ?? '', account, region } };
  }
  if (detailType !== API_CALL_DETAIL_TYPE && detailType !== SERVICE_EVENT_DETAIL_TYPE) {
    return { ok: false, reason: `unsupported detail-type ${JSON.stringify(detailType ?? null)}` };
  }
  const detail = input.detail;
  if (!isObject(detail)) return { ok: false, reason: 'a CloudTrail event without detail' };
  const name = str(detail.eventName);
  const account = str(detail.recipientAccountId) ?? str(input.account);
  const region = str(detail.awsRegion) ?? str(input.region);
  if (!name || !account || !region) {
    return { ok: false, reason: 'a CloudTrail event without eventName, account or region' };
  }
  const given =
    detailType === SERVICE_EVENT_DETAIL_TYPE ? detail.serviceEventDetails : detail.requestParameters;
  const parameters = isObject(given) && given.omitted !== true ? given : null;
  return {
    ok: true,
    event: {
      kind: 'api-call',
      id,
      eventId: str(detail.eventID) ?? id,
      name,
      time: str(detail.eventTime) ?? str(input.time) ?? '',
      account,
      region,
      sourceIp: str(detail.sourceIPAddress),
      userAgent: str(detail.userAgent),
      errorCode: str(detail.errorCode),
      errorMessage: str(detail.errorMessage),
      actor: parseActor(detail.userIdentity),
      parameters,
      resources: Array.isArray(detail.resources) ? detail.resources.filter(isObject) : [],
    },
  };
}

/** A string request parameter, or null. */
export const stringParameter = (event: ApiCallEvent, key: string): string | null =>
  str(event.parameters?.[key]);

/** An array request parameter of objects, or null when absent. */
export function objectsParameter(event: ApiCallEvent, key: string): Json[] | null {
  const value = event.parameters?.[key];
  return Array.isArray(value) ? value.filter(isObject) : null;
}

export { isObject, str };
