import { defaultProductArn, findingId, recommendation, toFinding } from '../src/domain/finding';
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
        Recommendation: { Text: expect.stringMatching(/^TrailGuard repaired and verified this\./) },
      },
    });
    expect(defaultProductArn({ ...home, partition: 'aws-us-gov' })).toBe(
      'arn:aws-us-gov:securityhub:eu-west-1:111122223333:product/111122223333/default',
    );
  });

  it('stays new and failed, critical, with the way out, when the repair failed', () => {
    const failed: NotificationDocument = {
      ...repaired,
      severity: 'critical',
      response: { action: 'start-logging', outcome: 'failed', verified: false, reason: 'AccessDenied' },
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
    expect(toFinding(unverified, home, now).Workflow.Status).toBe('NEW');
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

  it('advises by what happened: a failed attempt, a change left alone, an unexplained change', () => {
    expect(recommendation({ ...repaired, event: { ...repaired.event, errorCode: 'AccessDenied' } })).toMatch(
      /Nothing changed, but someone tried/,
    );
    expect(recommendation({ ...repaired, response: { ...repaired.response, outcome: 'skipped' } })).toMatch(
      /left the change as it is/,
    );
    expect(
      recommendation({
        ...repaired,
        response: { ...repaired.response, outcome: 'not-applicable', verified: false },
      }),
    ).toMatch(/^Confirm that the change is expected/);
  });
});
