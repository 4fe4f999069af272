import { decide } from '../src/domain/decide';
import type { ApiCallEvent } from '../src/domain/event';
import { type Incident, incidentEventOf, type Response } from '../src/domain/incident';
import { renderNotification } from '../src/domain/notification';
import type { Settings } from '../src/domain/settings';
import { apiCall, FIXTURE_ACCOUNT, FIXTURE_SETTINGS } from './fixtures';

const settings: Settings = FIXTURE_SETTINGS;

function incidentOf(event: ApiCallEvent, response: Response): Incident {
  const decision = decide(event, settings);
  if (decision.kind === 'silent') throw new Error('silent');
  return {
    event: incidentEventOf(event),
    actor: event.actor,
    assessment: decision.assessment,
    response,
  };
}

const started: Response = {
  actions: ['start-logging'],
  outcome: 'succeeded',
  verified: true,
  reason: 'GetTrailStatus reports the trail logging',
};

describe('renderNotification', () => {
  const event = apiCall('stop-logging.by-arn-other-region');
  const rendered = renderNotification(incidentOf(event, started));
  const message = JSON.parse(rendered.message) as { default: string; email: string };

  it('puts the schema-1 JSON document in the default entry', () => {
    expect(JSON.parse(message.default)).toEqual({
      schemaVersion: 1,
      severity: 'critical',
      summary: 'Logging stopped on trail org-audit',
      event: {
        id: event.eventId,
        name: 'StopLogging',
        time: '2026-11-26T10:02:44Z',
        account: FIXTURE_ACCOUNT,
        region: 'us-east-1',
        sourceIp: '203.0.113.24',
        userAgent: expect.stringContaining('aws-cli/2.22.4'),
        errorCode: null,
      },
      actor: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${FIXTURE_ACCOUNT}:user/ops-admin`,
        accountId: FIXTURE_ACCOUNT,
        name: `arn:aws:iam::${FIXTURE_ACCOUNT}:user/ops-admin`,
      },
      trail: { name: 'org-audit', arn: `arn:aws:cloudtrail:us-west-2:${FIXTURE_ACCOUNT}:trail/org-audit` },
      response: {
        action: 'start-logging',
        outcome: 'succeeded',
        verified: true,
        reason: 'GetTrailStatus reports the trail logging',
      },
      // The same next step as the e-mail's and the Security Hub finding's; the chat message shows it.
      nextStep: expect.stringMatching(/^Find out from the actor why the change was made;/),
    });
    expect(message.email).toContain(`Next:      ${JSON.parse(message.default).nextStep}`);
  });

  it('writes a readable e-mail: who, MFA, what, where, when, from where, what was done, link, next step', () => {
    const email = message.email;
    expect(email).not.toMatch(/^\s*[{[]/);
    expect(email).toContain('Logging stopped on trail org-audit.');
    expect(email).toContain(
      `Who:       arn:aws:iam::${FIXTURE_ACCOUNT}:user/ops-admin (IAMUser, account ${FIXTURE_ACCOUNT})`,
    );
    expect(email).toContain('MFA:       yes');
    expect(email).toContain(`Account:   ${FIXTURE_ACCOUNT}`);
    expect(email).toContain('Region:    us-east-1');
    expect(email).toContain('When:      2026-11-26T10:02:44Z');
    expect(email).toContain('From:      203.0.113.24 using "aws-cli/2.22.4');
    expect(email).toContain(
      'TrailGuard did restart logging on the trail, and verified it: GetTrailStatus reports the trail logging.',
    );
    expect(email).toContain(
      `Console:   https://us-west-2.console.aws.amazon.com/cloudtrailv2/home?region=us-west-2#/trails/${encodeURIComponent(
        `arn:aws:cloudtrail:us-west-2:${FIXTURE_ACCOUNT}:trail/org-audit`,
      )}`,
    );
    expect(email).toMatch(/Next: {6}Find out from the actor why the change was made/);
  });

  it('starts the subject with the severity and keeps it within 100 characters', () => {
    expect(rendered.subject).toBe(
      `[CRITICAL] TrailGuard: Logging stopped on trail org-audit (${FIXTURE_ACCOUNT} us-east-1)`,
    );
    const long = apiCall('stop-logging.sso-role', (raw) => {
      raw.detail.requestParameters.name = `a-very-long-trail-name-${'x'.repeat(100)}`;
    });
    const subject = renderNotification(incidentOf(long, started)).subject;
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^\[CRITICAL\] /);
  });

  it('sets the message attributes for filter policies', () => {
    expect(rendered.attributes).toEqual({
      severity: 'critical',
      eventName: 'StopLogging',
      account: FIXTURE_ACCOUNT,
    });
  });

  it('says MFA was not used and names the role behind an SSO session', () => {
    const sso = renderNotification(incidentOf(apiCall('stop-logging.sso-role'), started));
    const email = (JSON.parse(sso.message) as { email: string }).email;
    expect(email).toContain('MFA:       NO');
    expect(email).toMatch(/Role: {6}arn:aws:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com/);
  });

  it('reports a failed remediation with its reason and an urgent next step', () => {
    const failed: Response = {
      actions: ['start-logging'],
      outcome: 'failed',
      verified: false,
      reason: 'StartLogging on arn:... failed: AccessDeniedException: not authorized',
    };
    const email = (
      JSON.parse(renderNotification(incidentOf(apiCall('stop-logging.sso-role'), failed)).message) as {
        email: string;
      }
    ).email;
    expect(email).toContain(
      'TrailGuard tried to restart logging on the trail and FAILED: "StartLogging on arn:... failed: AccessDeniedException',
    );
    expect(email).toMatch(/Next: {6}Act now/);
  });

  it('describes a failed attempt with its error code and that nothing changed', () => {
    const event = apiCall('stop-logging.failed-access-denied');
    const decision = decide(event, settings);
    if (decision.kind !== 'report') throw new Error('expected a report');
    const rendered = renderNotification(
      incidentOf(event, {
        actions: [],
        outcome: decision.outcome,
        verified: false,
        reason: decision.reason,
      }),
    );
    const email = (JSON.parse(rendered.message) as { email: string }).email;
    expect(email).toContain('What:      StopLogging (failed: AccessDenied)');
    expect(email).toContain(
      'TrailGuard changed nothing: the call failed with AccessDenied; nothing was changed.',
    );
    expect(JSON.parse((JSON.parse(rendered.message) as { default: string }).default).event.errorCode).toBe(
      'AccessDenied',
    );
    expect(rendered.subject).toMatch(/^\[HIGH\] TrailGuard: Failed attempt: StopLogging \(AccessDenied\)/);
  });

  it('lists the weakened attributes of an UpdateTrail', () => {
    const event = apiCall('update-trail.weakened');
    const decision = decide(event, settings);
    if (decision.kind !== 'remediate') throw new Error('expected a remediation');
    const email = (
      JSON.parse(
        renderNotification(
          incidentOf(event, {
            actions: [decision.remedy],
            outcome: 'succeeded',
            verified: true,
            reason: 'GetTrail shows IsMultiRegionTrail, EnableLogFileValidation on again',
          }),
        ).message,
      ) as {
        email: string;
      }
    ).email;
    expect(email).toContain('Detail:    multi-region logging turned off');
    expect(email).toContain(
      'Detail:    log bucket set to "attacker-owned-bucket"; the event does not show the previous one, which may be the same',
    );
    expect(email).toContain(
      'TrailGuard did turn the trail’s settings back on, and verified it: GetTrail shows IsMultiRegionTrail, EnableLogFileValidation on again.',
    );
  });

  it('names the AWS service for a service identity, in the e-mail and the document', () => {
    const event = apiCall('create-trail.aws-service');
    const rendered = renderNotification(
      incidentOf(event, { actions: [], outcome: 'not-applicable', verified: false, reason: 'x' }),
    );
    const email = (JSON.parse(rendered.message) as { email: string }).email;
    expect(email).toContain('Who:       controltower.amazonaws.com (AWSService, account unknown)');
    expect(rendered.document.actor).toMatchObject({ arn: null, name: 'controltower.amazonaws.com' });
  });

  it('says who is unknown when the sweep found the change, never null', () => {
    const event = apiCall('create-trail.aws-service');
    const rendered = renderNotification({
      ...incidentOf(event, { actions: [], outcome: 'not-applicable', verified: false, reason: 'x' }),
      actor: null,
    });
    expect(rendered.document.actor).toEqual({
      type: 'Unknown',
      arn: null,
      accountId: null,
      name: 'unknown (found by TrailGuard’s scheduled sweep, not by an event)',
    });
  });
});
