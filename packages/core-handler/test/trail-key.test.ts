// The KMS key behind a trail: pure decisions over realistic events and the trails' setups.
import { decide, needsTrailSetups } from '../src/domain/decide';
import { apiCall, FIXTURE_ACCOUNT, fixture } from './fixtures';
import {
  decideWith,
  documentOf,
  KEY,
  KEY_ARN,
  params,
  settings,
  setups,
  TRAIL_ARN,
} from './trail-dependencies';

describe('the KMS key behind a trail', () => {
  it('re-enables a disabled key that encrypts a trail (named by key id), critical', () => {
    const decision = decideWith('disable-key.iam-user');
    expect(decision).toMatchObject({
      kind: 'remediate',
      remedy: 'enable-key',
      assessment: {
        severity: 'critical',
        summary: 'KMS key of trail management-events disabled',
        target: {
          kind: 'resource',
          resource: {
            type: 'kms-key',
            name: KEY,
            arn: KEY_ARN,
            region: 'eu-west-1',
            account: FIXTURE_ACCOUNT,
          },
          trail: { name: 'management-events', arn: TRAIL_ARN },
        },
      },
    });
  });

  it('cancels the deletion of a key named by ARN', () => {
    expect(decideWith('schedule-key-deletion.sso-role')).toMatchObject({
      kind: 'remediate',
      remedy: 'cancel-key-deletion',
      assessment: { severity: 'critical' },
    });
  });

  it('reports a new key policy high, says whether it still names CloudTrail, and reverts nothing', () => {
    const decision = decideWith('put-key-policy.iam-user');
    expect(decision).toMatchObject({
      kind: 'report',
      action: 'none',
      reason: 'the previous key policy is not in the event, so it is not reverted',
      assessment: { severity: 'high' },
    });
    expect(decision.kind === 'report' && decision.assessment.details).toContain(
      'the new policy does NOT name cloudtrail.amazonaws.com',
    );
  });

  it('puts the key in the document’s resource block and the trail in its trail block', () => {
    const document = documentOf('disable-key.iam-user', decideWith('disable-key.iam-user'));
    expect(document).toMatchObject({
      schemaVersion: 1,
      trail: { name: 'management-events', arn: TRAIL_ARN },
      resource: { type: 'kms-key', name: KEY, arn: KEY_ARN },
    });
  });

  it('stays silent about a key no trail uses, and about any key when the setups were not read', () => {
    expect(
      decideWith('disable-key.iam-user', params({ keyId: '0000aaaa-1111-2222-3333-444455556666' })),
    ).toEqual({
      kind: 'silent',
      reason: 'no trail of this account depends on what it changed',
    });
    expect(decide(apiCall('disable-key.iam-user'), settings).kind).toBe('silent');
  });

  it('reports a failed DisableKey on a trail’s key as an attempt, and leaves an exempt actor’s change alone', () => {
    expect(
      decideWith('disable-key.iam-user', (raw) => {
        raw.detail.errorCode = 'AccessDeniedException';
      }),
    ).toMatchObject({ kind: 'report', action: 'none', assessment: { severity: 'high' } });
    expect(
      decide(
        apiCall('disable-key.iam-user'),
        { ...settings, exemptPrincipals: ['arn:aws:iam::*:user/ops-admin'] },
        setups,
      ),
    ).toMatchObject({ kind: 'report', action: 'enable-key', outcome: 'skipped' });
    expect(decideWith('disable-key.iam-user', undefined, 'notify-only')).toMatchObject({
      kind: 'report',
      outcome: 'skipped',
    });
  });

  it('needs the setups for calls on keys, buckets and log groups that are not TrailGuard’s own repairs', () => {
    expect(needsTrailSetups(apiCall('disable-key.iam-user'), settings)).toBe(true);
    expect(needsTrailSetups(apiCall('delete-log-group.sso-role'), settings)).toBe(true);
    expect(needsTrailSetups(apiCall('stop-logging.sso-role'), settings)).toBe(false);
    expect(needsTrailSetups(apiCall('leave-organization.member-root'), settings)).toBe(false);
    // TrailGuard never disables a key: its role's DisableKey is a look-alike's, checked like anyone's.
    const byOwnRole = apiCall('disable-key.iam-user', (raw) => {
      raw.detail.userIdentity = fixture('start-logging.trailguard-echo').detail.userIdentity;
    });
    expect(needsTrailSetups(byOwnRole, settings)).toBe(true);
  });
});
