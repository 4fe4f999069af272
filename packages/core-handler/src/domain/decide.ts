import { type ApiCallEvent, objectsParameter, stringParameter } from './event';
import {
  type EventDataStoreRef,
  eventDataStoreRef,
  isExemptActor,
  isTrailArn,
  type TrailRef,
  trailRef,
} from './resources';
import { recordsManagementEvents, selectorsFromRequest } from './selectors';
import type { Settings } from './settings';

/** How urgent a notification is (the JSON document's `severity`). */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** What TrailGuard can undo. */
export type Remedy = 'start-logging' | 'restore-management-events' | 'start-event-data-store-ingestion';

/** What a change touched. */
export type Target =
  | { readonly kind: 'trail'; readonly trail: TrailRef }
  | { readonly kind: 'event-data-store'; readonly store: EventDataStoreRef }
  | { readonly kind: 'unknown'; readonly name: string | null };

/** How bad a change is, in words and as a severity. */
export interface Assessment {
  readonly severity: Severity;
  /** One line: what happened. */
  readonly summary: string;
  readonly target: Target;
  /** Further facts worth reading, such as the attributes an UpdateTrail changed. */
  readonly details: readonly string[];
}

/** What to do about an event: stay silent, undo it, or report it untouched. */
export type Decision =
  | { readonly kind: 'silent'; readonly reason: string }
  | { readonly kind: 'remediate'; readonly remedy: Remedy; readonly assessment: Assessment }
  | {
      readonly kind: 'report';
      readonly assessment: Assessment;
      readonly action: Remedy | 'none';
      readonly outcome: 'skipped' | 'not-applicable';
      readonly reason: string;
    };

type Verdict =
  | { remedy: Remedy; assessment: Assessment }
  | { remedy: null; assessment: Assessment; reason: string };

const WEAKENING_TRAIL_CHANGES: Readonly<Record<string, (value: unknown) => string | null>> = {
  isMultiRegionTrail: (v) => (v === false ? 'multi-region logging turned off' : null),
  enableLogFileValidation: (v) => (v === false ? 'log file validation turned off' : null),
  includeGlobalServiceEvents: (v) =>
    v === false ? 'global service events (IAM, STS) no longer recorded' : null,
  isOrganizationTrail: (v) => (v === false ? 'no longer an organization trail' : null),
  s3BucketName: (v) => `log bucket changed to ${String(v)}`,
  kmsKeyId: (v) => (v ? `KMS key changed to ${String(v)}` : 'KMS encryption removed'),
  cloudWatchLogsLogGroupArn: (v) => (v ? null : 'CloudWatch Logs delivery removed'),
};

const WEAKENING_STORE_CHANGES: Readonly<Record<string, (value: unknown) => string | null>> = {
  multiRegionEnabled: (v) => (v === false ? 'multi-region collection turned off' : null),
  organizationEnabled: (v) => (v === false ? 'organization collection turned off' : null),
  terminationProtectionEnabled: (v) => (v === false ? 'termination protection turned off' : null),
  retentionPeriod: (v) => `retention set to ${String(v)} days`,
  kmsKeyId: (v) => (v ? `KMS key changed to ${String(v)}` : 'KMS encryption removed'),
  advancedEventSelectors: () => 'event selectors changed',
};

function changedAttributes(
  event: ApiCallEvent,
  weakening: Readonly<Record<string, (value: unknown) => string | null>>,
  identityKeys: readonly string[],
): { changes: string[]; weakening: string[] } {
  const changes: string[] = [];
  const weak: string[] = [];
  for (const [key, value] of Object.entries(event.parameters ?? {})) {
    if (identityKeys.includes(key)) continue;
    const rating = weakening[key]?.(value) ?? null;
    if (rating) weak.push(rating);
    else changes.push(`${key} set to ${JSON.stringify(value)}`);
  }
  return { changes, weakening: weak };
}

function trailOf(event: ApiCallEvent, key: string): Target {
  const name = stringParameter(event, key);
  return name
    ? { kind: 'trail', trail: trailRef(name, event.region, event.account) }
    : { kind: 'unknown', name: null };
}

function storeOf(event: ApiCallEvent): Target {
  const id = stringParameter(event, 'eventDataStore');
  return id
    ? { kind: 'event-data-store', store: eventDataStoreRef(id, event.region, event.account) }
    : { kind: 'unknown', name: null };
}

/** A readable name of a target, for summaries. */
export function targetLabel(target: Target): string {
  if (target.kind === 'trail') return `trail ${target.trail.name}`;
  if (target.kind === 'event-data-store') return `event data store ${target.store.id}`;
  return target.name ? `resource ${target.name}` : 'an unnamed resource';
}

const assess = (severity: Severity, summary: string, target: Target, details: string[] = []): Assessment => ({
  severity,
  summary,
  target,
  details,
});

const report = (assessment: Assessment, reason: string): Verdict => ({ remedy: null, assessment, reason });

/**
 * A call that should name its trail or event data store but does not (CloudTrail recorded
 * `requestParameters` as null or omitted): nothing is claimed about any resource's state.
 */
function unnamed(event: ApiCallEvent, severity: Severity, target: Target): Verdict {
  const store = event.name === 'StopEventDataStoreIngestion';
  const what = store ? 'event data store' : 'trail';
  return report(
    assess(severity, `${event.name} succeeded; the event omits which ${what}`, target, [
      'CloudTrail recorded the call without its request parameters',
    ]),
    store
      ? 'the event omits the event data store, and the sweep checks trails only: check this region’s event data stores in the console'
      : 'the event omits the trail; the next sweep checks every trail of this region',
  );
}

/** Rates a successful call and says what, if anything, can undo it. */
function classify(event: ApiCallEvent): Verdict {
  switch (event.name) {
    case 'StopLogging': {
      const target = trailOf(event, 'name');
      if (target.kind !== 'trail') return unnamed(event, 'critical', target);
      const summary = `Logging stopped on ${targetLabel(target)}`;
      return { remedy: 'start-logging', assessment: assess('critical', summary, target) };
    }
    case 'PutEventSelectors': {
      const target = trailOf(event, 'trailName');
      if (target.kind !== 'trail') return unnamed(event, 'medium', target);
      const basic = objectsParameter(event, 'eventSelectors');
      const advanced = objectsParameter(event, 'advancedEventSelectors');
      if (basic === null && advanced === null) {
        // Nothing says what was set: restoreManagement reads GetEventSelectors before it changes
        // anything, and the response says what it found.
        return {
          remedy: 'restore-management-events',
          assessment: assess(
            'medium',
            `Event selectors changed on ${targetLabel(target)}; CloudTrail omitted the selectors`,
            target,
            [
              'the event does not say which selectors were set; GetEventSelectors is read before anything changes',
            ],
          ),
        };
      }
      const selectors = selectorsFromRequest(basic, advanced);
      const kind = selectors.advanced.length > 0 ? 'advanced' : 'basic';
      const count = selectors.advanced.length + selectors.basic.length;
      const details = [`${count} ${kind} event selector(s) set`];
      if (recordsManagementEvents(selectors)) {
        const summary = `Event selectors changed on ${targetLabel(target)}; management events still recorded`;
        return report(assess('low', summary, target, details), 'management events are still recorded');
      }
      const summary = `Management events no longer recorded by ${targetLabel(target)}`;
      return { remedy: 'restore-management-events', assessment: assess('high', summary, target, details) };
    }
    case 'StopEventDataStoreIngestion': {
      const target = storeOf(event);
      if (target.kind !== 'event-data-store') return unnamed(event, 'critical', target);
      const summary = `Ingestion stopped on ${targetLabel(target)}`;
      return { remedy: 'start-event-data-store-ingestion', assessment: assess('critical', summary, target) };
    }
    case 'DeleteTrail': {
      const target = trailOf(event, 'name');
      return report(
        assess('critical', `${targetLabel(target)} deleted`.replace(/^t/, 'T'), target),
        'a deleted trail cannot be recreated safely without its original configuration',
      );
    }
    case 'DeleteEventDataStore': {
      const target = storeOf(event);
      return report(
        assess(
          'critical',
          `Event data store ${target.kind === 'event-data-store' ? target.store.id : ''} deleted`.trim(),
          target,
          [
            'A deleted event data store can be restored with RestoreEventDataStore during its 7-day waiting period.',
          ],
        ),
        'restoring a deleted event data store is left to a person',
      );
    }
    case 'UpdateTrail': {
      const target = trailOf(event, 'name');
      const { changes, weakening } = changedAttributes(event, WEAKENING_TRAIL_CHANGES, ['name']);
      const severity = weakening.length > 0 ? 'high' : 'medium';
      const what = weakening.length > 0 ? `weakened (${weakening.join('; ')})` : 'changed';
      return report(
        assess(severity, `${targetLabel(target)} ${what}`.replace(/^t/, 'T'), target, [
          ...weakening,
          ...changes,
        ]),
        'trail settings are reported, not reverted: the previous values are not in the event',
      );
    }
    case 'UpdateEventDataStore': {
      const target = storeOf(event);
      const { changes, weakening } = changedAttributes(event, WEAKENING_STORE_CHANGES, ['eventDataStore']);
      const severity = weakening.length > 0 ? 'high' : 'medium';
      return report(
        assess(
          severity,
          `${targetLabel(target)} ${weakening.length > 0 ? 'weakened' : 'changed'}`.replace(/^e/, 'E'),
          target,
          [...weakening, ...changes],
        ),
        'event data store settings are reported, not reverted',
      );
    }
    case 'StartLogging': {
      const target = trailOf(event, 'name');
      return report(
        assess('info', `Logging started on ${targetLabel(target)}`, target),
        'logging was turned on, nothing to undo',
      );
    }
    case 'CreateTrail': {
      const target = trailOf(event, 'name');
      return report(assess('low', `New ${targetLabel(target)} created`, target), 'a new trail adds logging');
    }
    case 'AddTags':
    case 'RemoveTags': {
      const resource = stringParameter(event, 'resourceId');
      // Tags are set by ARN; a trail's ARN names the trail, so the document can say which.
      const target: Target =
        resource && isTrailArn(resource)
          ? { kind: 'trail', trail: trailRef(resource, event.region, event.account) }
          : { kind: 'unknown', name: resource };
      const keys = (objectsParameter(event, 'tagsList') ?? []).map((t) => String(t.key ?? ''));
      const verb = event.name === 'AddTags' ? 'added to' : 'removed from';
      return report(
        assess(
          'low',
          `Tags ${verb} ${resource ?? 'a CloudTrail resource'}`,
          target,
          keys.length ? [`tag keys: ${keys.join(', ')}`] : [],
        ),
        'tags do not change what is recorded',
      );
    }
    case 'PutInsightSelectors': {
      const target = trailOf(event, 'trailName');
      const selectors = objectsParameter(event, 'insightSelectors') ?? [];
      const off = event.parameters !== null && selectors.length === 0;
      return report(
        assess(
          off ? 'medium' : 'low',
          `Insights ${off ? 'turned off' : 'changed'} on ${targetLabel(target)}`,
          target,
          [`${selectors.length} insight selector(s) set`],
        ),
        'Insights settings are reported, not reverted',
      );
    }
    default:
      return report(
        assess('info', `CloudTrail call ${event.name}`, { kind: 'unknown', name: null }),
        `TrailGuard has no response for ${event.name}`,
      );
  }
}

/** Decides what to do about one CloudTrail API call. Pure: the settings carry the environment. */
export function decide(event: ApiCallEvent, settings: Settings): Decision {
  const { actor } = event;
  // SELF_ROLE_ARN may use `*`: the function of another region acting on a trail homed here is
  // recorded here too (the member stack names every region's role trailguard-remediation-*).
  if (settings.selfRoleArn && isExemptActor(actor, [settings.selfRoleArn])) {
    return { kind: 'silent', reason: 'an echo of TrailGuard’s own call' };
  }
  if (event.errorCode) {
    const verdict = classify({ ...event, errorCode: null });
    // An attempt on something that matters is worth a look even though nothing changed.
    const serious = verdict.assessment.severity === 'critical' || verdict.assessment.severity === 'high';
    const severity: Severity = serious ? 'high' : 'medium';
    return {
      kind: 'report',
      assessment: {
        ...verdict.assessment,
        severity,
        summary: `Failed attempt: ${event.name} (${event.errorCode})${
          verdict.assessment.target.kind === 'unknown' ? '' : ` on ${targetLabel(verdict.assessment.target)}`
        }`,
      },
      action: 'none',
      outcome: 'not-applicable',
      reason: `the call failed with ${event.errorCode}; nothing was changed`,
    };
  }
  const verdict = classify(event);
  if (verdict.remedy === null) {
    return {
      kind: 'report',
      assessment: verdict.assessment,
      action: 'none',
      outcome: 'not-applicable',
      reason: verdict.reason,
    };
  }
  const { assessment, remedy } = verdict;
  const owner =
    assessment.target.kind === 'trail'
      ? assessment.target.trail.account
      : assessment.target.kind === 'event-data-store'
        ? assessment.target.store.account
        : event.account;
  if (owner !== event.account) {
    return {
      kind: 'report',
      assessment,
      action: remedy,
      outcome: 'skipped',
      reason: `the resource belongs to account ${owner}, not this one`,
    };
  }
  if (isExemptActor(actor, settings.exemptPrincipals)) {
    return {
      kind: 'report',
      assessment,
      action: remedy,
      outcome: 'skipped',
      reason: 'the actor is exempt (EXEMPT_PRINCIPALS)',
    };
  }
  if (settings.mode === 'notify-only') {
    return {
      kind: 'report',
      assessment,
      action: remedy,
      outcome: 'skipped',
      reason: 'REMEDIATION_MODE is notify-only',
    };
  }
  return { kind: 'remediate', remedy, assessment };
}
