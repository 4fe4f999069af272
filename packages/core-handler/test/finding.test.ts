import { defaultProductArn, findingId, toFinding } from '../src/domain/finding';
import { nextStepOf } from '../src/domain/next-step';
import type { NotificationDocument } from '../src/domain/notification';

const home = { account: '111122223333', region: 'eu-west-1', partition: 'aws' };
const now = new Date('2026-12-01T10:16:00Z');

/** A stop of logging by an SSO role, restarted and verified. */
const repaired: NotificationDocument = {
  schemaVersion: 1,
  severity: 'high',
  summary: 'Logging stopped on trail management-events',
  event: {
    id: 'a1b2c3d4-5678-90ab-cdef-111122223333',
    name: 'StopLogging',
    time: '2026-12-01T10:15:02Z',
    account: '111122223333',
    region: 'eu-west-1',
    sourceIp: '203.0.113.7',
    userAgent: 'aws-cli/2.22.0',
    errorCode: null,
  },
  actor: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/jane',
    accountId: '111122223333',
    name: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/jane',
  },
  trail: {
    name: 'management-events',
    arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events',
  },
  response: {
    action: 'start-logging',
    outcome: 'succeeded',
    verified: true,
    reason: 'GetTrailStatus shows IsLogging true',
  },
  nextStep: 'Find out from the actor why the change was made.',
};

describe('an incident as a Security Hub finding', () => {
  it('is resolved and passed, in the default product of the account and region, when the repair was verified', () => {
    expect(toFinding(repaired, home, now)).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: 'arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default',
      AwsAccountId: '111122223333',
      Region: 'eu-west-1',
      GeneratorId: 'trailguard/StopLogging',
      Types: ['TTPs/Defense Evasion/CloudTrail tampering'],
      CreatedAt: '2026-12-01T10:15:02.000Z',
      UpdatedAt: '2026-12-01T10:16:00.000Z',
      Severity: { Label: 'HIGH', Original: 'high' },
      FindingProviderFields: { Severity: { Label: 'HIGH' } },
      Title: 'TrailGuard: Logging stopped on trail management-events',
      Resources: [
        {
          Type: 'AwsCloudTrailTrail',
          Id: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events',
          Partition: 'aws',
          Region: 'eu-west-1',
        },
      ],
      Workflow: { Status: 'RESOLVED' },
      Compliance: { Status: 'PASSED' },
      RecordState: 'ACTIVE',
      Remediation: {
        Recommendation: { Text: repaired.nextStep },
      },
    });
    expect(defaultProductArn({ ...home, partition: 'aws-us-gov' })).toBe(
      'arn:aws-us-gov:securityhub:eu-west-1:111122223333:product/111122223333/default',
    );
  });

  it('stays new and failed, critical, with the way out, when the repair failed', () => {
    const response = {
      action: 'start-logging',
      outcome: 'failed',
      verified: false,
      reason: 'AccessDenied',
    } as const;
    const failed: NotificationDocument = {
      ...repaired,
      severity: 'critical',
      response,
      nextStep: nextStepOf({ ...repaired, response }),
    };
    const finding = toFinding(failed, home, now);
    expect(finding).toMatchObject({
      Severity: { Label: 'CRITICAL' },
      Workflow: { Status: 'NEW' },
      Compliance: { Status: 'FAILED' },
    });
    expect(finding.Remediation.Recommendation.Text).toMatch(/repair it by hand/);
    // Repaired but not verified is not resolved either.
    const unverified = { ...repaired, response: { ...repaired.response, verified: false } };
    expect(toFinding(unverified, home, now).Workflow?.Status).toBe('NEW');
  });

  it('keeps one Id per incident, so that a retry updates it, and tells apart what one sweep reports', () => {
    expect(findingId(repaired)).toBe(findingId(JSON.parse(JSON.stringify(repaired))));
    expect(findingId(repaired)).toMatch(
      /^trailguard\/111122223333\/eu-west-1\/a1b2c3d4-5678-90ab-cdef-111122223333\/[0-9a-f]{8}$/,
    );
    const sweep = { ...repaired, event: { ...repaired.event, name: 'Sweep' } };
    const otherTrail = {
      ...sweep,
      trail: { name: 'audit', arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/audit' },
    };
    const delivery = { ...sweep, summary: 'Trail management-events logs but delivers no log files (new)' };
    expect(new Set([findingId(sweep), findingId(otherTrail), findingId(delivery)]).size).toBe(3);
    expect(toFinding(sweep, home, now).Types).toEqual([
      'Software and Configuration Checks/AWS Security Best Practices/CloudTrail logging',
    ]);
  });

  it('keeps one Id per trail and problem across sweeps, so that reminders and the repair update the first report', () => {
    const sweep = (id: string, summary: string) => ({
      ...repaired,
      summary,
      event: { ...repaired.event, id, name: 'Sweep' },
    });
    const first = findingId(
      sweep('sweep-day-1', 'Trail management-events found not logging by the sweep (new)'),
    );
    expect(first).toMatch(/^trailguard\/111122223333\/eu-west-1\/sweep\/[0-9a-f]{8}$/);
    expect(
      findingId(
        sweep('sweep-day-2', 'Trail management-events found not logging by the sweep (daily reminder)'),
      ),
    ).toBe(first);
    expect(findingId(sweep('sweep-day-3', 'Trail management-events found not logging by the sweep'))).toBe(
      first,
    );
    expect(
      findingId(
        sweep(
          'sweep-day-1',
          'Trail management-events found not recording management events by the sweep (new)',
        ),
      ),
    ).not.toBe(first);
    const delivery = 'Trail management-events logs but delivers no log files (AccessDenied)';
    expect(findingId(sweep('sweep-day-1', `${delivery} (new)`))).toBe(
      findingId(sweep('sweep-day-2', `${delivery} (daily reminder)`)),
    );
    // An event's incidents stay one finding per event: the same call twice is two findings.
    expect(findingId({ ...repaired, event: { ...repaired.event, id: 'another-event' } })).not.toBe(
      findingId(repaired),
    );
  });

  it('names the key or bucket behind a trail, else the account, as its resource', () => {
    const key = {
      ...repaired,
      trail: { name: null, arn: null },
      resource: { type: 'kms-key', name: '1234abcd', arn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd' },
    };
    expect(toFinding(key, home, now).Resources[0]).toMatchObject({ Type: 'AwsKmsKey', Id: key.resource.arn });
    const none = { ...repaired, trail: { name: null, arn: null } };
    expect(toFinding(none, home, now).Resources[0]).toMatchObject({
      Type: 'AwsAccount',
      Id: 'AWS::::Account:111122223333',
    });
  });

  it('fits the format limits whatever an attacker puts in a name, and keeps their text out of the Id', () => {
    const long = 'x'.repeat(2000);
    const forged = {
      ...repaired,
      summary: `Logging stopped on trail ${long}`,
      event: { ...repaired.event, id: `../${long}\n`, name: 'StopLogging\nFake' },
      response: { ...repaired.response, reason: long },
    };
    const finding = toFinding(forged, home, now);
    expect(finding.Title.length).toBeLessThanOrEqual(256);
    expect(finding.Description.length).toBeLessThanOrEqual(1024);
    expect(finding.Id.length).toBeLessThanOrEqual(512);
    expect(finding.Id).not.toMatch(/\.\.\/|\n/);
    expect(finding.GeneratorId).not.toMatch(/\n/);
    expect(finding.Description).toMatch(/^"StopLogging Fake" by /);
  });
});
