import { VERIFY_CANARY_PREFIX } from '@trailguard/config/defaults';

/** A trail as the handler addresses it: in its home region, by name or ARN. */
export interface TrailRef {
  readonly name: string;
  /** The ARN when known (given by ARN, or built from account, region and name). */
  readonly arn: string;
  /** The trail's home region: the only region where StartLogging and friends succeed. */
  readonly region: string;
  /** The account that owns the trail. */
  readonly account: string;
}

/**
 * Whether a trail's name marks it as one of `trailguard verify`'s canaries. The name marks it and
 * exempts nothing: anyone may name a trail so (see verification.ts).
 */
export const isCanaryTrail = (trail: { readonly name: string }): boolean =>
  trail.name.startsWith(VERIFY_CANARY_PREFIX);

/** A CloudTrail Lake event data store. */
export interface EventDataStoreRef {
  /** The ARN or id exactly as given (both are accepted by the API). */
  readonly id: string;
  readonly arn: string | null;
  readonly region: string;
  readonly account: string;
}

const TRAIL_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;
const DATA_STORE_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):eventdatastore\/(.+)$/;

/** Whether a resource id is a trail's ARN (rather than an event data store's, or a name). */
export function isTrailArn(id: string): boolean {
  return TRAIL_ARN.test(id);
}

/** The partition of a region: ARNs built for it start `arn:<partition>:`. */
export const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

/**
 * The trail named in a call. An ARN carries its home region and owner; a plain name only works
 * in the trail's home region, so the region the call was made in is the home region.
 */
export function trailRef(nameOrArn: string, callRegion: string, callAccount: string): TrailRef {
  const match = TRAIL_ARN.exec(nameOrArn);
  if (match) {
    const [, , region, account, name] = match as unknown as [string, string, string, string, string];
    return { name, arn: nameOrArn, region, account };
  }
  return {
    name: nameOrArn,
    arn: `arn:${partitionOf(callRegion)}:cloudtrail:${callRegion}:${callAccount}:trail/${nameOrArn}`,
    region: callRegion,
    account: callAccount,
  };
}

/** The event data store named in a call, in its own region when given by ARN. */
export function eventDataStoreRef(
  idOrArn: string,
  callRegion: string,
  callAccount: string,
): EventDataStoreRef {
  const match = DATA_STORE_ARN.exec(idOrArn);
  if (match) return { id: idOrArn, arn: idOrArn, region: match[2] as string, account: match[3] as string };
  return { id: idOrArn, arn: null, region: callRegion, account: callAccount };
}

/** The account id in an ARN, or null. */
export const arnAccount = (arn: string): string | null =>
  /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? null;

/** The AWS console page of a trail, in its home region. */
export function trailConsoleUrl(trail: TrailRef): string {
  return `https://${trail.region}.console.aws.amazon.com/cloudtrailv2/home?region=${trail.region}#/trails/${encodeURIComponent(trail.arn)}`;
}

/** The AWS console page of CloudTrail Lake's event data stores in a region. */
export function dataStoreConsoleUrl(store: EventDataStoreRef): string {
  return `https://${store.region}.console.aws.amazon.com/cloudtrailv2/home?region=${store.region}#/lake/eventDataStores`;
}

/** Whether an ARN matches one of the patterns, where `*` stands for any run of characters. */
export function matchesAnyPattern(arn: string | null, patterns: readonly string[]): boolean {
  if (!arn) return false;
  return patterns.some((pattern) => {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${source}$`).test(arn);
  });
}

/**
 * Whether a change by this actor is exempt (EXEMPT_PRINCIPALS): its own ARN or, for a role
 * session, the issuing role's ARN matches a pattern. One rule for the event path and the sweep.
 */
export const isExemptActor = (
  actor: { readonly arn: string | null; readonly issuerArn: string | null },
  patterns: readonly string[],
): boolean => matchesAnyPattern(actor.arn, patterns) || matchesAnyPattern(actor.issuerArn, patterns);
