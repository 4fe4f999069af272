import { join } from 'node:path';
import { DEFAULT_SWEEP_INTERVAL_MINUTES } from '@trailguard/config/defaults';
import { build } from 'esbuild';
import { ConfigurationError } from '../src/domain/errors';
import {
  OBSERVABILITY_VARIABLES,
  observabilityOf,
  parseSettings,
  SETTING_VARIABLES,
  type Settings,
  toEnvironment,
} from '../src/domain/settings';

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
      maxDeliveryGapMinutes: 360,
      stateTableName: null,
      busArn: null,
      securityHub: false,
    });
  });

  it('reads the central bus and Security Hub switch, and rejects what they cannot be', () => {
    const bus = 'arn:aws:events:eu-central-1:999988887777:event-bus/trailguard-events';
    expect(
      parseSettings({
        NOTIFICATION_TOPIC_ARN: TOPIC,
        CENTRAL_BUS_ARN: bus,
        SECURITY_HUB_FINDINGS: 'enabled',
      }),
    ).toMatchObject({ busArn: bus, securityHub: true });
    expect(
      parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC, SECURITY_HUB_FINDINGS: 'disabled' }).securityHub,
    ).toBe(false);
    expect(() =>
      parseSettings({
        NOTIFICATION_TOPIC_ARN: TOPIC,
        CENTRAL_BUS_ARN: 'arn:aws:sns:eu-central-1:999988887777:trailguard-events',
        SECURITY_HUB_FINDINGS: 'yes',
      }),
    ).toThrow(
      /CENTRAL_BUS_ARN must be an EventBridge event bus ARN, got .*; SECURITY_HUB_FINDINGS must be enabled or disabled, got "yes"/,
    );
  });

  it('reads STATE_TABLE_NAME, and rejects what cannot be a DynamoDB table name', () => {
    expect(
      parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC, STATE_TABLE_NAME: ' trailguard-state ' }).stateTableName,
    ).toBe('trailguard-state');
    expect(() => parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC, STATE_TABLE_NAME: 'a b' })).toThrow(
      /STATE_TABLE_NAME must be a DynamoDB table name, got "a b"/,
    );
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

  it('reads MAX_DELIVERY_GAP_MINUTES, defaulting to 360 like the config, and rejects values out of 30–10080', () => {
    expect(
      parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC, MAX_DELIVERY_GAP_MINUTES: '45' }).maxDeliveryGapMinutes,
    ).toBe(45);
    expect(parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC }).maxDeliveryGapMinutes).toBe(360);
    for (const value of ['29', '10081', 'six hours']) {
      expect(() => parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC, MAX_DELIVERY_GAP_MINUTES: value })).toThrow(
        /MAX_DELIVERY_GAP_MINUTES must be a whole number of minutes from 30 to 10080/,
      );
    }
  });

  it('rejects a topic ARN that is not an SNS ARN', () => {
    expect(() =>
      parseSettings({ NOTIFICATION_TOPIC_ARN: 'arn:aws:sqs:eu-west-1:999988887777:queue' }),
    ).toThrow(/must be an SNS topic ARN/);
  });
});

describe('toEnvironment', () => {
  const configured: Settings = {
    topicArn: 'arn:aws-us-gov:sns:us-gov-west-1:999988887777:trailguard-notifications',
    topicRegion: 'us-gov-west-1',
    mode: 'notify-only',
    exemptPrincipals: ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:sts::*:assumed-role/Deployer/*'],
    selfRoleArn: 'arn:aws:iam::111122223333:role/trailguard-remediation-*',
    sweepIntervalMinutes: 1440,
    maxDeliveryGapMinutes: 10080,
    stateTableName: 'trailguard-state',
    busArn: 'arn:aws-us-gov:events:us-gov-west-1:999988887777:event-bus/trailguard-events',
    securityHub: true,
  };

  it('writes what parseSettings reads back as the same settings', () => {
    expect(parseSettings(toEnvironment(configured))).toEqual(configured);
    const plain: Settings = {
      ...configured,
      mode: 'remediate',
      exemptPrincipals: [],
      selfRoleArn: null,
      sweepIntervalMinutes: 1,
      maxDeliveryGapMinutes: 30,
      stateTableName: null,
      busArn: null,
      securityHub: false,
    };
    expect(parseSettings(toEnvironment(plain))).toEqual(plain);
  });

  it('leaves unset settings to the defaults parseSettings applies', () => {
    expect(parseSettings(toEnvironment({ topicArn: TOPIC }))).toEqual(
      parseSettings({ NOTIFICATION_TOPIC_ARN: TOPIC }),
    );
    expect(toEnvironment({ topicArn: TOPIC })[SETTING_VARIABLES.sweepIntervalMinutes]).toBe(
      String(DEFAULT_SWEEP_INTERVAL_MINUTES),
    );
  });

  it('writes only variables the handler reads', () => {
    const read = [...Object.values(SETTING_VARIABLES), ...Object.values(OBSERVABILITY_VARIABLES)];
    expect(Object.keys(toEnvironment(configured)).filter((name) => !read.includes(name as never))).toEqual(
      [],
    );
  });

  it('names the service and metrics namespace the handler uses when nothing is set', () => {
    expect(observabilityOf(toEnvironment(configured))).toEqual(observabilityOf({}));
  });

  it('can be imported by CDK code: the settings module pulls in neither the AWS SDK nor zod', async () => {
    const result = await build({
      entryPoints: [join(__dirname, '..', 'src', 'domain', 'settings.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toEqual(expect.arrayContaining([expect.stringMatching(/config\/src\/defaults\.ts$/)]));
    expect(inputs.filter((file) => /@aws-sdk|[\\/]zod[\\/]|node_modules/.test(file))).toEqual([]);
  });
});

describe('observabilityOf', () => {
  it('reads Powertools’ service name, metrics namespace and log level', () => {
    expect(
      observabilityOf({
        POWERTOOLS_SERVICE_NAME: 'guard',
        POWERTOOLS_METRICS_NAMESPACE: 'Security/Guard',
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
        AWS_LAMBDA_LOG_LEVEL: 'WARN',
      }),
    ).toEqual({ service: 'guard', namespace: 'Security/Guard', logLevel: 'DEBUG' });
  });

  it('falls back on trailguard, TrailGuard and Lambda’s own log level', () => {
    expect(observabilityOf({ POWERTOOLS_SERVICE_NAME: ' ', AWS_LAMBDA_LOG_LEVEL: 'WARN' })).toEqual({
      service: 'trailguard',
      namespace: 'TrailGuard',
      logLevel: 'WARN',
    });
  });
});
