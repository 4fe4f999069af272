import { type Finding, toFinding } from '../src/domain/finding';
import { nextStepOf } from '../src/domain/next-step';
import type { NotificationDocument, ResponseDocument } from '../src/domain/notification';
import { type StoredFinding, settle, settlesEarlierFindings } from '../src/domain/settled-findings';

const home = { account: '111122223333', region: 'eu-west-1', partition: 'aws' };
const trail = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events';
const product = 'arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default';

/** A document about the trail with `response`, from the event `id`. */
function incident(id: string, name: string, response: ResponseDocument): NotificationDocument {
  const facts = {
    schemaVersion: 1 as const,
    severity: response.outcome === 'failed' ? ('critical' as const) : ('high' as const),
    summary: `${name} on trail management-events`,
    event: {
      id,
      name,
      time: '2026-12-01T10:15:02Z',
      account: '111122223333',
      region: 'eu-west-1',
      sourceIp: null,
      userAgent: null,
      errorCode: null,
    },
    actor: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/Admin/jane',
      accountId: '111122223333',
      name: 'arn:aws:sts::111122223333:assumed-role/Admin/jane',
    },
    trail: { name: 'management-events', arn: trail },
    response,
  };
  return { ...facts, nextStep: nextStepOf(facts) };
}

/** A finding TrailGuard imported earlier, as GetFindings returns it (with the fields Security Hub adds). */
function stored(document: NotificationDocument, changes: StoredFinding = {}): Finding {
  const finding = toFinding(document, home, new Date('2026-12-01T10:16:00Z'));
  return {
    ...finding,
    ProductFields: {
      ...finding.ProductFields,
      'aws/securityhub/FindingId': 'x',
      'aws/securityhub/ProductName': 'Default',
    },
    ...changes,
  } as Finding;
}

const failedRestart = incident('stop-1', 'StopLogging', {
  action: 'start-logging',
  outcome: 'failed',
  verified: false,
  reason: 'AccessDenied',
});
const managementLeftAlone = incident('selectors-1', 'PutEventSelectors', {
  action: 'restore-management-events',
  outcome: 'skipped',
  verified: false,
  reason: 'an exempt principal',
});
const repairedBySweep = incident('sweep-2', 'Sweep', {
  action: 'start-logging',
  outcome: 'succeeded',
  verified: true,
  reason: 'GetTrailStatus shows IsLogging true',
});

describe('the findings a verified repair settles', () => {
  const now = new Date('2026-12-02T00:05:00Z');
  const repair = toFinding(repairedBySweep, home, now);

  it('settles only a verified, successful repair', () => {
    expect(settlesEarlierFindings(repairedBySweep)).toBe(true);
    expect(settlesEarlierFindings(failedRestart)).toBe(false);
    const unverified = { ...repairedBySweep, response: { ...repairedBySweep.response, verified: false } };
    expect(settlesEarlierFindings(unverified)).toBe(false);
  });

  it('archives and passes the failed repair of the same trail, and leaves what the repair did not fix open', () => {
    const open = [stored(failedRestart), stored(managementLeftAlone)];
    const [own, ...settled] = settle(repair, repairedBySweep, open, now);
    expect(own).toBe(repair);
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({
      Id: open[0]?.Id,
      ProductArn: product,
      GeneratorId: 'trailguard/StopLogging',
      Title: open[0]?.Title,
      Severity: { Label: 'CRITICAL', Original: 'critical' },
      CreatedAt: open[0]?.CreatedAt,
      UpdatedAt: now.toISOString(),
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
      Resources: [{ Type: 'AwsCloudTrailTrail', Id: trail }],
      ProductFields: { 'trailguard/eventId': 'stop-1', 'trailguard/settledBy': 'sweep-2' },
    });
    // Security Hub ignores Workflow in an update and owns its own product fields: neither is sent.
    expect(settled[0]).not.toHaveProperty('Workflow');
    expect(Object.keys(settled[0]?.ProductFields ?? {}).filter((k) => k.startsWith('aws/'))).toEqual([]);
  });

  it('leaves closed, foreign and other resources’ findings alone', () => {
    const open = [
      stored(failedRestart, { RecordState: 'ARCHIVED' }),
      stored(failedRestart, { Compliance: { Status: 'PASSED' } }),
      stored(failedRestart, { GeneratorId: 'aws-foundational-security-best-practices/v/1.0.0/CloudTrail.1' }),
      stored(failedRestart, { ProductArn: product.replace('eu-west-1', 'us-east-1') }),
      stored(failedRestart, { Resources: [{ Id: `${trail}-other` }] }),
    ];
    expect(settle(repair, repairedBySweep, open, now)).toEqual([repair]);
  });

  it('archives the repair’s own finding when it updates an open one: the sweep’s finding of a lasting problem', () => {
    const open = [stored(repairedBySweep, { Id: repair.Id, Compliance: { Status: 'FAILED' } })];
    expect(settle(repair, repairedBySweep, open, now)).toEqual([{ ...repair, RecordState: 'ARCHIVED' }]);
  });
});
