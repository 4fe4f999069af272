import { type Decision, decide } from '../src/domain/decide';
import { REPAIR_CALLS } from '../src/domain/echo';
import type { Settings } from '../src/domain/settings';
import { apiCall, FIXTURE_ACCOUNT, FIXTURE_SETTINGS, type FixtureJson, fixture } from './fixtures';

const settings: Settings = FIXTURE_SETTINGS;

const trailIn = (decision: Decision) =>
  decision.kind !== 'silent' && decision.assessment.target.kind === 'trail'
    ? decision.assessment.target.trail
    : null;

describe('decide', () => {
  it('restarts logging on a trail stopped by name, in the region of the call', () => {
    const decision = decide(apiCall('stop-logging.sso-role'), settings);
    expect(decision).toMatchObject({
      kind: 'remediate',
      remedy: 'start-logging',
      assessment: { severity: 'critical' },
    });
    expect(trailIn(decision)).toEqual({
      name: 'management-events',
      arn: `arn:aws:cloudtrail:eu-west-1:${FIXTURE_ACCOUNT}:trail/management-events`,
      region: 'eu-west-1',
      account: FIXTURE_ACCOUNT,
    });
  });

  it('restarts logging when a trail is stopped by ARN in another region (its home region)', () => {
    const decision = decide(apiCall('stop-logging.by-arn-other-region'), settings);
    expect(decision).toMatchObject({ kind: 'remediate', remedy: 'start-logging' });
    expect(trailIn(decision)).toMatchObject({ name: 'org-audit', region: 'us-west-2' });
  });

  it('restarts logging stopped by the root user', () => {
    expect(decide(apiCall('stop-logging.root'), settings)).toMatchObject({
      kind: 'remediate',
      remedy: 'start-logging',
    });
  });

  it('reports a failed StopLogging as an attempt, changing nothing, without crashing on null parameters', () => {
    expect(decide(apiCall('stop-logging.failed-access-denied'), settings)).toMatchObject({
      kind: 'report',
      action: 'none',
      outcome: 'not-applicable',
      reason: expect.stringContaining('AccessDenied'),
      assessment: {
        severity: 'high',
        summary: expect.stringMatching(/^Failed attempt: StopLogging \(AccessDenied\)/),
      },
    });
  });

  it('stays silent on the echo of its own StartLogging', () => {
    expect(decide(apiCall('start-logging.trailguard-echo'), settings)).toEqual({
      kind: 'silent',
      reason: expect.any(String),
    });
  });

  describe('a role matching SELF_ROLE_ARN: only TrailGuard’s own repairs are echoes', () => {
    const stackRole = `arn:aws:iam::${FIXTURE_ACCOUNT}:role/trailguard-remediation-*`;
    const lookAlike = (name: string, change?: (raw: FixtureJson) => void) =>
      apiCall(name, (raw) => {
        raw.detail.userIdentity = JSON.parse(
          JSON.stringify(
            fixture('start-logging.trailguard-echo-other-region').detail.userIdentity,
          ).replaceAll('trailguard-remediation-eu-west-1', 'trailguard-remediation-x'),
        );
        change?.(raw);
      });
    const asSelf = { ...settings, selfRoleArn: stackRole };

    it.each([
      ['delete-trail.iam-user', 'critical'],
      ['delete-event-data-store.sso-role', 'critical'],
      ['create-trail.aws-service', 'low'],
    ])('reports %s by a look-alike role as from anyone (%s)', (name, severity) => {
      expect(decide(lookAlike(name), asSelf)).toMatchObject({ kind: 'report', assessment: { severity } });
    });

    it('turns back on what an UpdateTrail by a look-alike role turned off, and reports the bucket it moved to', () => {
      expect(decide(lookAlike('update-trail.weakened'), asSelf)).toMatchObject({
        kind: 'remediate',
        remedy: 'restore-trail-settings',
        assessment: { severity: 'critical' },
      });
    });

    it('is silent on an UpdateTrail by the role that only turns switches back on', () => {
      const restore = lookAlike('update-trail.weakened', (raw) => {
        raw.detail.requestParameters = { name: 'management-events', isMultiRegionTrail: true };
      });
      expect(decide(restore, asSelf).kind).toBe('silent');
    });

    it('undoes a StopLogging by a look-alike role', () => {
      expect(decide(lookAlike('stop-logging.sso-role'), asSelf)).toMatchObject({
        kind: 'remediate',
        remedy: 'start-logging',
      });
    });

    it('undoes a PutEventSelectors by the role that drops management events', () => {
      expect(decide(lookAlike('put-event-selectors.basic-no-management'), asSelf)).toMatchObject({
        kind: 'remediate',
        remedy: 'restore-management-events',
      });
    });

    it('undoes a PutEventSelectors by the role that excludes KMS management events: no echo leaves a source out', () => {
      expect(decide(lookAlike('put-event-selectors.basic-excludes-kms'), asSelf)).toMatchObject({
        kind: 'remediate',
        remedy: 'restore-management-events',
        assessment: { severity: 'high' },
      });
    });

    it('checks a PutEventSelectors by the role whose selectors CloudTrail omitted: nothing proves it healthy', () => {
      expect(decide(lookAlike('put-event-selectors.selectors-omitted'), asSelf).kind).toBe('remediate');
    });

    it.each([
      ['start-logging.trailguard-echo-other-region', undefined],
      ['put-event-selectors.advanced-keeps-management', undefined],
      ['start-logging.trailguard-echo-other-region', 'AccessDenied'],
    ])(
      'is silent on %s by the role (error %s): a repair, or a failed one that changed nothing',
      (name, error) => {
        const event = lookAlike(name, (raw) => {
          if (error) raw.detail.errorCode = error;
        });
        expect(decide(event, asSelf)).toEqual({ kind: 'silent', reason: expect.any(String) });
      },
    );

    it('reports a failed StopLogging by the role as an attempt', () => {
      const event = lookAlike('stop-logging.sso-role', (raw) => {
        raw.detail.errorCode = 'AccessDenied';
      });
      expect(decide(event, asSelf)).toMatchObject({ kind: 'report', assessment: { severity: 'high' } });
    });

    it('lists a repair call for every remedy TrailGuard applies', () => {
      expect(new Set([...REPAIR_CALLS.values()].map((c) => c.remedy))).toEqual(
        new Set([
          'start-logging',
          'restore-management-events',
          'start-event-data-store-ingestion',
          'restore-trail-settings',
          'enable-key',
          'cancel-key-deletion',
        ]),
      );
    });
  });

  describe('an echo recorded in another region (the function of eu-west-1 restarted a trail homed in us-east-1)', () => {
    const echo = () => apiCall('start-logging.trailguard-echo-other-region');
    const stackRole = `arn:aws:iam::${FIXTURE_ACCOUNT}:role/trailguard-remediation-*`;

    it('is silent when SELF_ROLE_ARN is the member stack’s pattern for every region’s role', () => {
      expect(decide(echo(), { ...settings, selfRoleArn: stackRole })).toEqual({
        kind: 'silent',
        reason: expect.any(String),
      });
    });

    it('is reported when SELF_ROLE_ARN names only this region’s role: an ARN without * means equality', () => {
      const here = `arn:aws:iam::${FIXTURE_ACCOUNT}:role/trailguard-remediation-us-east-1`;
      expect(decide(echo(), { ...settings, selfRoleArn: here })).toMatchObject({
        kind: 'report',
        assessment: { summary: 'Logging started on trail org-audit' },
      });
    });

    it('is reported when the same role name in another account made the call', () => {
      const other = apiCall('start-logging.trailguard-echo-other-region', (raw) => {
        raw.detail.userIdentity.sessionContext.sessionIssuer.arn =
          'arn:aws:iam::999999999999:role/trailguard-remediation-eu-west-1';
        raw.detail.userIdentity.arn =
          'arn:aws:sts::999999999999:assumed-role/trailguard-remediation-eu-west-1/trailguard-remediation';
      });
      expect(decide(other, { ...settings, selfRoleArn: stackRole }).kind).toBe('report');
    });
  });

  it('reports StartLogging by someone else as info', () => {
    expect(decide(apiCall('start-logging.by-admin'), settings)).toMatchObject({
      kind: 'report',
      assessment: { severity: 'info' },
      outcome: 'not-applicable',
    });
  });

  it('reports but does not undo the change of an exempt principal', () => {
    const exempt = {
      ...settings,
      exemptPrincipals: [
        'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AdministratorAccess_*',
      ],
    };
    expect(decide(apiCall('stop-logging.sso-role'), exempt)).toMatchObject({
      kind: 'report',
      action: 'start-logging',
      outcome: 'skipped',
      reason: expect.stringContaining('EXEMPT_PRINCIPALS'),
    });
    expect(decide(apiCall('stop-logging.root'), exempt).kind).toBe('remediate');
  });

  it('reports with outcome skipped in notify-only mode', () => {
    expect(decide(apiCall('stop-logging.sso-role'), { ...settings, mode: 'notify-only' })).toMatchObject({
      kind: 'report',
      action: 'start-logging',
      outcome: 'skipped',
      reason: expect.stringContaining('notify-only'),
    });
  });

  it('leaves a trail of another account alone', () => {
    const other = apiCall('stop-logging.by-arn-other-region', (raw) => {
      raw.detail.requestParameters.name = 'arn:aws:cloudtrail:us-west-2:444455556666:trail/org-trail';
    });
    expect(decide(other, settings)).toMatchObject({
      kind: 'report',
      outcome: 'skipped',
      reason: expect.stringContaining('444455556666'),
    });
  });

  it.each([
    'put-event-selectors.advanced',
    'put-event-selectors.basic-no-management',
    'put-event-selectors.basic-write-only',
  ])('restores management events after %s', (name) => {
    expect(decide(apiCall(name), settings)).toMatchObject({
      kind: 'remediate',
      remedy: 'restore-management-events',
      assessment: { severity: 'high' },
    });
  });

  it('restores management events a PutEventSelectors excluded by source, and names the sources', () => {
    expect(decide(apiCall('put-event-selectors.basic-excludes-kms'), settings)).toMatchObject({
      kind: 'remediate',
      remedy: 'restore-management-events',
      assessment: {
        severity: 'high',
        summary: 'Management events no longer recorded by trail management-events',
        details: ['1 basic event selector(s) set', 'management events of kms.amazonaws.com excluded'],
      },
    });
  });

  it.each(['put-event-selectors.advanced-keeps-management', 'put-event-selectors.basic-keeps-management'])(
    'reports %s without touching it',
    (name) => {
      expect(decide(apiCall(name), settings)).toMatchObject({
        kind: 'report',
        action: 'none',
        assessment: { severity: 'low' },
      });
    },
  );

  it('restarts ingestion of an event data store', () => {
    const decision = decide(apiCall('stop-event-data-store-ingestion.sso-role'), settings);
    expect(decision).toMatchObject({
      kind: 'remediate',
      remedy: 'start-event-data-store-ingestion',
      assessment: {
        severity: 'critical',
        target: { kind: 'event-data-store', store: { region: 'eu-west-1' } },
      },
    });
  });

  it('rates a harmless UpdateTrail medium', () => {
    const decision = decide(apiCall('update-trail.prefix-only'), settings);
    expect(decision).toMatchObject({
      kind: 'report',
      assessment: { severity: 'medium', details: ['s3KeyPrefix set to "audit"'] },
    });
  });

  it.each<[string, string]>([
    ['delete-trail.iam-user', 'critical'],
    ['delete-event-data-store.sso-role', 'critical'],
    ['update-event-data-store.retention-cut', 'high'],
    ['create-trail.aws-service', 'low'],
    ['add-tags.iam-user', 'low'],
    ['remove-tags.iam-user', 'low'],
    ['put-insight-selectors.off', 'medium'],
  ])('reports %s with severity %s and changes nothing', (name, severity) => {
    expect(decide(apiCall(name), settings)).toMatchObject({
      kind: 'report',
      action: 'none',
      assessment: { severity },
    });
  });
});

it('names the trail whose tags changed, from the ARN the tags were set on', () => {
  const decision = decide(apiCall('remove-tags.iam-user'), settings);
  expect(decision).toMatchObject({
    kind: 'report',
    assessment: {
      summary: 'Tags removed from trail management-events',
      target: {
        kind: 'trail',
        trail: {
          name: 'management-events',
          arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events',
        },
      },
    },
  });
});

describe('decide, when CloudTrail omits the request parameters', () => {
  it('takes the remediation path when the trail is named but the selectors are omitted, claiming no state', () => {
    expect(decide(apiCall('put-event-selectors.selectors-omitted'), settings)).toMatchObject({
      kind: 'remediate',
      remedy: 'restore-management-events',
      assessment: {
        severity: 'medium',
        summary: 'Event selectors changed on trail management-events; CloudTrail omitted the selectors',
        target: { kind: 'trail', trail: { name: 'management-events' } },
      },
    });
  });

  it.each([
    ['put-event-selectors.parameters-omitted', 'PutEventSelectors', 'trail', 'medium'],
    ['stop-logging.parameters-null', 'StopLogging', 'trail', 'critical'],
  ])(
    '%s: says the event omits the trail, and that the next sweep checks every trail',
    (name, call, what, severity) => {
      const decision = decide(apiCall(name), settings);
      expect(decision).toMatchObject({
        kind: 'report',
        action: 'none',
        outcome: 'not-applicable',
        reason: 'the event omits the trail; the next sweep checks every trail of this region',
        assessment: {
          severity,
          summary: `${call} succeeded; the event omits which ${what}`,
          target: { kind: 'unknown', name: null },
        },
      });
      // No claim about a state nobody checked.
      expect(decision.kind === 'report' && decision.assessment.summary).not.toMatch(
        /still recorded|stopped on/,
      );
    },
  );

  it('says the sweep does not cover an event data store the event does not name', () => {
    expect(decide(apiCall('stop-event-data-store-ingestion.parameters-null'), settings)).toMatchObject({
      kind: 'report',
      outcome: 'not-applicable',
      reason: expect.stringMatching(/omits the event data store, and the sweep checks trails only/),
      assessment: {
        severity: 'critical',
        summary: 'StopEventDataStoreIngestion succeeded; the event omits which event data store',
      },
    });
  });
});

describe('decide, for calls TrailGuard has no response to', () => {
  it.each(['ListTrails', 'constructor', 'toString'])('reports %s untouched, at info', (name) => {
    expect(decide({ ...apiCall('stop-logging.sso-role'), name }, settings)).toEqual({
      kind: 'report',
      assessment: {
        severity: 'info',
        summary: `CloudTrail call ${name}`,
        target: { kind: 'unknown', name: null },
        details: [],
      },
      action: 'none',
      outcome: 'not-applicable',
      reason: `TrailGuard has no response for ${name}`,
    });
  });
});
