import { ConfigurationError } from '../src/domain/errors';
import { parseSettings } from '../src/domain/settings';

const TOPIC = 'arn:aws:sns:eu-central-1:999988887777:trailguard-notifications';

describe('parseSettings', () => {
  it('takes the SNS region from the topic ARN and defaults to remediate', () => {
    expect(parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC })).toEqual({
      topicArn: TOPIC,
      topicRegion: 'eu-central-1',
      mode: 'remediate',
      exemptPrincipals: [],
      selfRoleArn: null,
      sweepIntervalMinutes: 10,
    });
  });

  it('reads notify-only mode, exempt patterns and the self role', () => {
    const settings = parseSettings({
      NOTIFICATION_TOPIC_ARN: TOPIC,
      REMEDIATION_MODE: 'notify-only',
      EXEMPT_PRINCIPALS: ' arn:aws:iam::*:role/BreakGlass ,arn:aws:sts::*:assumed-role/Deployer/*,',
      SELF_ROLE_ARN: 'arn:aws:iam::111122223333:role/TrailGuardHandlerRole',
    });
    expect(settings.mode).toBe('notify-only');
    expect(settings.exemptPrincipals).toEqual([
      'arn:aws:iam::*:role/BreakGlass',
      'arn:aws:sts::*:assumed-role/Deployer/*',
    ]);
    expect(settings.selfRoleArn).toBe('arn:aws:iam::111122223333:role/TrailGuardHandlerRole');
  });

  it('accepts a SELF_ROLE_ARN pattern with * wildcards (every region’s role of the member stack)', () => {
    const pattern = 'arn:aws:iam::111122223333:role/trailguard-remediation-*';
    expect(parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC, SELF_ROLE_ARN: pattern }).selfRoleArn).toBe(
      pattern,
    );
  });

  it('reports every problem at once, naming the variable', () => {
    expect(() => parseSettings({ REMEDIATION_MODE: 'fix-everything', SELF_ROLE_ARN: 'TrailGuard' })).toThrow(
      ConfigurationError,
    );
    try {
      parseSettings({ REMEDIATION_MODE: 'fix-everything', SELF_ROLE_ARN: 'TrailGuard' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/NOTIFICATION_TOPIC_ARN is required/);
      expect(message).toMatch(/REMEDIATION_MODE must be remediate or notify-only/);
      expect(message).toMatch(/SELF_ROLE_ARN must be an IAM role ARN/);
    }
  });

  it('reads SWEEP_INTERVAL_MINUTES, defaulting to 10 like the config', () => {
    expect(
      parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC, SWEEP_INTERVAL_MINUTES: ' 15 ' }).sweepIntervalMinutes,
    ).toBe(15);
    expect(
      parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC, SWEEP_INTERVAL_MINUTES: '' }).sweepIntervalMinutes,
    ).toBe(10);
  });

  it.each(['0', '1441', '7.5', 'ten', '-5', '1e2'])('rejects SWEEP_INTERVAL_MINUTES=%s', (value) => {
    expect(() => parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC, SWEEP_INTERVAL_MINUTES: value })).toThrow(
      /SWEEP_INTERVAL_MINUTES must be a whole number of minutes from 1 to 1440/,
    );
  });

  it('rejects a topic ARN that is not an SNS ARN', () => {
    expect(() =>
      parseSettings({ NOTIFICATION_TOPIC_ARN: 'arn:aws:sqs:eu-west-1:999988887777:queue' }),
    ).toThrow(/must be an SNS topic ARN/);
  });
});
