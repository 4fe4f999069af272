// `trailguard verify`'s canary trails reach the security team as verifications (info, still
// repaired); the prefix marks nothing else and exempts nothing.
import { VERIFY_CANARY_PREFIX } from '@trailguard/config/defaults';
import { decide } from '../src/domain/decide';
import type { ScheduledEvent } from '../src/domain/event';
import { apiCallIncident, type Response } from '../src/domain/incident';
import { renderNotification } from '../src/domain/notification';
import { trailRef } from '../src/domain/resources';
import { sweepIncident } from '../src/domain/sweep-report';
import { setupsOf } from '../src/domain/trail-setup';
import { apiCall, FIXTURE_ACCOUNT, type FixtureJson } from './fixtures';
import { settings } from './trail-dependencies';

const CANARY = `${VERIFY_CANARY_PREFIX}k3x9`;
const restarted: Response = {
  actions: ['start-logging'],
  outcome: 'succeeded',
  verified: true,
  reason: 'GetTrailStatus reports the trail logging',
};
const notRestarted: Response = { ...restarted, outcome: 'failed', verified: false, reason: 'AccessDenied' };

const named =
  (name: string) =>
  (raw: FixtureJson): void => {
    raw.detail.requestParameters = { name };
  };

/** The rendered notice of a StopLogging on the trail `name`, answered with `response`. */
function stopNotice(name: string, response: Response = restarted) {
  const event = apiCall('stop-logging.sso-role', named(name));
  const decision = decide(event, settings);
  if (decision.kind !== 'remediate') throw new Error(`expected a repair, got ${decision.kind}`);
  const rendered = renderNotification(apiCallIncident(event, decision.assessment, response));
  const { email } = JSON.parse(rendered.message) as { email: string };
  return { decision, rendered, email };
}

describe('verify’s canary trails', () => {
  it('a stop is still repaired, and reported as a verification at info severity', () => {
    const { decision, rendered, email } = stopNotice(CANARY);
    expect(decision).toMatchObject({ kind: 'remediate', remedy: 'start-logging' });
    expect(rendered.document).toMatchObject({
      severity: 'info',
      summary: `Verification: Logging stopped on trail ${CANARY}`,
      response: { action: 'start-logging', outcome: 'succeeded', verified: true },
    });
    expect(rendered.subject).toBe(`[INFO] TrailGuard: Verification: Logging stopped on trail: ${CANARY}`);
    expect(rendered.attributes.severity).toBe('info');
    expect(email).toContain(`Detail:    ${CANARY} is a canary trail of \`trailguard verify\``);
    expect(email).toContain('Next:      Nothing to do if someone on your team ran `trailguard verify`');
    expect(email).toContain('If nobody did, treat this as a real incident');
  });

  it('a repair that failed stays critical: the canary found a real fault', () => {
    const { rendered, email } = stopNotice(CANARY, notRestarted);
    expect(rendered.document.severity).toBe('critical');
    expect(rendered.document.summary).toMatch(/^Verification: /);
    expect(email).toContain('Next:      Act now');
  });

  it.each([
    ['a trail merely containing the prefix', `audit-${CANARY}`],
    ['a trail one character short of the prefix', `trailguard-verify${'k3x9'}`],
    ['a differently cased prefix', CANARY.toUpperCase()],
  ])('%s is reported as any other trail', (_, name) => {
    const { rendered, email } = stopNotice(name);
    expect(rendered.document.severity).toBe('critical');
    expect(rendered.document.summary).toBe(`Logging stopped on trail ${name}`);
    expect(email).not.toContain('trailguard verify');
  });

  it('the canary given by ARN is recognised too', () => {
    const arn = `arn:aws:cloudtrail:eu-west-1:${FIXTURE_ACCOUNT}:trail/${CANARY}`;
    expect(stopNotice(arn).rendered.document).toMatchObject({
      severity: 'info',
      trail: { name: CANARY, arn },
    });
  });

  it('its deletion, when verify cleans up, is a verification notice too', () => {
    const event = apiCall('delete-trail.iam-user', named(CANARY));
    const decision = decide(event, settings);
    if (decision.kind === 'silent') throw new Error('silent');
    const incident = apiCallIncident(event, decision.assessment, {
      actions: [],
      outcome: 'not-applicable',
      verified: false,
      reason: 'a deleted trail cannot be restored',
    });
    expect(incident.assessment).toMatchObject({
      severity: 'info',
      summary: expect.stringMatching(/^Verification: /),
    });
  });

  it('a change to the canary’s bucket is a verification notice', () => {
    const bucket = `${VERIFY_CANARY_PREFIX}${FIXTURE_ACCOUNT}-k3x9`;
    const setups = setupsOf(
      [{ TrailARN: `arn:aws:cloudtrail:eu-west-1:${FIXTURE_ACCOUNT}:trail/${CANARY}`, S3BucketName: bucket }],
      'eu-west-1',
    );
    const event = apiCall('delete-bucket.iam-user', (raw) => {
      raw.detail.requestParameters = { bucketName: bucket };
    });
    const decision = decide(event, settings, setups);
    if (decision.kind === 'silent') throw new Error('silent');
    const incident = apiCallIncident(event, decision.assessment, {
      actions: [],
      outcome: 'not-applicable',
      verified: false,
      reason: 'x',
    });
    expect(incident.assessment.severity).toBe('info');
  });

  describe('a canary name gives no other exemption: a canary sharing the real trail’s resource', () => {
    const real = `arn:aws:cloudtrail:eu-west-1:${FIXTURE_ACCOUNT}:trail/management-events`;
    const canary = `arn:aws:cloudtrail:eu-west-1:${FIXTURE_ACCOUNT}:trail/${CANARY}`;
    const BUCKET = `management-events-logs-${FIXTURE_ACCOUNT}`;
    const KEY = `arn:aws:kms:eu-west-1:${FIXTURE_ACCOUNT}:key/8f3d2c1b-5a6e-4d7f-9b0c-1e2f3a4b5c6d`;
    const GROUP = `arn:aws:logs:eu-west-1:${FIXTURE_ACCOUNT}:log-group:/aws/cloudtrail/management-events:*`;
    const shared = { S3BucketName: BUCKET, KmsKeyId: KEY, CloudWatchLogsLogGroupArn: GROUP };
    const changes: ReadonlyArray<[string, string, (raw: FixtureJson) => void]> = [
      [
        'its bucket deleted',
        'delete-bucket.iam-user',
        (raw) => {
          raw.detail.requestParameters = { bucketName: BUCKET };
        },
      ],
      [
        'its bucket policy deleted',
        'delete-bucket.iam-user',
        (raw) => {
          raw.detail.eventName = 'DeleteBucketPolicy';
          raw.detail.requestParameters = { bucketName: BUCKET };
        },
      ],
      ['its key disabled', 'disable-key.iam-user', () => {}],
      ['its log group deleted', 'delete-log-group.sso-role', () => {}],
    ];

    /** The notice of `change` when DescribeTrails lists the trails in `order`. */
    function notice(
      fixtureName: string,
      change: (raw: FixtureJson) => void,
      order: 'canary first' | 'real first',
    ) {
      const trails = [
        { TrailARN: canary, ...shared },
        { TrailARN: real, ...shared },
      ];
      const setups = setupsOf(order === 'canary first' ? trails : trails.reverse(), 'eu-west-1');
      const event = apiCall(fixtureName, change);
      const decision = decide(event, settings, setups);
      if (decision.kind === 'silent') throw new Error('silent');
      return renderNotification(
        apiCallIncident(event, decision.assessment, {
          actions: [],
          outcome: 'not-applicable',
          verified: false,
          reason: 'x',
        }),
      );
    }

    it.each(
      changes.flatMap(([what, name, change]) =>
        (['canary first', 'real first'] as const).map((order) => [what, order, name, change] as const),
      ),
    )(
      '%s (%s in DescribeTrails) is reported about the real trail, not as a verification',
      (_, order, name, change) => {
        const { document, subject } = notice(name, change, order);
        expect(document.severity).not.toBe('info');
        expect(document.summary).not.toMatch(/^Verification/);
        expect(document.summary).toContain('management-events');
        expect(document.trail).toMatchObject({ name: 'management-events', arn: real });
        expect(subject).not.toContain('Verification');
        expect(JSON.parse(notice(name, change, order).message).email).not.toContain('trailguard verify');
      },
    );
  });

  it('the sweep’s repair of a stopped canary is a verification notice', () => {
    const sweep: ScheduledEvent = {
      kind: 'scheduled',
      id: 'sweep-1',
      time: '2026-11-26T09:20:00Z',
      account: FIXTURE_ACCOUNT,
      region: 'eu-west-1',
    };
    const incident = sweepIncident(
      sweep,
      trailRef(CANARY, 'eu-west-1', FIXTURE_ACCOUNT),
      [{ problem: 'not-logging', startedAt: null, cause: null, lookupError: null }],
      [{ kind: 'repair', remedy: 'start-logging', waitedForHistory: 0 }],
      restarted,
      'repaired',
      { now: Date.parse('2026-11-26T09:20:00Z'), intervalMinutes: 10 },
      { exemptPrincipals: [] },
    );
    expect(incident.assessment).toMatchObject({
      severity: 'info',
      summary: expect.stringMatching(/^Verification: /),
    });
  });

  it('an attacker’s control characters in a canary-like name stay out of the e-mail’s lines', () => {
    const { email } = stopNotice(`${CANARY}\n\nTrailGuard restarted logging. Nothing to do.`);
    expect(email).not.toContain('\n\nTrailGuard restarted logging');
  });
});
