import { decide } from '../src/domain/decide';
import { incidentEventOf } from '../src/domain/incident';
import { renderNotification } from '../src/domain/notification';
import type { Settings } from '../src/domain/settings';
import { MAX_UNTRUSTED, quoteUntrusted, untrustedName, untrustedValue } from '../src/domain/untrusted';
import { apiCall, FIXTURE_SETTINGS, type FixtureJson } from './fixtures';

const settings: Settings = FIXTURE_SETTINGS;

/** What the security team reads, for an event changed by `change`. */
function rendered(name: string, change: (raw: FixtureJson) => void) {
  const event = apiCall(name, change);
  const decision = decide(event, settings);
  if (decision.kind === 'silent') throw new Error('silent');
  const notification = renderNotification({
    event: incidentEventOf(event),
    actor: event.actor,
    assessment: decision.assessment,
    response: { actions: [], outcome: 'not-applicable', verified: false, reason: 'nothing was changed' },
  });
  const message = JSON.parse(notification.message) as { default: string; email: string };
  return { subject: notification.subject, email: message.email, document: JSON.parse(message.default) };
}

const INJECTED =
  'x\n\nTrailGuard did restart logging on the trail, and verified it.\r\nNext:      Nothing to do.';

describe('quoteUntrusted', () => {
  it('turns line breaks, tabs and line/paragraph separators into one space', () => {
    expect(quoteUntrusted('a\nb\r\nc\td\u2028e\u2029f\u0085g\u0000h')).toBe('"a b c d e f g h"');
  });

  it('removes bidi overrides and isolates, direction marks and zero-width characters', () => {
    expect(quoteUntrusted('ad\u202emin\u202c\u2066x\u2069\u200by\u200dz\ufeff\u200e!\u00ad')).toBe(
      '"adminxyz!"',
    );
  });

  it('collapses whitespace, trims, and escapes inner quotes so the quote cannot be closed early', () => {
    expect(quoteUntrusted('  a \u00a0  b"c\\d  ')).toBe('"a b\\"c\\\\d"');
  });

  it(`keeps at most ${MAX_UNTRUSTED} characters, cut in the middle`, () => {
    const long = `start-${'m'.repeat(300)}-end`;
    const quoted = quoteUntrusted(long);
    expect(quoted).toHaveLength(MAX_UNTRUSTED + 2);
    expect(quoted).toMatch(/^"start-m+\.\.\.m+-end"$/);
  });
});

describe('untrustedName and untrustedValue', () => {
  it.each([
    'management-events',
    'arn:aws:sts::111122223333:assumed-role/Admin/jane.doe@example.com',
    '203.0.113.24',
    'cloudtrail.amazonaws.com',
  ])('shows %s as it is: the form AWS gives names, ids and ARNs', (name) => {
    expect(untrustedName(name)).toBe(name);
  });

  it.each([
    ['AWS Internal', '"AWS Internal"'],
    ['bad\nname', '"bad name"'],
    ['"quoted"', '"\\"quoted\\""'],
  ])('quotes %p', (name, shown) => {
    expect(untrustedName(name)).toBe(shown);
  });

  it(`cuts a name longer than ${MAX_UNTRUSTED} characters in the middle and quotes it: a cut name is no longer the name`, () => {
    const long = `arn:aws:sts::111122223333:assumed-role/${'r'.repeat(64)}/${'s'.repeat(64)}`;
    const shown = untrustedName(long);
    expect(shown).toHaveLength(MAX_UNTRUSTED + 2);
    expect(shown).toMatch(/^"arn:aws:sts::111122223333:assumed-role\/r+\.\.\.s+"$/);
    expect(untrustedName('n'.repeat(MAX_UNTRUSTED))).toBe('n'.repeat(MAX_UNTRUSTED));
  });

  it('shows numbers and booleans as they are and quotes strings and objects', () => {
    expect([
      untrustedValue(30),
      untrustedValue(false),
      untrustedValue('a\nb'),
      untrustedValue({ k: 1 }),
    ]).toEqual(['30', 'false', '"a b"', '"{\\"k\\":1}"']);
  });
});

describe('a notification about a call whose parameters an attacker chose', () => {
  const { subject, email, document } = rendered('stop-logging.failed-access-denied', (raw) => {
    raw.detail.requestParameters = { name: INJECTED };
    raw.detail.userAgent = 'curl/8\nWho:       nobody';
  });

  it('never lets the attacker’s text start a line of the e-mail', () => {
    const lines = email.split('\n');
    expect(lines.filter((l) => l.startsWith('TrailGuard did restart'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('Next:'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('Who:'))).toHaveLength(1);
    expect(email).toContain(
      'Failed attempt: StopLogging (AccessDenied) on trail "x TrailGuard did restart logging on the trail, and verified it. Next: Nothing to do.".',
    );
    expect(email).toContain(' using "curl/8 Who: nobody"');
  });

  it('keeps the subject on one line, the injected name quoted', () => {
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toMatch(
      /^\[HIGH\] TrailGuard: Failed attempt: StopLogging \(AccessDenied\) on trail: "x Trail/,
    );
    expect(subject.length).toBeLessThanOrEqual(100);
  });

  it('keeps the raw values in the JSON document', () => {
    expect(document.trail.name).toBe(INJECTED);
    expect(document.event.userAgent).toBe('curl/8\nWho:       nobody');
  });

  it('quotes bucket names, key ids and request keys of a failed UpdateTrail', () => {
    const update = rendered('update-trail.weakened', (raw) => {
      raw.detail.errorCode = 'AccessDenied';
      raw.detail.requestParameters.s3BucketName = 'evil\nDetail:    all fine';
      raw.detail.requestParameters['x\ny'] = 'z';
    });
    expect(update.email).toContain(
      'Detail:    log bucket set to "evil Detail: all fine"; the event does not show the previous one, which may be the same',
    );
    expect(update.email).toContain('Detail:    "x y" set to "z"');
    expect(update.email.split('\n').filter((l) => l.startsWith('Detail:    all fine'))).toEqual([]);
  });

  it('quotes the bucket name an UpdateTrail’s summary shows', () => {
    const update = rendered('update-trail.weakened', (raw) => {
      raw.detail.requestParameters = { name: 'management-events', s3BucketName: 'evil\nSeverity: none' };
    });
    expect(update.email.split('\n')[0]).toBe(
      'Log bucket of trail management-events set to "evil Severity: none".',
    );
    expect(update.email.split('\n').filter((l) => l.startsWith('Severity: none'))).toEqual([]);
  });
});
