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
const repair: SweepDecision = { kind: 'repair', remedy: 'start-logging', waitedForHistory: 0 };
const noExempt = { exemptPrincipals: [] };
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
    const assessment = sweepAssessment(
      trail,
      [stopped, blind],
      [repair, leftAlone],
      false,
      'new',
      clock,
      noExempt,
    );
    expect(assessment).toEqual({
      severity: 'high',
      summary: 'Trail audit found not logging and not recording management events by the sweep (new)',
      target: { kind: 'trail', trail },
      details: [
        'Not logging since 2026-11-26T09:15:00.000Z',
        `Cause: StopLogging by arn:aws:iam::${FIXTURE_ACCOUNT}:user/ops-admin at 2026-11-26T09:15:00.000Z (event e-1)`,
        'Not recording management events since an unknown time',
        'Cause: CloudTrail event history could not be read ("AccessDeniedException: not authorized to perform cloudtrail:LookupEvents")',
        'Notice: new problem, started within the last 10-minute sweep interval; reminders follow once a day while it lasts',
      ],
    });
  });

  it('is critical when a repair failed, and gives the failed repair its notice', () => {
    const assessment = sweepAssessment(trail, [stopped], [repair], true, 'new', clock, noExempt);
    expect(assessment.severity).toBe('critical');
    expect(assessment.details).toContain(
      'Notice: new problem, started within the last 10-minute sweep interval; reminders follow once a day while it lasts',
    );
    expect(sweepAssessment(trail, [stopped], [repair], false, 'repaired', clock, noExempt).summary).toBe(
      'Trail audit found not logging by the sweep',
    );
  });
});

describe('sweepAssessment, on when a repair of an unexplained problem came', () => {
  const unexplained: ExplainedFinding = { ...stopped, cause: null };

  it('says the repair waited for event history, and why, when principals are exempt', () => {
    const waited: SweepDecision = { ...repair, waitedForHistory: 5 * 60_000 };
    const exempt = { exemptPrincipals: ['arn:aws:iam::*:role/BreakGlass'] };
    expect(sweepAssessment(trail, [unexplained], [waited], false, 'repaired', clock, exempt).details).toEqual(
      [
        'Not logging since 2026-11-26T09:15:00.000Z',
        'Cause: no StopLogging call on this trail in this account’s CloudTrail event history',
        // The repair comes with the first sweep after the wait: up to one sweep interval later.
        'Repair: waited at least 5 min for event history to show the cause (EXEMPT_PRINCIPALS is set); none was found',
      ],
    );
  });

  it('says an organization trail’s cause is recorded in another account, the delegated administrator’s', () => {
    const org: ExplainedFinding = { ...unexplained, organizationTrail: true };
    const details = sweepAssessment(trail, [org], [repair], false, 'repaired', clock, noExempt).details;
    expect(details[1]).toMatch(
      /; the cause is recorded in another account, the CloudTrail delegated administrator’s \(an organization trail\)$/,
    );
    expect(details[2]).toBe('Repair: at once; this account’s history cannot show the cause');
  });

  it('says nothing of timing when the repair did not wait for anything', () => {
    expect(
      sweepAssessment(trail, [unexplained], [repair], false, 'repaired', clock, noExempt).details,
    ).toHaveLength(2);
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
      noExempt,
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
