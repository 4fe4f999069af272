// UpdateTrail: switches turned off are turned back on; destinations set are reported critical.
import { decide } from '../src/domain/decide';
import { onlyRestoresSwitches } from '../src/domain/trail-settings';
import { apiCall } from './fixtures';
import { settings, TRAIL_ARN } from './trail-dependencies';

describe('weakened trail settings', () => {
  it('turns back on what an UpdateTrail turned off, and rates a moved bucket critical with its new name', () => {
    const decision = decide(apiCall('update-trail.weakened'), settings);
    expect(decision).toMatchObject({
      kind: 'remediate',
      remedy: 'restore-trail-settings',
      assessment: {
        severity: 'critical',
        summary: 'Log bucket of trail management-events set to attacker-owned-bucket',
        target: { kind: 'trail', restore: ['IsMultiRegionTrail', 'EnableLogFileValidation'] },
      },
    });
    expect(decision.kind === 'remediate' ? decision.assessment.details : []).toEqual([
      'multi-region logging turned off',
      'log file validation turned off',
      'log bucket set to "attacker-owned-bucket"; the event does not show the previous one, which may be the same',
    ]);
  });

  it('reports a moved destination without undoing it when nothing was turned off', () => {
    const decision = decide(
      apiCall('update-trail.weakened', (raw) => {
        raw.detail.requestParameters = { name: 'management-events', kmsKeyId: '' };
      }),
      settings,
    );
    expect(decision).toMatchObject({
      kind: 'report',
      action: 'none',
      reason: 'a destination is never reverted: TrailGuard cannot know the old one is still right',
      assessment: {
        severity: 'critical',
        details: ['KMS key set to "none"; the event does not show the previous one, which may be the same'],
        summary: 'KMS key of trail management-events set to none',
      },
    });
  });

  it('words a bucket the console re-sends unchanged as set, not moved: the event shows no previous one', () => {
    // The console's "Save" sends the trail's own bucket back; the event cannot tell it from a move.
    const decision = decide(
      apiCall('update-trail.weakened', (raw) => {
        raw.detail.requestParameters = {
          name: 'management-events',
          s3BucketName: 'management-events-logs-111122223333',
          includeGlobalServiceEvents: true,
        };
      }),
      settings,
    );
    expect(decision).toMatchObject({
      kind: 'report',
      assessment: {
        severity: 'critical',
        summary: 'Log bucket of trail management-events set to management-events-logs-111122223333',
      },
    });
    expect(JSON.stringify(decision)).not.toMatch(/moved|another/);
  });

  it('names every destination set in one call, without values in the summary', () => {
    const decision = decide(
      apiCall('update-trail.weakened', (raw) => {
        raw.detail.requestParameters = {
          name: 'management-events',
          s3BucketName: 'b',
          cloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:elsewhere:*',
        };
      }),
      settings,
    );
    expect(decision).toMatchObject({
      assessment: {
        severity: 'critical',
        summary: 'Log bucket, CloudWatch Logs group of trail management-events set',
        details: [
          'log bucket set to "b"; the event does not show the previous one, which may be the same',
          'CloudWatch Logs group set to "arn:aws:logs:eu-west-1:111122223333:log-group:elsewhere:*"; the event does not show the previous one, which may be the same',
        ],
      },
    });
  });

  it('reports a weakening it cannot undo (no longer an organization trail) high', () => {
    const decision = decide(
      apiCall('update-trail.weakened', (raw) => {
        raw.detail.requestParameters = { name: 'management-events', isOrganizationTrail: false };
      }),
      settings,
    );
    expect(decision).toMatchObject({
      kind: 'report',
      assessment: { severity: 'high', summary: 'Trail management-events weakened' },
    });
  });

  it('treats TrailGuard’s own UpdateTrail turning switches back on as the healthy state', () => {
    const restore = apiCall('update-trail.weakened', (raw) => {
      raw.detail.requestParameters = {
        name: TRAIL_ARN,
        isMultiRegionTrail: true,
        enableLogFileValidation: true,
      };
    });
    expect(onlyRestoresSwitches(restore)).toBe(true);
    expect(onlyRestoresSwitches(apiCall('update-trail.weakened'))).toBe(false);
    expect(
      onlyRestoresSwitches(
        apiCall('update-trail.weakened', (raw) => {
          raw.detail.requestParameters = { name: TRAIL_ARN, isMultiRegionTrail: true, s3BucketName: 'other' };
        }),
      ),
    ).toBe(false);
  });
});
