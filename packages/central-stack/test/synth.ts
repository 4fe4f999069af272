import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseConfig, type TrailGuardConfig, type TrailGuardConfigInput } from '@trailguard/config';
import { scratchDir } from '@trailguard/test/scratch';
import { buildApp, TEMPLATE_FILES } from '../src';

/** A configuration unlike the example, so no test passes by echoing example values. */
export const TEST_CONFIG_INPUT: TrailGuardConfigInput = {
  organizationId: 'o-zz9y8x7w6v',
  organizationRootId: 'r-zz9y',
  managementAccountId: '333333333333',
  securityAccountId: '444444444444',
  homeRegion: 'ap-southeast-2',
  organizationalUnits: ['ou-zz9y-aaaaaaaa', 'ou-zz9y-bbbbbbbb', 'ou-zz9y-cccccccc'],
  regions: ['ap-southeast-2', 'us-west-2', 'eu-north-1', 'sa-east-1'],
  notificationEmails: [
    'soc@example.org',
    'cloud-team@example.org',
    { address: 'oncall@example.org', minimumSeverity: 'high' },
  ],
  excludedAccounts: ['555555555555', '666666666666'],
  remediationMode: 'notify-only',
  exemptPrincipals: ['arn:aws:iam::*:role/CloudTrailAdmin', 'arn:aws:sts::*:assumed-role/Platform/*'],
  sweepIntervalMinutes: 15,
  logRetentionDays: 90,
  eventArchiveRetentionDays: 30,
  stackSet: {
    callAs: 'DELEGATED_ADMIN',
    regionConcurrencyType: 'SEQUENTIAL',
    maxConcurrentCount: 20,
    failureToleranceCount: 3,
  },
  prevention: { enabled: true, breakGlassPrincipals: ['arn:aws:iam::777777777777:role/BreakGlass'] },
  securityHub: { enabled: true },
  chat: { slack: { workspaceId: 'T0ZZ9Y8X7', channelId: 'C0ZZ9Y8X7' }, minimumSeverity: 'medium' },
  tags: { project: 'trailguard-test' },
};

/** The test configuration with `overrides` applied on top. */
export function testConfig(overrides: Partial<TrailGuardConfigInput> = {}): TrailGuardConfig {
  return parseConfig({ ...TEST_CONFIG_INPUT, ...overrides });
}

/** A synthesized app: its directory and its three templates as parsed JSON. */
export interface Synthesized {
  readonly outdir: string;
  readonly parent: CfnTemplate;
  readonly central: CfnTemplate;
  readonly member: CfnTemplate;
}

/** The parts of a CloudFormation template the tests read. */
export interface CfnTemplate {
  readonly Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] }
  >;
}

/**
 * Synthesizes a configuration into a fresh temporary directory, removed after the test file
 * (cdk-nag runs, as in `pnpm synth`).
 */
export function synthesize(config: TrailGuardConfig): Synthesized {
  const outdir = scratchDir('trailguard-synth-');
  buildApp(config, { outdir, validateTemplates: false }).synth();
  const read = (file: string) => JSON.parse(readFileSync(path.join(outdir, file), 'utf8')) as CfnTemplate;
  return {
    outdir,
    parent: read(TEMPLATE_FILES.parent),
    central: read(TEMPLATE_FILES.central),
    member: read(TEMPLATE_FILES.member),
  };
}
