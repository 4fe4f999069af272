import { API_CALL_DETAIL_TYPE, SERVICE_EVENT_DETAIL_TYPE } from './detail-types';

export { API_CALL_DETAIL_TYPE, SERVICE_EVENT_DETAIL_TYPE };

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
  /** API calls: they arrive as "AWS API Call via CloudTrail". */
  readonly eventNames: readonly string[];
  /** Service events: they arrive as "AWS Service Event via CloudTrail". @default none */
  readonly serviceEventNames?: readonly string[];
}

/**
 * Every call TrailGuard watches, by service: CloudTrail itself, then what a trail depends on — its
 * KMS key, its bucket, its CloudWatch Logs group — and the organization that runs organization
 * trails. (`PutBucketLifecycle` is how CloudTrail names PutBucketLifecycleConfiguration.)
 * `AccountDepartedOrganization` is the service event Organizations writes, in the management
 * account's us-east-1 history only, when an account leaves, is removed or is cleaned out after
 * closing: the one record of a departure that the management account's function can still report.
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
    serviceEventNames: ['AccountDepartedOrganization'],
  },
];

/** Every event name watched, API calls and service events. */
export const watchedEventNames = (services: readonly WatchedService[] = WATCHED_CALLS): string[] =>
  services.flatMap((s) => [...s.eventNames, ...(s.serviceEventNames ?? [])]);

/** An EventBridge event pattern for CloudTrail events of one detail-type. */
export interface CloudTrailPattern {
  readonly source: readonly string[];
  readonly 'detail-type': readonly [string];
  readonly detail: { readonly eventSource: readonly string[]; readonly eventName: readonly string[] };
}

/** A rule's pattern: one detail-type's, or API calls and service events joined by `$or`. */
export type TamperEventPattern = CloudTrailPattern | { readonly $or: readonly CloudTrailPattern[] };

/** The detail-type patterns a rule's pattern is made of. */
export const branchesOf = (pattern: TamperEventPattern): readonly CloudTrailPattern[] =>
  '$or' in pattern ? pattern.$or : [pattern];

function branch(
  services: readonly WatchedService[],
  detailType: string,
  names: (s: WatchedService) => readonly string[],
): CloudTrailPattern[] {
  const watching = services.filter((s) => names(s).length > 0);
  if (watching.length === 0) return [];
  return [
    {
      source: watching.map((s) => s.source),
      'detail-type': [detailType],
      detail: { eventSource: watching.map((s) => s.eventSource), eventName: watching.flatMap(names) },
    },
  ];
}

/**
 * The pattern matching the given calls. Failed calls match too (no `errorCode` filter), so attempts
 * are reported. Service events have a detail-type of their own, so they get a branch of their own.
 */
export function patternOf(services: readonly WatchedService[]): TamperEventPattern {
  const branches = [
    ...branch(services, API_CALL_DETAIL_TYPE, (s) => s.eventNames),
    ...branch(services, SERVICE_EVENT_DETAIL_TYPE, (s) => s.serviceEventNames ?? []),
  ];
  const [only] = branches;
  if (!only) throw new Error('a pattern needs at least one event name');
  return branches.length === 1 ? only : { $or: branches };
}

/** EventBridge rejects rule patterns longer than this many characters. */
export const MAX_EVENT_PATTERN_LENGTH = 4096;

/**
 * The patterns of the member rules: one when every watched call fits in `maxLength` characters;
 * otherwise whole services are packed into as few patterns as fit, and a service too long on its
 * own is split by event name into patterns of its own. Within a branch any listed source matches
 * any listed name; no two watched services share an event name, so that matches nothing unwatched.
 */
export function tamperEventPatterns(
  services: readonly WatchedService[] = WATCHED_CALLS,
  maxLength = MAX_EVENT_PATTERN_LENGTH,
): TamperEventPattern[] {
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

/** Halves a service's names (API calls first, then service events) until each piece fits. */
function splitService(
  service: WatchedService,
  fits: (g: readonly WatchedService[]) => boolean,
): WatchedService[] {
  if (fits([service])) return [service];
  const calls = service.eventNames;
  const events = service.serviceEventNames ?? [];
  const total = calls.length + events.length;
  if (total < 2) {
    throw new Error(`the pattern of ${service.source} ${calls[0] ?? events[0]} alone is too long`);
  }
  const half = Math.ceil(total / 2);
  const piece = (from: number, to: number): WatchedService => ({
    ...service,
    eventNames: calls.slice(from, to),
    serviceEventNames: events.slice(Math.max(0, from - calls.length), Math.max(0, to - calls.length)),
  });
  return [...splitService(piece(0, half), fits), ...splitService(piece(half, total), fits)];
}

/** The pattern of every watched call, as one rule carries it today (see tamperEventPatterns). */
export const TAMPER_EVENT_PATTERN = patternOf(WATCHED_CALLS);
