// How bad each successful CloudTrail call is, and what, if anything, can undo it: one function per
// event name, chosen by classify.
import { type Assessment, type Severity, type Target, targetLabel } from './assessment';
import { KMS_CLASSIFIERS } from './classify-kms';
import { ORGANIZATION_CLASSIFIERS } from './classify-organizations';
import { STORAGE_CLASSIFIERS } from './classify-storage';
import { type ApiCallEvent, objectsParameter, stringParameter } from './event';
import { eventDataStoreRef, isTrailArn, trailRef } from './resources';
import { excludedManagementSources, recordsManagementEvents, selectorsFromRequest } from './selectors';
import { updateTrail } from './trail-settings';
import type { TrailSetup } from './trail-setup';
import { untrustedName, untrustedValue } from './untrusted';
import type { Classifier, Verdict } from './verdict';

export type { Verdict };

const WEAKENING_STORE_CHANGES: Readonly<Record<string, (value: unknown) => string | null>> = {
  multiRegionEnabled: (v) => (v === false ? 'multi-region collection turned off' : null),
  organizationEnabled: (v) => (v === false ? 'organization collection turned off' : null),
  terminationProtectionEnabled: (v) => (v === false ? 'termination protection turned off' : null),
  retentionPeriod: (v) => `retention set to ${untrustedName(String(v))} days`,
  kmsKeyId: (v) => (v ? `KMS key changed to ${untrustedName(String(v))}` : 'KMS encryption removed'),
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
    else changes.push(`${untrustedName(key)} set to ${untrustedValue(value)}`);
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

function stopLogging(event: ApiCallEvent): Verdict {
  const target = trailOf(event, 'name');
  if (target.kind !== 'trail') return unnamed(event, 'critical', target);
  const summary = `Logging stopped on ${targetLabel(target)}`;
  return { remedy: 'start-logging', assessment: assess('critical', summary, target) };
}

function putEventSelectors(event: ApiCallEvent): Verdict {
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
  // Excluding a source (KMS, RDS Data API) is a cost option AWS documents; it still blinds the trail
  // to those calls (a key of TrailGuard's own trail disabled, for one), so it is undone like the rest.
  const excluded = excludedManagementSources(selectors).map(untrustedName).join(', ');
  if (excluded) details.push(`management events of ${excluded} excluded`);
  const summary = `Management events no longer recorded by ${targetLabel(target)}`;
  return { remedy: 'restore-management-events', assessment: assess('high', summary, target, details) };
}

function stopIngestion(event: ApiCallEvent): Verdict {
  const target = storeOf(event);
  if (target.kind !== 'event-data-store') return unnamed(event, 'critical', target);
  const summary = `Ingestion stopped on ${targetLabel(target)}`;
  return { remedy: 'start-event-data-store-ingestion', assessment: assess('critical', summary, target) };
}

function deleteTrail(event: ApiCallEvent): Verdict {
  const target = trailOf(event, 'name');
  return report(
    assess('critical', `${targetLabel(target)} deleted`.replace(/^t/, 'T'), target),
    'a deleted trail cannot be recreated safely without its original configuration',
  );
}

function deleteEventDataStore(event: ApiCallEvent): Verdict {
  const target = storeOf(event);
  return report(
    assess(
      'critical',
      `Event data store ${target.kind === 'event-data-store' ? untrustedName(target.store.id) : ''} deleted`.trim(),
      target,
      [
        'A deleted event data store can be restored with RestoreEventDataStore during its 7-day waiting period.',
      ],
    ),
    'restoring a deleted event data store is left to a person',
  );
}

function updateEventDataStore(event: ApiCallEvent): Verdict {
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

function startLogging(event: ApiCallEvent): Verdict {
  const target = trailOf(event, 'name');
  return report(
    assess('info', `Logging started on ${targetLabel(target)}`, target),
    'logging was turned on, nothing to undo',
  );
}

function createTrail(event: ApiCallEvent): Verdict {
  const target = trailOf(event, 'name');
  return report(assess('low', `New ${targetLabel(target)} created`, target), 'a new trail adds logging');
}

function tagsChanged(event: ApiCallEvent): Verdict {
  const resource = stringParameter(event, 'resourceId');
  // Tags are set by ARN; a trail's ARN names the trail, so the document can say which.
  const target: Target =
    resource && isTrailArn(resource)
      ? { kind: 'trail', trail: trailRef(resource, event.region, event.account) }
      : { kind: 'unknown', name: resource };
  const keys = (objectsParameter(event, 'tagsList') ?? []).map((t) => untrustedName(String(t.key ?? '')));
  const verb = event.name === 'AddTags' ? 'added to' : 'removed from';
  return report(
    assess(
      'low',
      `Tags ${verb} ${resource === null ? 'a CloudTrail resource' : targetLabel(target)}`,
      target,
      keys.length ? [`tag keys: ${keys.join(', ')}`] : [],
    ),
    'tags do not change what is recorded',
  );
}

function putInsightSelectors(event: ApiCallEvent): Verdict {
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

const unknownCall = (event: ApiCallEvent): Verdict =>
  report(
    assess('info', `CloudTrail call ${untrustedName(event.name)}`, { kind: 'unknown', name: null }),
    `TrailGuard has no response for ${untrustedName(event.name)}`,
  );

/** The calls about what trails depend on: classifying them needs the trails' setups. */
export const NEEDS_TRAIL_SETUPS: ReadonlySet<string> = new Set(
  [...KMS_CLASSIFIERS, ...STORAGE_CLASSIFIERS].map(([name]) => name),
);

/**
 * Each watched event's classifier, by event name: exactly the names of WATCHED_CALLS (a test holds
 * them equal). A Map, not an object: an event name such as "constructor" must not find Object's methods.
 */
export const CLASSIFIERS: ReadonlyMap<string, Classifier<readonly TrailSetup[]>> = new Map([
  ...KMS_CLASSIFIERS,
  ...STORAGE_CLASSIFIERS,
  ...ORGANIZATION_CLASSIFIERS,
  ['StopLogging', stopLogging],
  ['PutEventSelectors', putEventSelectors],
  ['StopEventDataStoreIngestion', stopIngestion],
  ['DeleteTrail', deleteTrail],
  ['DeleteEventDataStore', deleteEventDataStore],
  ['UpdateTrail', updateTrail],
  ['UpdateEventDataStore', updateEventDataStore],
  ['StartLogging', startLogging],
  ['CreateTrail', createTrail],
  ['AddTags', tagsChanged],
  ['RemoveTags', tagsChanged],
  ['PutInsightSelectors', putInsightSelectors],
]);

/**
 * Rates a successful call and says what, if anything, can undo it; null when it touches nothing
 * TrailGuard protects (a key, bucket or log group no trail in `setups` uses).
 */
export function classify(event: ApiCallEvent, setups: readonly TrailSetup[] = []): Verdict | null {
  return (CLASSIFIERS.get(event.name) ?? unknownCall)(event, setups);
}
