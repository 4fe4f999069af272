import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { relayToBus, useEmulator } from '@trailguard/test';
import { busWithRules, CENTRAL_BUS } from '../bus-routing';
import { TOPIC_REGION, World } from '../world';

const BUNDLE = join(__dirname, '..', '..', 'dist', 'index.js');
type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

/** Loads a fresh copy of the built bundle, as a Lambda cold start does. */
function coldStart(): Handler {
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    handler = require(BUNDLE).handler;
  });
  return handler as Handler;
}

describe('the built bundle, driven only through its environment contract', () => {
  const emulator = useEmulator();
  const saved = { ...process.env };

  beforeAll(() => {
    execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'bundle.mjs')], { stdio: 'pipe' });
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  /** The environment the function runs with in the member account's eu-west-1, and `more`. */
  async function runAsFunction(world: World, more: Record<string, string>): Promise<void> {
    const credentials = await emulator().credentials(world.member);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: emulator().endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_REGION: 'eu-west-1',
      NOTIFICATION_TOPIC_ARN: world.topicArn,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ...more,
    });
  }

  it('restarts a stopped trail and publishes to the central topic named by NOTIFICATION_TOPIC_ARN', async () => {
    await emulator().reset();
    const world = await World.create(emulator());
    await world.trail('management-events', { stopped: true });
    await runAsFunction(world, { SELF_ROLE_ARN: world.settings().selfRoleArn ?? '' });

    const handler = coldStart();
    await handler(world.event('stop-logging.sso-role'), { awsRequestId: 'test-request' });
    await handler(world.event('start-logging.trailguard-echo'), { awsRequestId: 'test-echo' });

    const cloudtrail = await world.cloudTrail();
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'management-events' }))).IsLogging).toBe(
      true,
    );
    const notifications = await world.notifications();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.document.response).toMatchObject({ outcome: 'succeeded', verified: true });
  });

  // The bundle makes its own EventBridge client, which no middleware reaches: moto gets the event to
  // the security account's bus by a relay in the member account (see relayToBus), in the bus's region
  // only, so an event put from the function's region would not arrive.
  it('puts each incident on the bus CENTRAL_BUS_ARN names, through a client in that bus’s region', async () => {
    await emulator().reset();
    const world = await World.create(emulator());
    await world.trail('management-events', { stopped: true });
    const busArn = `arn:aws:events:${TOPIC_REGION}:${world.security}:event-bus/${CENTRAL_BUS}`;
    const [received] = await busWithRules(emulator(), { account: world.security, region: TOPIC_REGION }, [
      { source: ['trailguard'] },
    ]);
    await relayToBus(emulator(), busArn, [world.member], ['trailguard']);
    await runAsFunction(world, { CENTRAL_BUS_ARN: busArn });
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await coldStart()(world.event('stop-logging.sso-role'), { awsRequestId: 'test-bus' });
    } finally {
      write.mockRestore();
    }

    const [notification] = await world.notifications();
    expect(((await received?.()) ?? []).map((e) => e.detail)).toEqual([notification?.document]);
    expect(lines.join('')).toMatch(/"TamperEvents":1/);
    expect(lines.join('')).not.toMatch(/IncidentEventFailures/);
  });

  it('fails with a clear message when the environment is invalid', async () => {
    delete process.env.NOTIFICATION_TOPIC_ARN;
    process.env.REMEDIATION_MODE = 'yolo';
    await expect(coldStart()({})).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringMatching(
        /environment is invalid: NOTIFICATION_TOPIC_ARN is required.*REMEDIATION_MODE must be remediate or notify-only/,
      ),
    });
  });

  // The bundle is minified, which renames classes: Lambda's errorType, the DLQ record and the
  // logs must still read the error's real name.
  it('throws and logs errors under their own names, though the bundle is minified', async () => {
    await emulator().reset();
    const world = await World.create(emulator());
    const credentials = await emulator().credentials(world.member);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: emulator().endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_REGION: 'eu-west-1',
      // A topic that does not exist: the publish fails.
      NOTIFICATION_TOPIC_ARN: world.topicArn.replace(/[^:]+$/, 'no-such-topic'),
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const handler = coldStart();
      await expect(handler({ source: 'somewhere.else' })).rejects.toMatchObject({
        name: 'UnrecognisedEventError',
      });
      // Another account's event, handed over by a direct invocation: refused before any call.
      const foreign = world.event('stop-logging.sso-role', (raw) => {
        raw.detail.recipientAccountId = '999999999999';
      });
      await expect(
        handler(foreign, {
          invokedFunctionArn: `arn:aws:lambda:eu-west-1:${world.member}:function:trailguard-remediation`,
        }),
      ).rejects.toMatchObject({ name: 'ForeignEventError' });
      // No trail of that name: StartLogging fails, and so does the publish.
      const failure = await handler(world.event('stop-logging.sso-role')).then(
        () => null,
        (error: Error) => error,
      );
      expect(failure).toMatchObject({ name: 'IncidentFailedError', cause: { name: 'NotificationError' } });
      expect(failure?.stack).toMatch(/^IncidentFailedError: remediation failed: StartLogging/);
    } finally {
      write.mockRestore();
    }
    const logged = lines
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'ERROR',
          message: 'foreign event refused',
          account: '999999999999',
          region: 'eu-west-1',
        }),
        expect.objectContaining({
          message: 'remediation failed',
          error: expect.objectContaining({ name: 'RemediationError' }),
        }),
        expect.objectContaining({
          message: 'notification failed',
          error: expect.objectContaining({ name: 'NotificationError' }),
        }),
      ]),
    );
  });

  it('fails the Lambda cold start itself, before any event, when the environment is invalid', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'trailguard-handler';
    process.env.NOTIFICATION_TOPIC_ARN = 'not-an-arn';
    expect(() => coldStart()).toThrow(/NOTIFICATION_TOPIC_ARN must be an SNS topic ARN, got "not-an-arn"/);
  });
});
