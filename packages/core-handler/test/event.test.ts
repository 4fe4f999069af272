import { parseEvent } from '../src/domain/event';
import { FIXTURE_ACCOUNT, fixture } from './fixtures';

describe('parseEvent', () => {
  it('reads who, where and what from an SSO role session', () => {
    const parsed = parseEvent(fixture('stop-logging.sso-role'));
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        kind: 'api-call',
        name: 'StopLogging',
        account: FIXTURE_ACCOUNT,
        region: 'eu-west-1',
        sourceIp: '198.51.100.7',
        errorCode: null,
        parameters: { name: 'management-events' },
        actor: {
          type: 'AssumedRole',
          arn: `arn:aws:sts::${FIXTURE_ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane.doe@example.com`,
          issuerArn: `arn:aws:iam::${FIXTURE_ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`,
          mfaAuthenticated: false,
        },
      },
    });
  });

  it('tolerates a failed call with requestParameters null', () => {
    const parsed = parseEvent(fixture('stop-logging.failed-access-denied'));
    expect(parsed).toMatchObject({ ok: true, event: { errorCode: 'AccessDenied', parameters: null } });
  });

  it('treats requestParameters {"omitted": true} as absent', () => {
    const raw = fixture('stop-logging.sso-role');
    raw.detail.requestParameters = { omitted: true };
    expect(parseEvent(raw)).toMatchObject({ ok: true, event: { parameters: null } });
  });

  it('reads an AWS service identity without ARN or session', () => {
    const parsed = parseEvent(fixture('create-trail.aws-service'));
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        actor: {
          type: 'AWSService',
          arn: null,
          invokedBy: 'controltower.amazonaws.com',
          mfaAuthenticated: null,
        },
      },
    });
  });

  it('accepts a newer eventVersion and unknown extra fields', () => {
    const raw = fixture('stop-logging.by-arn-other-region');
    raw.detail.eventVersion = '1.99';
    raw.detail.someFutureField = { nested: true };
    expect(parseEvent(raw)).toMatchObject({ ok: true, event: { name: 'StopLogging', region: 'us-east-1' } });
  });

  it('reads a service event alike, its serviceEventDetails as the parameters and its resources kept', () => {
    expect(parseEvent(fixture('account-departed-organization.left'))).toMatchObject({
      ok: true,
      event: {
        kind: 'api-call',
        name: 'AccountDepartedOrganization',
        account: FIXTURE_ACCOUNT,
        region: 'us-east-1',
        errorCode: null,
        parameters: {
          accountId: '444455556666',
          departedMethod: 'Left',
          departedTime: '2026-11-27T08:19:17Z',
        },
        resources: [
          {
            type: 'AWS::Organizations::Account',
            ARN: `arn:aws:organizations::${FIXTURE_ACCOUNT}:account/o-a1b2c3d4e5/444455556666`,
          },
        ],
        actor: {
          type: 'Unknown',
          arn: null,
          accountId: FIXTURE_ACCOUNT,
          invokedBy: 'organizations.amazonaws.com',
        },
      },
    });
    // An API call's requestParameters stay its parameters, and it has no resources unless CloudTrail lists them.
    const call = fixture('account-departed-organization.left');
    call['detail-type'] = 'AWS API Call via CloudTrail';
    delete call.detail.resources;
    expect(parseEvent(call)).toMatchObject({ ok: true, event: { parameters: null, resources: [] } });
  });

  it('recognises a Scheduled Event', () => {
    expect(parseEvent(fixture('scheduled-event'))).toEqual({
      ok: true,
      event: {
        kind: 'scheduled',
        id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
        time: '2026-11-26T09:20:00Z',
        account: FIXTURE_ACCOUNT,
        region: 'eu-west-1',
      },
    });
  });

  it.each([
    ['null', null],
    ['a string', 'StopLogging'],
    ['another detail-type', { 'detail-type': 'EC2 Instance State-change Notification', detail: {} }],
    ['a CloudTrail event without detail', { 'detail-type': 'AWS API Call via CloudTrail' }],
    [
      'a CloudTrail event without eventName',
      { 'detail-type': 'AWS API Call via CloudTrail', account: '1', region: 'x', detail: {} },
    ],
  ])('rejects %s with a reason', (_label, input) => {
    const parsed = parseEvent(input);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(/\w+/);
  });
});
