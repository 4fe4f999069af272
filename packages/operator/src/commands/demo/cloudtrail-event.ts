import { randomUUID } from 'node:crypto';

/** Who made an API call, as CloudTrail records an assumed-role session. */
export interface AssumedRoleActor {
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>` */
  readonly arn: string;
  /** `AROA…:<session>` */
  readonly principalId: string;
  /** `arn:aws:iam::<account>:role/<role>` */
  readonly roleArn: string;
  readonly accountId: string;
  readonly accessKeyId: string;
}

/** One API call to be delivered as EventBridge delivers CloudTrail's record of it. */
export interface ApiCall {
  readonly eventName: string;
  readonly account: string;
  readonly region: string;
  readonly time: Date;
  readonly actor: AssumedRoleActor;
  readonly sourceIPAddress: string;
  readonly userAgent: string;
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** Ids of one delivered event: the EventBridge envelope, the CloudTrail event and the request. */
export interface EventIds {
  readonly envelope: string;
  readonly event: string;
  readonly request: string;
}

/**
 * The "AWS API Call via CloudTrail" event EventBridge puts on the default bus of the account and
 * region where the call was made — the shape the tamper rule matches and the handler parses.
 */
export function cloudTrailApiCallEvent(
  call: ApiCall,
  ids: EventIds = { envelope: randomUUID(), event: randomUUID(), request: randomUUID() },
) {
  const time = call.time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const roleName = call.actor.roleArn.split('/').pop() ?? '';
  return {
    version: '0',
    id: ids.envelope,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.cloudtrail',
    account: call.account,
    time,
    region: call.region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: call.actor.principalId,
        arn: call.actor.arn,
        accountId: call.actor.accountId,
        accessKeyId: call.actor.accessKeyId,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: call.actor.principalId.split(':')[0],
            arn: call.actor.roleArn,
            accountId: call.actor.accountId,
            userName: roleName,
          },
          attributes: { creationDate: time, mfaAuthenticated: 'false' },
        },
      },
      eventTime: time,
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: call.eventName,
      awsRegion: call.region,
      sourceIPAddress: call.sourceIPAddress,
      userAgent: call.userAgent,
      ...(call.errorCode ? { errorCode: call.errorCode, errorMessage: call.errorMessage ?? '' } : {}),
      requestParameters: call.requestParameters,
      responseElements: call.responseElements ?? null,
      requestID: ids.request,
      eventID: ids.event,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: call.account,
      eventCategory: 'Management',
      tlsDetails: {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: `cloudtrail.${call.region}.amazonaws.com`,
      },
    },
  };
}
