/**
 * The CloudTrail and CloudTrail Lake API calls that stop, delete or weaken audit logging.
 * This list and WATCHED_CALLS are the single definition: the member stack's EventBridge rules and
 * the handler's classification both come from them.
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

/** One of the CloudTrail API calls TrailGuard watches. */
export type TamperEventName = (typeof TAMPER_EVENT_NAMES)[number];

/** The calls TrailGuard watches from one AWS service, as EventBridge names its source. */
export interface WatchedService {
  /** EventBridge's `source`, such as `aws.kms`. */
  readonly source: string;
  /** CloudTrail's `eventSource`, such as `kms.amazonaws.com`. */
  readonly eventSource: string;
  readonly eventNames: readonly string[];
}

/**
 * Every call TrailGuard watches, by service: CloudTrail itself, then what a trail depends on — its
 * KMS key, its bucket, its CloudWatch Logs group — and the organization that runs organization
 * trails. All arrive as "AWS API Call via CloudTrail". (`PutBucketLifecycle` is how CloudTrail
 * names PutBucketLifecycleConfiguration.)
 */
export const WATCHED_CALLS: readonly WatchedService[] = [
  { source: 'aws.cloudtrail', eventSource: 'cloudtrail.amazonaws.com', eventNames: TAMPER_EVENT_NAMES },
  {
    source: 'aws.kms',
    eventSource: 'kms.amazonaws.com',
    eventNames: ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'],
  },
  {
    source: 'aws.s3',
    eventSource: 's3.amazonaws.com',
    eventNames: [
      'PutBucketPolicy',
      'DeleteBucketPolicy',
      'PutBucketLifecycle',
      'PutBucketAcl',
      'DeleteBucket',
    ],
  },
  {
    source: 'aws.logs',
    eventSource: 'logs.amazonaws.com',
    eventNames: ['DeleteLogGroup', 'PutRetentionPolicy'],
  },
  {
    source: 'aws.organizations',
    eventSource: 'organizations.amazonaws.com',
    eventNames: [
      'DisableAWSServiceAccess',
      'DeregisterDelegatedAdministrator',
      'RemoveAccountFromOrganization',
      'LeaveOrganization',
    ],
  },
];

/** An EventBridge event pattern for "AWS API Call via CloudTrail" events. */
export interface ApiCallPattern {
  readonly source: readonly string[];
  readonly 'detail-type': readonly ['AWS API Call via CloudTrail'];
  readonly detail: { readonly eventSource: readonly string[]; readonly eventName: readonly string[] };
}

/** The pattern matching the given calls. Failed calls match too (no `errorCode` filter), so attempts are reported. */
export function patternOf(services: readonly WatchedService[]): ApiCallPattern {
  return {
    source: services.map((s) => s.source),
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: {
      eventSource: services.map((s) => s.eventSource),
      eventName: services.flatMap((s) => s.eventNames),
    },
  };
}

/** EventBridge rejects rule patterns longer than this many characters. */
export const MAX_EVENT_PATTERN_LENGTH = 4096;

/**
 * The patterns of the member rules: one when every watched call fits in `maxLength` characters;
 * otherwise whole services are packed into as few patterns as fit, and a service too long on its
 * own is split by event name into patterns of its own. Within a pattern any listed source matches
 * any listed name; no two watched services share an event name, so that matches nothing unwatched.
 */
export function tamperEventPatterns(
  services: readonly WatchedService[] = WATCHED_CALLS,
  maxLength = MAX_EVENT_PATTERN_LENGTH,
): ApiCallPattern[] {
  const fits = (group: readonly WatchedService[]) => JSON.stringify(patternOf(group)).length <= maxLength;
  const patterns: WatchedService[][] = [];
  let open: WatchedService[] | null = null;
  for (const service of services) {
    if (!fits([service])) {
      patterns.push(...splitService(service, fits).map((piece) => [piece]));
      open = null;
    } else if (open && fits([...open, service])) {
      open.push(service);
    } else {
      open = [service];
      patterns.push(open);
    }
  }
  return patterns.map(patternOf);
}

function splitService(
  service: WatchedService,
  fits: (g: readonly WatchedService[]) => boolean,
): WatchedService[] {
  if (fits([service])) return [service];
  const names = service.eventNames;
  if (names.length < 2) throw new Error(`the pattern of ${service.source} ${names[0]} alone is too long`);
  const half = Math.ceil(names.length / 2);
  return [
    ...splitService({ ...service, eventNames: names.slice(0, half) }, fits),
    ...splitService({ ...service, eventNames: names.slice(half) }, fits),
  ];
}

/** The pattern of every watched call, as one rule carries it today (see tamperEventPatterns). */
export const TAMPER_EVENT_PATTERN = patternOf(WATCHED_CALLS);
