import * as path from 'node:path';
import { cloudTrailApiCallEvent } from '../../src/commands/demo/cloudtrail-event';
import { logEntry } from '../../src/commands/demo/function-log';
import { invokeInProcess } from '../../src/commands/demo/lambda-process';
import { Timeline } from '../../src/commands/demo/timeline';

const HANDLER = path.join(__dirname, 'fixtures', 'echo-handler.js');

describe('invokeInProcess', () => {
  it('runs the handler in a process whose environment is exactly the function’s, and keeps its log', async () => {
    const run = await invokeInProcess(
      HANDLER,
      { hello: 'world' },
      { NOTIFICATION_TOPIC_ARN: 'arn:topic' },
      'req-1',
    );
    expect(run.result).toEqual({ sawEvent: { hello: 'world' }, topic: 'arn:topic', home: null });
    expect(run.logs).toEqual(['{"level":"INFO","message":"invoked","requestId":"req-1"}']);
  });

  it('reports the error a handler throws', async () => {
    const run = await invokeInProcess(HANDLER, { fail: true }, {}, 'req-2');
    expect(run.result).toBeUndefined();
    expect(run.error).toBe('asked to fail');
  });
});

describe('cloudTrailApiCallEvent', () => {
  it('wraps a call as EventBridge delivers it, with the role session as the actor', () => {
    const event = cloudTrailApiCallEvent(
      {
        eventName: 'StopLogging',
        account: '111122223333',
        region: 'eu-west-1',
        time: new Date('2026-11-26T09:14:03.123Z'),
        actor: {
          arn: 'arn:aws:sts::111122223333:assumed-role/ci-deployer/mallory',
          principalId: 'AROAEXAMPLE:mallory',
          roleArn: 'arn:aws:iam::111122223333:role/ci-deployer',
          accountId: '111122223333',
          accessKeyId: 'ASIAEXAMPLE',
        },
        sourceIPAddress: '203.0.113.66',
        userAgent: 'aws-cli/2.22.4',
        requestParameters: { name: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/audit' },
      },
      { envelope: 'e', event: 'ev', request: 'r' },
    );
    expect(event).toMatchObject({
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.cloudtrail',
      account: '111122223333',
      region: 'eu-west-1',
      time: '2026-11-26T09:14:03Z',
      detail: {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        awsRegion: 'eu-west-1',
        eventID: 'ev',
        requestParameters: { name: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/audit' },
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/ci-deployer/mallory',
          sessionContext: {
            sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/ci-deployer', userName: 'ci-deployer' },
          },
        },
      },
    });
    expect(event.detail).not.toHaveProperty('errorCode');
  });
});

describe('Timeline', () => {
  it('renders entries in time order relative to the first, indenting continuation lines', () => {
    const timeline = new Timeline();
    timeline.mark('TrailGuard', 'StartLogging\nverified', 1_250);
    timeline.mark('attacker', 'StopLogging', 1_000);
    expect(timeline.render()).toBe(
      '+  0.000 s  attacker    StopLogging\n+  0.250 s  TrailGuard  StartLogging\n' +
        ' '.repeat(24) +
        'verified',
    );
  });
});

describe('logEntry', () => {
  it('shows why a sharing call failed: the error by its name and message', () => {
    const line = JSON.stringify({
      level: 'ERROR',
      message: 'incident event not put',
      timestamp: '2026-12-01T16:59:32.530Z',
      eventName: 'StopLogging',
      error: {
        name: 'SharingError',
        message:
          'PutEvents to arn:aws:events:eu-west-1:444444444444:event-bus/b failed: ResourceNotFoundException',
        cause: { name: 'ResourceNotFoundException', message: 'Event bus b does not exist.' },
      },
    });
    expect(logEntry(line)).toEqual({
      at: Date.parse('2026-12-01T16:59:32.530Z'),
      text:
        'log: incident event not put (eventName=StopLogging, error=SharingError: PutEvents to ' +
        'arn:aws:events:eu-west-1:444444444444:event-bus/b failed: ResourceNotFoundException)',
    });
  });
});
