import {
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
} from '@aws-sdk/client-cloudtrail';
import { UnrecognisedEventError } from '../../src/domain/errors';
import { RESTORED_SELECTOR_NAME } from '../../src/domain/selectors';
import { useWorld } from '../use-world';
import { MEMBER_REGION, TOPIC_REGION } from '../world';

describe('the handler against the emulator', () => {
  const { world } = useWorld();

  const isLogging = async (name: string, region = MEMBER_REGION) =>
    (await (await world().cloudTrail(region)).send(new GetTrailStatusCommand({ Name: name }))).IsLogging;

  it('restarts a stopped trail and notifies the security account in another region: start, verify, publish', async () => {
    const arn = await world().trail('management-events', { stopped: true });
    expect(await isLogging('management-events')).toBe(false);

    const summary = await (await world().handler())(world().event('stop-logging.sso-role'));

    expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 0 });
    expect(await isLogging('management-events')).toBe(true);
    expect(world().calls).toEqual([
      { service: 'cloudtrail', command: 'StartLogging', region: MEMBER_REGION },
      { service: 'cloudtrail', command: 'GetTrailStatus', region: MEMBER_REGION },
      { service: 'sns', command: 'Publish', region: TOPIC_REGION },
    ]);
    const [notification, ...rest] = await world().notifications();
    expect(rest).toEqual([]);
    expect(world().topicArn).toMatch(new RegExp(`^arn:aws:sns:${TOPIC_REGION}:${world().security}:`));
    expect(notification?.subject).toBe(
      `[CRITICAL] TrailGuard: Logging stopped on trail management-events (${world().member} eu-west-1)`,
    );
    expect(notification?.attributes).toEqual({
      severity: 'critical',
      eventName: 'StopLogging',
      account: world().member,
    });
    expect(notification?.document).toMatchObject({
      schemaVersion: 1,
      severity: 'critical',
      trail: { name: 'management-events', arn },
      response: {
        action: 'start-logging',
        outcome: 'succeeded',
        verified: true,
        reason: 'GetTrailStatus reports the trail logging',
      },
    });
    const metrics = JSON.parse(world().metricLines[0] as string);
    expect(metrics).toMatchObject({
      TamperEvents: 1,
      Remediations: 1,
      RemediationLatency: [expect.any(Number)],
    });
    expect(metrics._aws.CloudWatchMetrics[0].Namespace).toBe('TrailGuard');
  });

  it('restarts a trail stopped by ARN from another region, in its home region', async () => {
    await world().trail('org-audit', { region: 'us-west-2', stopped: true });
    await (await world().handler())(world().event('stop-logging.by-arn-other-region'));
    expect(await isLogging('org-audit', 'us-west-2')).toBe(true);
    expect(
      world()
        .calls.filter((c) => c.service === 'cloudtrail')
        .map((c) => c.region),
    ).toEqual(['us-west-2', 'us-west-2']);
  });

  it('stays silent on its own StartLogging echo: no call, no message', async () => {
    await world().trail('management-events');
    const summary = await (await world().handler())(world().event('start-logging.trailguard-echo'));
    expect(summary).toEqual({ notifications: 0, remediations: 0, failures: 0 });
    expect(world().calls).toEqual([]);
    expect(await world().notifications()).toEqual([]);
  });

  it('reports a failed StopLogging attempt with null parameters and calls nothing but Publish', async () => {
    await (await world().handler())(world().event('stop-logging.failed-access-denied'));
    expect(world().calls.map((c) => c.command)).toEqual(['Publish']);
    const [notification] = await world().notifications();
    expect(notification?.document).toMatchObject({
      severity: 'high',
      event: { errorCode: 'AccessDenied' },
      response: { action: 'none', outcome: 'not-applicable' },
    });
  });

  it('leaves the trail stopped in notify-only mode and says so', async () => {
    await world().trail('management-events', { stopped: true });
    await (await world().handler({ mode: 'notify-only' }))(world().event('stop-logging.sso-role'));
    expect(await isLogging('management-events')).toBe(false);
    const [notification] = await world().notifications();
    expect(notification?.document.response).toMatchObject({
      action: 'start-logging',
      outcome: 'skipped',
      verified: false,
    });
  });

  it('leaves an exempt principal’s change alone and reports it skipped', async () => {
    await world().trail('management-events', { stopped: true });
    const handler = await world().handler({
      exemptPrincipals: ['arn:aws:sts::*:assumed-role/AWSReservedSSO_AdministratorAccess_*/*'],
    });
    await handler(world().event('stop-logging.sso-role'));
    expect(await isLogging('management-events')).toBe(false);
    expect((await world().notifications())[0]?.document.response.reason).toMatch(/exempt/);
  });

  it('adds management events back to advanced selectors and keeps the data selector', async () => {
    await world().trail('management-events');
    const cloudtrail = await world().cloudTrail();
    const dataOnly = {
      Name: 'S3 object writes',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        { Field: 'readOnly', Equals: ['false'] },
      ],
    };
    await cloudtrail.send(
      new PutEventSelectorsCommand({ TrailName: 'management-events', AdvancedEventSelectors: [dataOnly] }),
    );

    await (await world().handler())(world().event('put-event-selectors.advanced'));

    const after = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: 'management-events' }));
    expect(after.AdvancedEventSelectors).toEqual([
      dataOnly,
      { Name: RESTORED_SELECTOR_NAME, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    ]);
    expect(world().calls.map((c) => c.command)).toEqual([
      'GetEventSelectors',
      'PutEventSelectors',
      'GetEventSelectors',
      'Publish',
    ]);
    expect((await world().notifications())[0]?.document).toMatchObject({
      severity: 'high',
      response: { action: 'restore-management-events', outcome: 'succeeded', verified: true },
    });
  });

  it('adds a management selector beside basic data selectors', async () => {
    await world().trail('management-events');
    const cloudtrail = await world().cloudTrail();
    const data = {
      ReadWriteType: 'All' as const,
      IncludeManagementEvents: false,
      DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::payroll-exports/'] }],
      ExcludeManagementEventSources: [],
    };
    await cloudtrail.send(
      new PutEventSelectorsCommand({ TrailName: 'management-events', EventSelectors: [data] }),
    );

    await (await world().handler())(world().event('put-event-selectors.basic-no-management'));

    const after = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: 'management-events' }));
    expect(after.EventSelectors).toEqual([
      data,
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] },
    ]);
  });

  it('selectors omitted from the event: reads GetEventSelectors, changes nothing when management events are recorded, and says so', async () => {
    await world().trail('management-events');

    const summary = await (await world().handler())(world().event('put-event-selectors.selectors-omitted'));

    expect(summary).toEqual({ notifications: 1, remediations: 0, failures: 0 });
    expect(world().calls.map((c) => c.command)).toEqual(['GetEventSelectors', 'Publish']);
    const [notification] = await world().notifications();
    expect(notification?.document).toMatchObject({
      severity: 'medium',
      summary: 'Event selectors changed on trail management-events; CloudTrail omitted the selectors',
      response: {
        action: 'restore-management-events',
        outcome: 'not-applicable',
        verified: true,
        reason: 'GetEventSelectors shows management events recorded; nothing changed',
      },
    });
  });

  it('selectors omitted from the event: restores management events when GetEventSelectors shows them gone', async () => {
    await world().trail('management-events');
    const cloudtrail = await world().cloudTrail();
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: 'management-events',
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [] }],
      }),
    );

    const summary = await (await world().handler())(world().event('put-event-selectors.selectors-omitted'));

    expect(summary).toEqual({ notifications: 1, remediations: 1, failures: 0 });
    const [notification] = await world().notifications();
    expect(notification?.document.response).toMatchObject({ outcome: 'succeeded', verified: true });
  });

  it('sweeps: repairs each trail of this region that is stopped or blind to management events, one message each', async () => {
    await world().trail('healthy-trail');
    const stopped = await world().trail('stopped-trail', { stopped: true });
    const blind = await world().trail('blind-trail');
    const cloudtrail = await world().cloudTrail();
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: 'blind-trail',
        EventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: false,
            DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
          },
        ],
      }),
    );
    // A multi-region trail homed elsewhere appears here as a shadow copy; its home region's sweep owns it.
    await world().trail('homed-elsewhere', { region: 'us-east-1', stopped: true, multiRegion: true });

    // Twenty minutes after the stops: past the wait for event history to explain them.
    const summary = await (await world().handler())(
      world().event('scheduled-event', (raw) => {
        raw.time = new Date(Date.now() + 20 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      }),
    );

    expect(summary).toEqual({ notifications: 2, remediations: 2, failures: 0 });
    expect(await isLogging('stopped-trail')).toBe(true);
    expect(await isLogging('homed-elsewhere', 'us-east-1')).toBe(false);
    const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: 'blind-trail' }));
    expect(
      selectors.EventSelectors?.some((s) => s.IncludeManagementEvents && s.ReadWriteType === 'All'),
    ).toBe(true);
    const notifications = await world().notifications();
    expect(notifications.map((n) => n.document.trail.arn).sort()).toEqual([blind, stopped].sort());
    for (const n of notifications)
      expect(n.document.response).toMatchObject({ outcome: 'succeeded', verified: true });
    expect(notifications.find((n) => n.document.trail.arn === stopped)?.document.response.action).toBe(
      'start-logging',
    );
    expect(notifications.find((n) => n.document.trail.arn === blind)?.document.response.action).toBe(
      'restore-management-events',
    );
  });

  it('is quiet when the sweep finds every trail fine', async () => {
    await world().trail('healthy-trail');
    await (await world().handler())(world().event('scheduled-event'));
    expect(world().calls.map((c) => c.command)).toEqual([
      'ListTrails',
      'GetTrailStatus',
      'GetEventSelectors',
    ]);
    expect(await world().notifications()).toEqual([]);
  });

  it('fails the invocation on an event it does not recognise, so the dead-letter queue keeps it', async () => {
    await expect(
      (await world().handler())({ 'detail-type': 'Object Created', source: 'aws.s3', detail: {} }),
    ).rejects.toThrow(UnrecognisedEventError);
    expect(world().calls).toEqual([]);
  });

  it('re-running a StopLogging event on an already restarted trail is harmless (retries)', async () => {
    await world().trail('management-events', { stopped: true });
    const handler = await world().handler();
    await handler(world().event('stop-logging.sso-role'));
    await handler(world().event('stop-logging.sso-role'));
    expect(await isLogging('management-events')).toBe(true);
    expect(await world().notifications()).toHaveLength(2);
  });
});
