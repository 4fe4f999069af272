import { classify } from '../src/domain/classify';
import {
  type ApiCallPattern,
  MAX_EVENT_PATTERN_LENGTH,
  TAMPER_EVENT_PATTERN,
  tamperEventPatterns,
  WATCHED_CALLS,
} from '../src/domain/tamper-events';
import { apiCall } from './fixtures';

/** Every (source, event name) pair a pattern matches. */
const pairsOf = (patterns: readonly ApiCallPattern[]) =>
  patterns.flatMap((p) =>
    p.source.flatMap((source) => p.detail.eventName.map((name) => `${source} ${name}`)),
  );
const watched = WATCHED_CALLS.flatMap((s) => s.eventNames.map((name) => `${s.source} ${name}`));

describe('the watched calls, one definition for the rules and the handler', () => {
  it('fit one rule today: the pattern of every watched call, within EventBridge’s limit', () => {
    const patterns = tamperEventPatterns();
    expect(patterns).toEqual([TAMPER_EVENT_PATTERN]);
    expect(JSON.stringify(TAMPER_EVENT_PATTERN).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
    expect(TAMPER_EVENT_PATTERN.source).toEqual([
      'aws.cloudtrail',
      'aws.kms',
      'aws.s3',
      'aws.logs',
      'aws.organizations',
    ]);
  });

  it.each([400, 250, 190])(
    'split into several rules when %i characters is the limit: each within it, each call in exactly one',
    (limit) => {
      const patterns = tamperEventPatterns(WATCHED_CALLS, limit);
      expect(patterns.length).toBeGreaterThan(1);
      for (const pattern of patterns) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(limit);
      const matched = new Set(pairsOf(patterns));
      expect(watched.filter((pair) => !matched.has(pair))).toEqual([]);
      expect(patterns.flatMap((p) => p.detail.eventName).sort()).toEqual(
        WATCHED_CALLS.flatMap((s) => s.eventNames).sort(),
      );
      // A service split by name is alone in its patterns, so no pattern matches an unwatched pair.
      for (const pattern of patterns) {
        if (pattern.source.length > 1) {
          const whole = WATCHED_CALLS.filter((s) => pattern.source.includes(s.source));
          expect(pattern.detail.eventName).toEqual(whole.flatMap((s) => s.eventNames));
        }
      }
    },
  );

  it('refuses a limit that not even one call fits', () => {
    expect(() => tamperEventPatterns(WATCHED_CALLS, 180)).toThrow(/alone is too long/);
  });

  it('share no event name between services, so a combined pattern matches only watched calls', () => {
    const names = watched.map((pair) => pair.split(' ')[1]);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(WATCHED_CALLS.flatMap((s) => s.eventNames))('gives %s a classification of its own', (name) => {
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
