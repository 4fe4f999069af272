import {
  CloudTrailClient,
  GetEventDataStoreCommand,
  GetTrailStatusCommand,
  StartEventDataStoreIngestionCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { useEmulator } from '@trailguard/test';
import { mockClient } from 'aws-sdk-client-mock';
import { IncidentFailedError } from '../../src/domain/errors';
import { createHandler } from '../../src/handler';
import { MEMBER_REGION, World } from '../world';

/** An error shaped as the SDK deserialises an AWS error response. */
function awsError(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status, attempts: 1 },
  });
}

describe('faults the emulator cannot produce', () => {
  const emulator = useEmulator();
  let world: World;

  beforeEach(async () => {
    await emulator().reset();
    world = await World.create(emulator());
  });

  const isLogging = async (name: string) =>
    (await (await world.cloudTrail()).send(new GetTrailStatusCommand({ Name: name }))).IsLogging;

  it('retries a throttled StartLogging with the SDK’s standard retry strategy, then restarts the trail', async () => {
    await world.trail('management-events', { stopped: true });
    const deps = await world.deps();
    let throttled = 0;
    const handler = createHandler({
      ...deps,
      cloudTrailClient: (region) => {
        const client = deps.cloudTrailClient?.(region) as CloudTrailClient;
        // Below the retry middleware: the first StartLogging attempt comes back throttled.
        client.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName === 'StartLoggingCommand' && throttled === 0) {
              throttled++;
              throw awsError('ThrottlingException', 400, 'Rate exceeded');
            }
            return next(args);
          },
          { step: 'deserialize', name: 'throttleOnce' },
        );
        return client;
      },
    });

    await expect(handler(world.event('stop-logging.sso-role'))).resolves.toMatchObject({ remediations: 1 });

    expect(throttled).toBe(1);
    expect(await isLogging('management-events')).toBe(true);
    expect((await world.notifications())[0]?.document.response).toMatchObject({
      outcome: 'succeeded',
      verified: true,
    });
  });

  it('remediates even when publishing fails, then fails the invocation so the event is retried', async () => {
    await world.trail('management-events', { stopped: true });
    const deps = await world.deps();
    const sns = new SNSClient({ region: 'eu-central-1' });
    mockClient(sns)
      .on(PublishCommand)
      .rejects(awsError('AuthorizationErrorException', 403, 'not authorized to publish'));
    const handler = createHandler({ ...deps, snsClient: sns });

    await expect(handler(world.event('stop-logging.sso-role'))).rejects.toThrow(IncidentFailedError);

    expect(await isLogging('management-events')).toBe(true);
    expect(world.calls.map((c) => c.command)).toEqual(['StartLogging', 'GetTrailStatus']);
  });

  it('reports a denied StartLogging as failed with the reason, once: the invocation does not fail (Lambda would only repeat the notice)', async () => {
    const deps = await world.deps();
    const cloudtrail = new CloudTrailClient({ region: MEMBER_REGION });
    mockClient(cloudtrail)
      .on(StartLoggingCommand)
      .rejects(
        awsError('AccessDeniedException', 403, 'User is not authorized to perform: cloudtrail:StartLogging'),
      );
    const handler = createHandler({ ...deps, cloudTrailClient: () => cloudtrail });

    await expect(handler(world.event('stop-logging.sso-role'))).resolves.toEqual({
      notifications: 1,
      remediations: 0,
      failures: 1,
    });
    expect(world.metricLines.map((l) => JSON.parse(l).RemediationFailures)).toEqual([1]);

    const [notification] = await world.notifications();
    expect(notification?.subject).toMatch(/^\[CRITICAL\]/);
    expect(notification?.document.response).toMatchObject({
      action: 'start-logging',
      outcome: 'failed',
      verified: false,
      reason: expect.stringContaining(
        'AccessDeniedException: User is not authorized to perform: cloudtrail:StartLogging',
      ),
    });
  });

  it('restarts ingestion of a stopped event data store and verifies it (moto has no CloudTrail Lake)', async () => {
    const deps = await world.deps();
    const cloudtrail = new CloudTrailClient({ region: MEMBER_REGION });
    const lake = mockClient(cloudtrail);
    lake.on(StartEventDataStoreIngestionCommand).resolves({});
    lake.on(GetEventDataStoreCommand).resolves({ Status: 'ENABLED' });
    const handler = createHandler({ ...deps, cloudTrailClient: () => cloudtrail });

    await handler(world.event('stop-event-data-store-ingestion.sso-role'));

    const store = `arn:aws:cloudtrail:eu-west-1:${world.member}:eventdatastore/0f5e3b0c-EXAMPLE-4a1c-9d2e-3b4c5d6e7f80`;
    expect(lake.commandCalls(StartEventDataStoreIngestionCommand)[0]?.args[0].input).toEqual({
      EventDataStore: store,
    });
    expect((await world.notifications())[0]?.document).toMatchObject({
      trail: { arn: store },
      response: { action: 'start-event-data-store-ingestion', outcome: 'succeeded', verified: true },
    });
  });

  it('reports a failed repair when the event data store does not come back to ENABLED', async () => {
    const deps = await world.deps();
    const cloudtrail = new CloudTrailClient({ region: MEMBER_REGION });
    const lake = mockClient(cloudtrail);
    lake.on(StartEventDataStoreIngestionCommand).resolves({});
    lake.on(GetEventDataStoreCommand).resolves({ Status: 'STOPPED_INGESTION' });
    const handler = createHandler({ ...deps, cloudTrailClient: () => cloudtrail });

    await expect(handler(world.event('stop-event-data-store-ingestion.sso-role'))).resolves.toMatchObject({
      failures: 1,
    });
    expect((await world.notifications())[0]?.document.response).toMatchObject({
      outcome: 'failed',
      verified: false,
    });
  });
});
