import type { Actor, ScheduledEvent } from '../src/domain/event';
import type { Response } from '../src/domain/incident';
import { renderNotification } from '../src/domain/notification';
import { trailRef } from '../src/domain/resources';
import type { SweepClock, SweepDecision } from '../src/domain/sweep';
import {
  type ExplainedFinding,
  repairsOf,
  sweepAssessment,
  sweepIncident,
  sweepResponse,
} from '../src/domain/sweep-report';
import { FIXTURE_ACCOUNT } from './fixtures';

const clock: SweepClock = { now: Date.parse('2026-11-26T09:20:00Z'), intervalMinutes: 10 };
const trail = trailRef('audit', 'eu-west-1', FIXTURE_ACCOUNT);
const event: ScheduledEvent = {
  kind: 'scheduled',
  id: 'sweep-1',
  time: '2026-11-26T09:20:00Z',
  account: FIXTURE_ACCOUNT,
  region: 'eu-west-1',
};
const ADMIN: Actor = {
  type: 'IAMUser',
  arn: `arn:aws:iam::${FIXTURE_ACCOUNT}:user/ops-admin`,
  accountId: FIXTURE_ACCOUNT,
  issuerArn: null,
  mfaAuthenticated: false,
  invokedBy: null,
};

const stopped: ExplainedFinding = {
  problem: 'not-logging',
  startedAt: Date.parse('2026-11-26T09:15:00Z'),
  cause: { eventName: 'StopLogging', eventId: 'e-1', time: Date.parse('2026-11-26T09:15:00Z'), actor: ADMIN },
  lookupError: null,
};
const blind: ExplainedFinding = {
  problem: 'no-management-events',
  startedAt: null,
  cause: null,
  lookupError: 'AccessDeniedException: not authorized to perform cloudtrail:LookupEvents',
};
const repair: SweepDecision = { kind: 'repair', remedy: 'start-logging' };
const leftAlone: SweepDecision = {
  kind: 'report',
  remedy: 'restore-management-events',
  notice: 'new',
  reason: 'REMEDIATION_MODE is notify-only',
};
const restarted: Response = {
  actions: ['start-logging'],
  outcome: 'succeeded',
  verified: true,
  reason: 'GetTrailStatus reports the trail logging',
};

describe('sweepResponse', () => {
  it('adds what was left undone, and why, to the outcome of the repairs', () => {
    expect(repairsOf([repair, leftAlone])).toEqual(['start-logging']);
    expect(sweepResponse([repair, leftAlone], restarted)).toEqual({
      ...restarted,
      reason:
        'GetTrailStatus reports the trail logging; restore-management-events left undone: REMEDIATION_MODE is notify-only',
    });
  });

  it('without repairs, skips every remedy it reports, giving each reason once', () => {
    const alsoLeft: SweepDecision = { ...leftAlone, remedy: 'start-logging' };
    expect(sweepResponse([alsoLeft, leftAlone], null)).toEqual({
      actions: ['start-logging', 'restore-management-events'],
      outcome: 'skipped',
      verified: false,
      reason: 'REMEDIATION_MODE is notify-only',
    });
  });
});

describe('sweepAssessment', () => {
  it('names every problem, says whether it is new, and gives each finding its cause and notice', () => {
    const assessment = sweepAssessment(trail, [stopped, blind], [repair, leftAlone], false, 'new', clock);
    expect(assessment).toEqual({
      severity: 'high',
      summary: 'Trail audit found not logging and not recording management events by the sweep (new)',
      target: { kind: 'trail', trail },
      details: [
        'Not logging since 2026-11-26T09:15:00.000Z',
        `Cause: StopLogging by arn:aws:iam::${FIXTURE_ACCOUNT}:user/ops-admin at 2026-11-26T09:15:00.000Z (event e-1)`,
        'Not recording management events since an unknown time',
        'Cause: CloudTrail event history could not be read (AccessDeniedException: not authorized to perform cloudtrail:LookupEvents)',
        'Notice: new problem, started within the last 10-minute sweep interval; reminders follow once a day while it lasts',
      ],
    });
  });

  it('is critical when a repair failed, and gives the failed repair its notice', () => {
    const assessment = sweepAssessment(trail, [stopped], [repair], true, 'new', clock);
    expect(assessment.severity).toBe('critical');
    expect(assessment.details).toContain(
      'Notice: new problem, started within the last 10-minute sweep interval; reminders follow once a day while it lasts',
    );
    expect(sweepAssessment(trail, [stopped], [repair], false, 'repaired', clock).summary).toBe(
      'Trail audit found not logging by the sweep',
    );
  });
});

describe('sweepIncident', () => {
  it('reports the Scheduled Event as a Sweep, the first known cause’s actor, and the response', () => {
    const incident = sweepIncident(
      event,
      trail,
      [blind, stopped],
      [leftAlone, repair],
      restarted,
      'new',
      clock,
    );
    expect(incident.event).toEqual({
      id: 'sweep-1',
      name: 'Sweep',
      time: '2026-11-26T09:20:00Z',
      account: FIXTURE_ACCOUNT,
      region: 'eu-west-1',
      sourceIp: null,
      userAgent: null,
      errorCode: null,
    });
    expect(incident.actor).toBe(ADMIN);
    expect(renderNotification(incident).document.response).toEqual({
      action: 'start-logging',
      outcome: 'succeeded',
      verified: true,
      reason: 'GetTrailStatus reports the trail logging',
    });
  });
});
