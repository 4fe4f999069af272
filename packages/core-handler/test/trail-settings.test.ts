// UpdateTrail: switches turned off are turned back on; destinations moved are reported critical.
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
        summary: 'Trail management-events moved to another log bucket',
        target: { kind: 'trail', restore: ['IsMultiRegionTrail', 'EnableLogFileValidation'] },
      },
    });
    expect(decision.kind === 'remediate' ? decision.assessment.details : []).toEqual([
      'multi-region logging turned off',
      'log file validation turned off',
      'log bucket now "attacker-owned-bucket"; the event does not say what it was',
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
        details: ['KMS key now "none"; the event does not say what it was'],
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
