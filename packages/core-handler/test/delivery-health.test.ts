import {
  type DeliveryStatus,
  deliveryIncident,
  deliveryProblems,
  meaningOf,
} from '../src/domain/delivery-health';
import type { ScheduledEvent } from '../src/domain/event';
import { trailRef } from '../src/domain/resources';

const MINUTE = 60_000;
const NOW = Date.parse('2026-11-27T10:00:00Z');
const GAP = 360;
const healthy: DeliveryStatus = {
  logging: true,
  startedAt: NOW - 30 * 24 * 60 * MINUTE,
  logFiles: { last: NOW - 4 * MINUTE, error: null },
  digestFiles: { last: NOW - 40 * MINUTE, error: null },
  cloudWatchLogs: { last: NOW - 2 * MINUTE, error: null },
};
const trail = trailRef('arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events', 'eu-west-1', '');
const sweep = (time: number): ScheduledEvent => ({
  kind: 'scheduled',
  id: 'sweep',
  time: new Date(time).toISOString(),
  account: '111122223333',
  region: 'eu-west-1',
});
const clock = (now: number) => ({ now, intervalMinutes: 10 });

describe('delivery health', () => {
  it('finds nothing wrong with a trail that delivers, nor with one that is not logging', () => {
    expect(deliveryProblems(healthy, NOW, GAP)).toEqual([]);
    expect(
      deliveryProblems(
        { ...healthy, logging: false, logFiles: { last: null, error: 'AccessDenied' } },
        NOW,
        GAP,
      ),
    ).toEqual([]);
  });

  it('reports an error that no delivery followed, dated the grace after the last success', () => {
    const last = NOW - 45 * MINUTE;
    const problems = deliveryProblems({ ...healthy, logFiles: { last, error: 'AccessDenied' } }, NOW, GAP);
    expect(problems).toEqual([
      { channel: 'log files', error: 'AccessDenied', last, startedAt: last + 30 * MINUTE },
    ]);
    expect(meaningOf(problems[0] as (typeof problems)[0])).toBe(
      'the bucket policy (or, for CloudWatch Logs, the role) refuses CloudTrail',
    );
  });

  it('ignores an old error that deliveries have followed (CloudTrail keeps showing its latest error)', () => {
    expect(
      deliveryProblems({ ...healthy, logFiles: { last: NOW - 4 * MINUTE, error: 'NoSuchBucket' } }, NOW, GAP),
    ).toEqual([]);
  });

  it('reports digest and CloudWatch Logs errors on their own, with their meaning', () => {
    const problems = deliveryProblems(
      {
        ...healthy,
        digestFiles: { last: NOW - 3 * 60 * MINUTE, error: 'KMS.DisabledException' },
        cloudWatchLogs: { last: null, error: 'LogGroupNotFoundException' },
      },
      NOW,
      GAP,
    );
    expect(problems.map((p) => [p.channel, meaningOf(p)])).toEqual([
      ['digest files', 'the KMS key is disabled, pending deletion or gone'],
      ['CloudWatch Logs', 'the log group is gone'],
    ]);
  });

  it('reports a logging trail that delivered nothing for longer than the gap, dated when the gap passed', () => {
    const last = NOW - 7 * 60 * MINUTE;
    expect(deliveryProblems({ ...healthy, logFiles: { last, error: null } }, NOW, GAP)).toEqual([
      { channel: 'log files', error: null, last, startedAt: last + GAP * MINUTE },
    ]);
    // A trail that started logging recently has had no time to deliver yet.
    expect(
      deliveryProblems(
        { ...healthy, startedAt: NOW - 20 * MINUTE, logFiles: { last: null, error: null } },
        NOW,
        GAP,
      ),
    ).toEqual([]);
  });

  it('reports once when new, stays quiet after, and reminds in the daily slot', () => {
    const problems = deliveryProblems(
      { ...healthy, logFiles: { last: NOW - 35 * MINUTE, error: 'AccessDenied' } },
      NOW,
      GAP,
    );
    // Visible since NOW - 5 min: new in the sweep scheduled at NOW, not in the next one.
    const incident = deliveryIncident(sweep(NOW), trail, problems, clock(NOW));
    expect(incident?.assessment).toMatchObject({
      severity: 'critical',
      summary: 'Trail management-events logs but delivers no log files (AccessDenied) (new)',
      details: [
        `log files: AccessDenied (last delivered ${new Date(NOW - 35 * MINUTE).toISOString()}): the bucket policy (or, for CloudWatch Logs, the role) refuses CloudTrail`,
      ],
    });
    expect(incident?.response).toMatchObject({ actions: [], outcome: 'not-applicable' });
    expect(deliveryIncident(sweep(NOW + 10 * MINUTE), trail, problems, clock(NOW + 10 * MINUTE))).toBeNull();
    const midnight = Date.parse('2026-11-28T00:05:00Z');
    expect(deliveryIncident(sweep(midnight), trail, problems, clock(midnight))?.assessment.summary).toMatch(
      /\(daily reminder\)$/,
    );
  });

  it('rates digest or CloudWatch Logs problems alone high', () => {
    const problems = deliveryProblems(
      { ...healthy, cloudWatchLogs: { last: NOW - 38 * MINUTE, error: 'AccessDeniedException' } },
      NOW,
      GAP,
    );
    expect(deliveryIncident(sweep(NOW), trail, problems, clock(NOW))?.assessment.severity).toBe('high');
  });
});
