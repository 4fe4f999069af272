import { CLASSIFIERS, classify } from '../src/domain/classify';
import {
  API_CALL_DETAIL_TYPE,
  branchesOf,
  MAX_EVENT_PATTERN_LENGTH,
  SERVICE_EVENT_DETAIL_TYPE,
  TAMPER_EVENT_PATTERN,
  type TamperEventPattern,
  tamperEventPatterns,
  WATCHED_CALLS,
  watchedEventNames,
} from '../src/domain/tamper-events';
import { apiCall, type FixtureJson, fixture } from './fixtures';

/** Every (detail-type, source, event name) triple a pattern matches. */
const triplesOf = (patterns: readonly TamperEventPattern[]) =>
  patterns
    .flatMap(branchesOf)
    .flatMap((b) =>
      b.source.flatMap((source) =>
        b.detail.eventName.map((name) => `${b['detail-type'][0]} ${source} ${name}`),
      ),
    );
const watched = WATCHED_CALLS.flatMap((s) => [
  ...s.eventNames.map((name) => `${API_CALL_DETAIL_TYPE} ${s.source} ${name}`),
  ...(s.serviceEventNames ?? []).map((name) => `${SERVICE_EVENT_DETAIL_TYPE} ${s.source} ${name}`),
]);

/** Whether a pattern of exact values (all TrailGuard writes) matches an EventBridge event. */
const matches = (pattern: TamperEventPattern, event: FixtureJson) =>
  branchesOf(pattern).some(
    (b) =>
      b['detail-type'].includes(event['detail-type']) &&
      b.source.includes(event.source) &&
      b.detail.eventSource.includes(event.detail.eventSource) &&
      b.detail.eventName.includes(event.detail.eventName),
  );

describe('the watched calls, one definition for the rules and the handler', () => {
  it('are exactly these, per service: removing one must be a decision, not an accident', () => {
    expect(
      WATCHED_CALLS.map((s) => [
        s.source,
        s.eventSource,
        [...s.eventNames],
        [...(s.serviceEventNames ?? [])],
      ]),
    ).toEqual([
      [
        'aws.cloudtrail',
        'cloudtrail.amazonaws.com',
        [
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
        ],
        [],
      ],
      ['aws.kms', 'kms.amazonaws.com', ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'], []],
      [
        'aws.s3',
        's3.amazonaws.com',
        ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketLifecycle', 'PutBucketAcl', 'DeleteBucket'],
        [],
      ],
      ['aws.logs', 'logs.amazonaws.com', ['DeleteLogGroup', 'PutRetentionPolicy'], []],
      [
        'aws.organizations',
        'organizations.amazonaws.com',
        [
          'DisableAWSServiceAccess',
          'DeregisterDelegatedAdministrator',
          'RemoveAccountFromOrganization',
          'LeaveOrganization',
        ],
        ['AccountDepartedOrganization'],
      ],
    ]);
  });

  it('are exactly the events the handler classifies: nothing watched unclassified, nothing classified unwatched', () => {
    expect(new Set(CLASSIFIERS.keys())).toEqual(new Set(watchedEventNames()));
    expect(CLASSIFIERS.size).toBe(watchedEventNames().length);
  });

  it('fit one rule today: the pattern of every watched call, within EventBridge’s limit', () => {
    const patterns = tamperEventPatterns();
    expect(patterns).toEqual([TAMPER_EVENT_PATTERN]);
    expect(JSON.stringify(TAMPER_EVENT_PATTERN).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
    const [calls, serviceEvents, ...more] = branchesOf(TAMPER_EVENT_PATTERN);
    expect(more).toEqual([]);
    expect(calls?.['detail-type']).toEqual([API_CALL_DETAIL_TYPE]);
    expect(calls?.source).toEqual(['aws.cloudtrail', 'aws.kms', 'aws.s3', 'aws.logs', 'aws.organizations']);
    // Service events come from Organizations only: their branch names no other source.
    expect(serviceEvents).toEqual({
      source: ['aws.organizations'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: { eventSource: ['organizations.amazonaws.com'], eventName: ['AccountDepartedOrganization'] },
    });
  });

  it('match the departure service event and the calls, but no service event under a call’s name', () => {
    const departed = fixture('account-departed-organization.left');
    expect(matches(TAMPER_EVENT_PATTERN, departed)).toBe(true);
    expect(matches(TAMPER_EVENT_PATTERN, fixture('leave-organization.member-root'))).toBe(true);
    expect(
      matches(TAMPER_EVENT_PATTERN, {
        ...departed,
        detail: { ...departed.detail, eventName: 'LeaveOrganization' },
      }),
    ).toBe(false);
    expect(matches(TAMPER_EVENT_PATTERN, { ...departed, 'detail-type': API_CALL_DETAIL_TYPE })).toBe(false);
  });

  it.each([400, 250, 190])(
    'split into several rules when %i characters is the limit: each within it, each event in exactly one',
    (limit) => {
      const patterns = tamperEventPatterns(WATCHED_CALLS, limit);
      expect(patterns.length).toBeGreaterThan(1);
      for (const pattern of patterns) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(limit);
      const matched = triplesOf(patterns);
      expect(watched.filter((triple) => !matched.includes(triple))).toEqual([]);
      expect(
        patterns
          .flatMap(branchesOf)
          .flatMap((b) => b.detail.eventName)
          .sort(),
      ).toEqual(watchedEventNames().sort());
      // A service split by name is alone in its patterns, so no branch matches an unwatched pair.
      for (const b of patterns.flatMap(branchesOf)) {
        if (b.source.length > 1) {
          const whole = WATCHED_CALLS.filter((s) => b.source.includes(s.source));
          const names = (s: (typeof WATCHED_CALLS)[number]) =>
            b['detail-type'][0] === API_CALL_DETAIL_TYPE ? s.eventNames : (s.serviceEventNames ?? []);
          expect(b.detail.eventName).toEqual(whole.flatMap(names));
        }
      }
    },
  );

  it('refuses a limit that not even one call fits', () => {
    expect(() => tamperEventPatterns(WATCHED_CALLS, 180)).toThrow(/alone is too long/);
  });

  it('share no event name between services or kinds, so a combined branch matches only watched events', () => {
    const names = watchedEventNames();
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(watchedEventNames())('gives %s a classification of its own', (name) => {
    const verdict = classify(
      apiCall('stop-logging.sso-role', (raw) => {
        raw.detail.eventName = name;
      }),
      [],
    );
    // Calls on keys, buckets and log groups no trail uses are silent (null); none falls to "no response".
    expect(verdict?.remedy === null ? verdict.reason : '').not.toMatch(/has no response/);
  });
});
