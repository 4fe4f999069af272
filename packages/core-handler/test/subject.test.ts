// Subjects with 128-character trail names (CloudTrail's limit): the severity and what happened
// come first, the name is shortened in the middle, account and region follow when they fit.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from '../src/domain/decide';
import { incidentEventOf } from '../src/domain/incident';
import { renderNotification, shortenMiddle } from '../src/domain/notification';
import type { Settings } from '../src/domain/settings';
import { apiCall, FIXTURE_ACCOUNT, FIXTURE_SETTINGS, type FixtureJson } from './fixtures';

const settings: Settings = FIXTURE_SETTINGS;

/** A trail name of CloudTrail's maximum length, with distinct ends. */
const LONG = `head-of-the-name-${'x'.repeat(95)}-end-of-the-name`;

/** Gives the trail (or resource) of a fixture the long name. */
function lengthen(raw: FixtureJson): void {
  const params = raw.detail.requestParameters;
  if (!params || typeof params !== 'object') return;
  for (const key of ['name', 'trailName', 'resourceId']) {
    if (typeof params[key] === 'string') {
      params[key] = params[key].includes(':trail/')
        ? params[key].replace(/trail\/.*$/, `trail/${LONG}`)
        : LONG;
    }
  }
}

const fixtures = readdirSync(join(__dirname, 'fixtures'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .filter((f) => f !== 'scheduled-event');

describe('notification subjects', () => {
  it('has a 128-character name to test with', () => {
    expect(LONG).toHaveLength(128);
  });

  it.each(fixtures)('%s: severity and what happened first, then the name, within 100 characters', (name) => {
    const event = apiCall(name, lengthen);
    const decision = decide(event, settings);
    if (decision.kind === 'silent') return;
    for (const outcome of ['succeeded', 'failed'] as const) {
      const severity = outcome === 'failed' ? 'critical' : decision.assessment.severity;
      const { subject, document } = renderNotification({
        event: incidentEventOf(event),
        actor: event.actor,
        assessment: { ...decision.assessment, severity },
        response: { actions: [], outcome, verified: false, reason: 'test' },
      });
      expect(subject.length).toBeLessThanOrEqual(100);
      expect(subject).toMatch(/^[\x20-\x7e]+$/);
      const head = `[${severity.toUpperCase()}] TrailGuard: `;
      expect(subject.startsWith(head)).toBe(true);
      const summary = decision.assessment.summary;
      const where = ` (${FIXTURE_ACCOUNT} ${event.region})`;
      const natural = `${head}${summary}${where}`;
      const resource = document.trail.name;
      if (natural.length <= 100 || !resource || !summary.includes(resource)) {
        // Nothing to move: the summary, and where when it fits.
        expect([natural, `${head}${summary}`]).toContain(subject);
        continue;
      }
      // What happened, without the name, comes first (its first 40 characters at least)...
      const what = `${summary.replace(resource, ' ')}`
        .replace(/\s+/g, ' ')
        .replace(/ ([;,)])/g, '$1')
        .trim();
      expect(subject.slice(head.length).startsWith(what.slice(0, 40))).toBe(true);
      // ...then both ends of the name...
      expect(subject).toContain(`: ${resource.slice(0, 5)}`);
      expect(subject).toMatch(new RegExp(`\\.\\.\\.[^ ]*${resource.slice(-4)}( \\(|$)`));
      // ...then account and region, when what happened leaves room for 20 characters of name.
      if (head.length + what.length + 2 + 20 + where.length <= 100)
        expect(subject.endsWith(where)).toBe(true);
    }
  });

  it('says what the sweep found before the name', () => {
    const { subject } = renderNotification({
      event: {
        id: 'sweep-1',
        name: 'Sweep',
        time: '2026-11-26T09:20:00Z',
        account: FIXTURE_ACCOUNT,
        region: 'eu-west-1',
        sourceIp: null,
        userAgent: null,
        errorCode: null,
      },
      actor: null,
      assessment: {
        severity: 'high',
        summary: `Trail ${LONG} found not logging by the sweep (new)`,
        target: {
          kind: 'trail',
          trail: {
            name: LONG,
            arn: `arn:aws:cloudtrail:eu-west-1:${FIXTURE_ACCOUNT}:trail/${LONG}`,
            region: 'eu-west-1',
            account: FIXTURE_ACCOUNT,
          },
        },
        details: [],
      },
      response: { actions: ['start-logging'], outcome: 'skipped', verified: false, reason: 'x' },
    });
    expect(subject).toBe(
      // No room left for account and region beside 20 characters of the name.
      '[HIGH] TrailGuard: Trail found not logging by the sweep (new): head-of-the-name-...x-end-of-the-name',
    );
    expect(subject.length).toBeLessThanOrEqual(100);
  });

  it('shortens a name in the middle', () => {
    expect(shortenMiddle('abcdefghij', 10)).toBe('abcdefghij');
    expect(shortenMiddle('abcdefghij', 9)).toBe('abc...hij');
    expect(shortenMiddle('abcdefghij', 8)).toBe('abc...ij');
  });
});
