import { createServer } from 'node:net';
import { SNSClient } from '@aws-sdk/client-sns';
import { NotificationTopic } from '../src/adapters/sns';
import { NotificationError } from '../src/domain/errors';
import { renderNotification } from '../src/domain/notification';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('NotificationTopic', () => {
  it('says what broke when the publish fails on the network, not just "Error"', async () => {
    const client = new SNSClient({
      region: 'eu-central-1',
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const topic = new NotificationTopic(client, 'arn:aws:sns:eu-central-1:111122223333:trailguard');
    const notification = renderNotification({
      event: {
        id: 'e1',
        name: 'StopLogging',
        time: '2026-11-26T10:00:00Z',
        account: '111122223333',
        region: 'eu-west-1',
        sourceIp: null,
        userAgent: null,
        errorCode: null,
      },
      actor: null,
      assessment: {
        severity: 'critical',
        summary: 'Logging stopped',
        target: { kind: 'unknown', name: null },
        details: [],
      },
      response: { actions: [], outcome: 'not-applicable', verified: false, reason: 'test' },
    });

    const failure = await topic.publish(notification).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NotificationError);
    expect((failure as Error).message).toMatch(
      /^Publish to arn:aws:sns:eu-central-1:111122223333:trailguard failed: \w+: .*ECONNREFUSED/,
    );
  });
});
