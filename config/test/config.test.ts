import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import {
  AWS_REGIONS,
  ConfigError,
  ConfigFileNameError,
  configFilePath,
  configJsonSchema,
  DEFAULT_CONFIG_FILE,
  JSON_SCHEMA_FILE,
  loadConfig,
  parseConfig,
  SEVERITIES,
  severitiesAtOrAbove,
  summarizeConfig,
  type TrailGuardConfigInput,
} from '../src';

const valid: TrailGuardConfigInput = {
  organizationId: 'o-a1b2c3d4e5',
  organizationRootId: 'r-a1b2',
  managementAccountId: '111111111111',
  securityAccountId: '222222222222',
  homeRegion: 'eu-west-1',
  organizationalUnits: ['ou-a1b2-c3d4e5f6'],
  regions: ['eu-west-1', 'us-east-1'],
  notificationEmails: ['security@example.com'],
};

/** The problems a config reports, as `path: message` pairs. */
function problemsOf(input: unknown): Record<string, string> {
  try {
    parseConfig(input);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return Object.fromEntries(error.problems.map((p) => [p.path, p.message]));
  }
  throw new Error('expected the configuration to be rejected');
}

const tmp = mkdtempSync(path.join(tmpdir(), 'trailguard-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function writeTemp(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('the example configuration', () => {
  it('is valid and is the default file', () => {
    expect(configFilePath({})).toBe(DEFAULT_CONFIG_FILE);
    const config = loadConfig(DEFAULT_CONFIG_FILE);
    expect(config.regions).toContain(config.homeRegion);
    expect(config.organizationalUnits.length).toBeGreaterThan(0);
  });

  it('points editors at the committed JSON Schema', () => {
    expect(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\/trailguard\.schema\.json$/m,
    );
  });
});

describe('defaults', () => {
  it('fills every optional key with a safe default', () => {
    const config = parseConfig(valid);
    expect(config).toMatchObject({
      excludedAccounts: [],
      remediationMode: 'remediate',
      exemptPrincipals: [],
      sweepIntervalMinutes: 10,
      logRetentionDays: 365,
      stackSet: { callAs: 'SELF', regionConcurrencyType: 'SEQUENTIAL' },
      prevention: { enabled: false, breakGlassPrincipals: [] },
      securityHub: { enabled: false },
      tags: {},
    });
    expect(config.reservedConcurrency).toBeUndefined();
    expect(config.chat).toBeUndefined();
  });
});

describe('where incidents go', () => {
  it('reads a list of addresses as before: every recipient gets every severity', () => {
    expect(parseConfig(valid).notificationEmails).toEqual([{ address: 'security@example.com' }]);
  });

  it('mixes plain addresses and addresses with a minimum severity', () => {
    const config = parseConfig({
      ...valid,
      notificationEmails: ['soc@example.com', { address: 'oncall@example.com', minimumSeverity: 'high' }],
    });
    expect(config.notificationEmails).toEqual([
      { address: 'soc@example.com' },
      { address: 'oncall@example.com', minimumSeverity: 'high' },
    ]);
  });

  it.each([
    [
      'notificationEmails[1].minimumSeverity',
      { notificationEmails: ['a@example.com', { address: 'b@example.com', minimumSeverity: 'urgent' }] },
      /one of the severities info, low, medium, high, critical/,
    ],
    [
      'notificationEmails[0].address',
      { notificationEmails: [{ address: 'oncall', minimumSeverity: 'high' }] },
      /e-mail address/,
    ],
    [
      'notificationEmails[0]',
      { notificationEmails: [42] },
      /an e-mail address, or a mapping such as \{ address: .*; got the number 42/,
    ],
    [
      'notificationEmails[1]',
      { notificationEmails: ['ops@example.com', { address: 'OPS@example.com', minimumSeverity: 'high' }] },
      /duplicate e-mail address "OPS@example.com" \(already at index 0\)/,
    ],
    [
      'notificationEmails[0].severity',
      { notificationEmails: [{ address: 'b@example.com', severity: 'high' }] },
      /unknown key/,
    ],
    ['chat', { chat: { minimumSeverity: 'high' } }, /name a channel: slack: .* or microsoftTeams: /],
    [
      'chat.slack.workspaceId',
      { chat: { slack: { workspaceId: 'my-workspace', channelId: 'C0123ABCD' } } },
      /Slack workspace id such as "T0123ABCD"/,
    ],
    [
      'chat.microsoftTeams.teamId',
      {
        chat: {
          microsoftTeams: {
            tenantId: 'a1b2c3d4-0000-1111-2222-333344445555',
            teamId: 'team',
            channelId: '19%3aabc%40thread.tacv2',
          },
        },
      },
      /Microsoft Teams team id/,
    ],
    ['securityHub.enabled', { securityHub: { enabled: 'yes' } }, /true or false/],
  ])('rejects a bad %s', (at, override, message) => {
    const problems = problemsOf({ ...valid, ...override });
    expect(Object.keys(problems)).toEqual([at]);
    expect(problems[at]).toMatch(message);
  });

  it('takes a Slack or a Microsoft Teams channel, with a default minimum severity of high', () => {
    const slack = parseConfig({
      ...valid,
      chat: { slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } },
    });
    expect(slack.chat).toEqual({
      slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' },
      minimumSeverity: 'high',
    });
    const teams = parseConfig({
      ...valid,
      chat: {
        microsoftTeams: {
          tenantId: 'a1b2c3d4-0000-1111-2222-333344445555',
          teamId: 'b1b2c3d4-0000-1111-2222-333344445555',
          channelId: '19%3ab6ef35dc342d4ec6ba5b59c32d6a7ff5%40thread.tacv2',
        },
        minimumSeverity: 'medium',
      },
      securityHub: { enabled: true },
    });
    expect(teams.chat?.minimumSeverity).toBe('medium');
    expect(teams.securityHub.enabled).toBe(true);
  });
});

describe('the summary', () => {
  it('says where incidents go and who gets which severities', () => {
    expect(summarizeConfig(parseConfig(valid))).toMatch(
      /^Incidents: e-mail \(every severity to every address\), the central bus$/m,
    );
    const summary = summarizeConfig(
      parseConfig({
        ...valid,
        notificationEmails: [
          'soc@example.com',
          { address: 'oncall@example.com', minimumSeverity: 'critical' },
        ],
        securityHub: { enabled: true },
        chat: { slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }, minimumSeverity: 'medium' },
      }),
    );
    expect(summary).toMatch(
      /^Incidents: e-mail \(oncall@example.com gets critical and above\), the central bus, Security Hub findings, Slack \(medium and above\)$/m,
    );
  });
});

describe('severities', () => {
  it('are one list, least urgent first, and "at or above" counts from the most urgent', () => {
    expect(SEVERITIES).toEqual(['info', 'low', 'medium', 'high', 'critical']);
    expect(severitiesAtOrAbove('high')).toEqual(['critical', 'high']);
    expect(severitiesAtOrAbove('info')).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });
});

describe('rejections, each at its path', () => {
  it.each([
    ['managementAccountId', { managementAccountId: '12345' }, /12-digit AWS account id/],
    ['securityAccountId', { securityAccountId: 222222222222 }, /12-digit AWS account id/],
    ['organizationId', { organizationId: 'org-1' }, /organization id such as "o-/],
    ['organizationRootId', { organizationRootId: 'root' }, /root id such as "r-/],
    ['organizationalUnits[1]', { organizationalUnits: ['r-a1b2', 'ou-x'] }, /OU id such as/],
    ['organizationalUnits', { organizationalUnits: [] }, /at least one OU/],
    [
      'regions[1]',
      { regions: ['eu-west-1', 'eu-wset-1'] },
      /unknown AWS region "eu-wset-1"; did you mean "eu-west-1"\?/,
    ],
    ['homeRegion', { homeRegion: 'us-east-2' }, /"us-east-2" is not in regions/],
    ['notificationEmails[0]', { notificationEmails: ['security'] }, /e-mail address/],
    [
      'notificationEmails[1]',
      { notificationEmails: ['a@example.com', 'A@Example.com'] },
      /duplicate e-mail address "A@Example.com" \(already at index 0\)/,
    ],
    ['regions[2]', { regions: ['eu-west-1', 'us-east-1', 'eu-west-1'] }, /duplicate region/],
    ['exemptPrincipals[0]', { exemptPrincipals: ['AdminRole'] }, /IAM or STS ARN pattern/],
    [
      'prevention.breakGlassPrincipals[0]',
      { prevention: { enabled: true, breakGlassPrincipals: ['arn:aws:sts::*:assumed-role/BreakGlass/*'] } },
      /aws:PrincipalArn, which for a role session is the role ARN/,
    ],
    [
      'excludedAccounts[0]',
      { excludedAccounts: ['222222222222'] },
      /security account, which TrailGuard always protects/,
    ],
    ['securityAccountId', { securityAccountId: '111111111111' }, /must differ from managementAccountId/],
    ['remediationMode', { remediationMode: 'fix' }, /remediate|notify-only/],
    ['logRetentionDays', { logRetentionDays: 10 }, /retention periods/],
    ['sweepIntervalMinutes', { sweepIntervalMinutes: 0 }, /.+/],
    ['stackSet.callAs', { stackSet: { callAs: 'ADMIN' } }, /SELF|DELEGATED_ADMIN/],
    [
      'stackSet.failureTolerancePercentage',
      { stackSet: { failureToleranceCount: 2, failureTolerancePercentage: 10 } },
      /set failureToleranceCount or failureTolerancePercentage, not both/,
    ],
    [
      'stackSet.maxConcurrentPercentage',
      { stackSet: { maxConcurrentCount: 20, maxConcurrentPercentage: 50 } },
      /set maxConcurrentCount or maxConcurrentPercentage, not both/,
    ],
    ['stackSet.concurrencyMode', { stackSet: { concurrencyMode: 'SOFT' } }, /SOFT_FAILURE_TOLERANCE/],
    [
      'prevention.breakGlassPrincipals[0]',
      { prevention: { enabled: true, breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'] } },
      /"\*" for its account; name the account instead, .* such as "arn:aws:iam::111122223333:role\/BreakGlass"/,
    ],
    ['tags.aws:owner', { tags: { 'aws:owner': 'x' } }, /may not start with "aws:"/],
  ])('rejects a bad %s', (at, override, message) => {
    const problems = problemsOf({ ...valid, ...override });
    expect(Object.keys(problems)).toEqual([at]);
    expect(problems[at]).toMatch(message);
  });

  it('names each unknown key, nested ones included', () => {
    const problems = problemsOf({ ...valid, regionz: [], stackSet: { callas: 'SELF' } });
    expect(problems).toEqual({
      regionz: expect.stringMatching(/unknown key/),
      'stackSet.callas': expect.stringMatching(/unknown key/),
    });
  });

  it('says which required keys are missing', () => {
    const { organizationId: _o, regions: _r, ...rest } = valid;
    const problems = problemsOf(rest);
    expect(problems.organizationId).toMatch(/is required/);
    expect(problems.regions).toMatch(/is required/);
  });

  it('says an unquoted account id is a number to quote, not a missing key', () => {
    const problems = problemsOf({ ...valid, managementAccountId: 111111111111 });
    expect(problems.managementAccountId).toMatch(/got the number 111111111111/);
    expect(problems.managementAccountId).toMatch(/write it in quotes, such as "111111111111"/);
    expect(problems.managementAccountId).not.toMatch(/required/);
  });

  it.each([
    ['securityAccountId', 12345678901, '012345678901'],
    ['managementAccountId', 1234567, '000001234567'],
  ])(
    'says an unquoted %s that lost its leading zeros (%p) needs all 12 digits in quotes',
    (key, value, padded) => {
      const message = problemsOf({ ...valid, [key]: value })[key];
      expect(message).toMatch(new RegExp(`got the number ${value} \\(\\d+ digits\\)`));
      expect(message).toMatch(/drops its leading zeros/);
      expect(message).toContain(`such as "${padded}"`);
      expect(message).not.toContain(`"${value}"`);
    },
  );

  it('says the same of an excluded account, at its index', () => {
    const message = problemsOf({ ...valid, excludedAccounts: ['333333333333', 98765432101] })[
      'excludedAccounts[1]'
    ];
    expect(message).toContain('such as "098765432101"');
  });

  it('reads an account id from a YAML file as YAML does: 012345678901 unquoted loses its zero', () => {
    const file = writeTemp(
      'leading-zero.yaml',
      readFileSync(DEFAULT_CONFIG_FILE, 'utf8').replace(
        /^securityAccountId: .*$/m,
        'securityAccountId: 012345678901',
      ),
    );
    expect(() => loadConfig(file)).toThrow(
      /securityAccountId: .*got the number 12345678901 .*"012345678901"/,
    );
  });

  it.each([
    [
      'remediationMode',
      'remediat',
      'got "remediat"; expected one of remediate, notify-only; did you mean "remediate"?',
    ],
    ['remediationMode', 'off', 'got "off"; expected one of remediate, notify-only'],
    ['remediationMode', true, 'got the boolean true; expected one of remediate, notify-only'],
  ])('says what %s was given (%p) and what it allows', (key, value, message) => {
    expect(problemsOf({ ...valid, [key]: value })[key]).toBe(message);
  });

  it('suggests the option a nested enum value was meant to be, whatever its case', () => {
    const problems = problemsOf({
      ...valid,
      stackSet: { callAs: 'self', regionConcurrencyType: 'PARALEL' },
      notificationEmails: [{ address: 'a@example.com', minimumSeverity: 'hihg' }],
    });
    expect(problems['stackSet.callAs']).toBe(
      'got "self"; expected one of SELF, DELEGATED_ADMIN; did you mean "SELF"?',
    );
    expect(problems['stackSet.regionConcurrencyType']).toMatch(/got "PARALEL"; .*did you mean "PARALLEL"\?$/);
    expect(problems['notificationEmails[0].minimumSeverity']).toMatch(
      /^expected one of the severities .*; got "hihg"; did you mean "high"\?$/,
    );
  });

  it('says a single value where a list belongs must be written as a list', () => {
    const problems = problemsOf({ ...valid, regions: 'eu-west-1' });
    expect(problems.regions).toMatch(/expected a list; got the text "eu-west-1", where a list belongs/);
  });

  it.each([
    ['sweepIntervalMinutes', 0, /1–1440 minutes; got the number 0/],
    ['sweepIntervalMinutes', 1441, /1–1440 minutes; got the number 1441/],
    ['sweepIntervalMinutes', 2.5, /whole number: 1–1440 minutes/],
    ['reservedConcurrency', 0, /1–100 concurrent executions/],
    ['eventArchiveRetentionDays', -1, /0 or more days; got the number -1/],
  ])('states the range of %s when given %p', (key, value, message) => {
    expect(problemsOf({ ...valid, [key]: value })[key]).toMatch(message);
  });

  it('suggests the key an unknown key was probably meant to be, nested ones included', () => {
    const problems = problemsOf({
      ...valid,
      remediationMod: 'notify-only',
      stackSet: { failureTolerance: 1 },
    });
    expect(problems.remediationMod).toBe('unknown key; did you mean "remediationMode"?');
    expect(problems['stackSet.failureTolerance']).toMatch(/did you mean "failureToleranceCount"/);
  });

  it('lists the allowed keys when an unknown key resembles none', () => {
    const problems = problemsOf({ ...valid, prevention: { colour: 'blue' } });
    expect(problems['prevention.colour']).toBe(
      'unknown key; the keys allowed here are enabled, breakGlassPrincipals',
    );
  });

  it('accepts IAM role, user and root patterns of one account as break-glass principals', () => {
    const config = parseConfig({
      ...valid,
      prevention: {
        enabled: true,
        breakGlassPrincipals: [
          'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_*',
          'arn:aws:iam::111111111111:user/emergency',
          'arn:aws:iam::444444444444:root',
        ],
      },
    });
    expect(config.prevention.breakGlassPrincipals).toHaveLength(3);
  });

  it('refuses a break-glass entry for any account, and says which entry and how to fix it', () => {
    const problems = problemsOf({
      ...valid,
      prevention: {
        enabled: true,
        breakGlassPrincipals: ['arn:aws:iam::111111111111:role/BreakGlass', 'arn:aws:iam::*:root'],
      },
    });
    expect(problems).toEqual({
      'prevention.breakGlassPrincipals[1]': expect.stringMatching(
        /^"arn:aws:iam::\*:root" has "\*" for its account; name the account instead, one entry per account, such as "arn:aws:iam::111122223333:root"/,
      ),
    });
  });

  it('accepts wildcard principal patterns and the root as an OU', () => {
    const config = parseConfig({
      ...valid,
      organizationalUnits: ['r-a1b2'],
      exemptPrincipals: ['arn:aws:sts::*:assumed-role/AWSReservedSSO_Admin_*/*'],
    });
    expect(config.exemptPrincipals).toHaveLength(1);
  });
});

describe('StackSet operation preferences', () => {
  it('roll out safely at scale unless told otherwise: a region at a time, 20 accounts at once, 3 failures tolerated', () => {
    expect(parseConfig(valid).stackSet).toEqual({
      callAs: 'SELF',
      regionConcurrencyType: 'SEQUENTIAL',
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
      maxConcurrentCount: 20,
      failureToleranceCount: 3,
    });
  });

  it('take a canary OU, and refuse what is not an OU id', () => {
    expect(
      parseConfig({ ...valid, stackSet: { canaryOrganizationalUnit: 'ou-a1b2-sandbox01' } }).stackSet
        .canaryOrganizationalUnit,
    ).toBe('ou-a1b2-sandbox01');
    expect(() => parseConfig({ ...valid, stackSet: { canaryOrganizationalUnit: 'r-a1b2' } })).toThrow(
      /stackSet\.canaryOrganizationalUnit.*expected an OU id/s,
    );
  });

  it('keep a configured percentage (the old keys) in place of the default count', () => {
    const { stackSet } = parseConfig({
      ...valid,
      stackSet: { maxConcurrentPercentage: 25, failureTolerancePercentage: 5 },
    });
    expect(stackSet).toMatchObject({ maxConcurrentPercentage: 25, failureTolerancePercentage: 5 });
    expect(stackSet.failureToleranceCount).toBeUndefined();
    expect(stackSet.maxConcurrentCount).toBeUndefined();
  });

  it('keep configured counts and mode, with no percentage beside them', () => {
    const { stackSet } = parseConfig({
      ...valid,
      stackSet: {
        concurrencyMode: 'STRICT_FAILURE_TOLERANCE',
        maxConcurrentCount: 4,
        failureToleranceCount: 3,
      },
    });
    expect(stackSet).toMatchObject({
      concurrencyMode: 'STRICT_FAILURE_TOLERANCE',
      maxConcurrentCount: 4,
      failureToleranceCount: 3,
    });
    expect(stackSet.maxConcurrentPercentage).toBeUndefined();
    expect(stackSet.failureTolerancePercentage).toBeUndefined();
  });
});

describe('a file with several problems', () => {
  it('reports all of them at once, cross-field checks included', () => {
    const file = writeTemp(
      'several.yaml',
      [
        'organizationId: o-a1b2c3d4e5',
        'organizationRootId: r-a1b2',
        'managementAccountId: "111111111111"',
        'securityAccountId: "22222222222"',
        'homeRegion: ap-southeast-2',
        'organizationalUnits: [ou-bad]',
        'regions: [eu-west-1]',
        'notificationEmails: [nobody]',
        'colour: blue',
      ].join('\n'),
    );
    let error: unknown;
    try {
      loadConfig(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const paths = (error as ConfigError).problems.map((p) => p.path).sort();
    expect(paths).toEqual(
      ['colour', 'homeRegion', 'notificationEmails[0]', 'organizationalUnits[0]', 'securityAccountId'].sort(),
    );
    expect((error as ConfigError).message).toContain(file);
  });

  it('reports YAML syntax errors with their line', () => {
    const file = writeTemp('broken.yaml', 'organizationId: o-a1b2c3d4e5\nregions: [eu-west-1\n');
    expect(() => loadConfig(file)).toThrow(/line \d+, column \d+: not valid YAML/);
  });

  it('reports a duplicated key instead of silently keeping the last', () => {
    const file = writeTemp('dupe.yaml', 'homeRegion: eu-west-1\nhomeRegion: us-east-1\n');
    expect(() => loadConfig(file)).toThrow(/not valid YAML/);
  });

  it('reports a directory given as the file by its path, not with EISDIR', () => {
    let error: unknown;
    try {
      loadConfig(tmp);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(tmp);
    expect((error as ConfigError).message).toMatch(/is a directory, not a file/);
    expect((error as ConfigError).message).not.toMatch(/EISDIR/);
  });

  it('says a named pipe is not a regular file, rather than a directory', () => {
    const fifo = path.join(tmp, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(() => loadConfig(fifo)).toThrow(
      /pipe\.yaml: 1 problem\n {2}- \(file\): is not a regular file \(a pipe/,
    );
  });

  it('reports a missing file with the way out', () => {
    expect(() => loadConfig(path.join(tmp, 'absent.yaml'))).toThrow(/not found; .*TRAILGUARD_CONFIG/);
  });
});

describe('TRAILGUARD_CONFIG', () => {
  it('names the file, relative to where the command was started', () => {
    expect(configFilePath({ TRAILGUARD_CONFIG: 'mine.yaml', INIT_CWD: '/home/me' })).toBe(
      '/home/me/mine.yaml',
    );
    expect(configFilePath({ TRAILGUARD_CONFIG: '/etc/tg.yaml' })).toBe('/etc/tg.yaml');
  });

  it.each([
    ['an empty --config', {}, '', /^--config is empty: it names no file/],
    [
      'an empty --config, TRAILGUARD_CONFIG set',
      { TRAILGUARD_CONFIG: '/etc/tg.yaml' },
      '',
      /^--config is empty/,
    ],
    [
      'an empty TRAILGUARD_CONFIG',
      { TRAILGUARD_CONFIG: '' },
      undefined,
      /^TRAILGUARD_CONFIG is set but empty/,
    ],
  ])('refuses %s instead of reading the default file', (_, env, flag, message) => {
    let thrown: unknown;
    try {
      configFilePath(env, flag);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigFileNameError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('lets a named file win over an empty TRAILGUARD_CONFIG', () => {
    expect(configFilePath({ TRAILGUARD_CONFIG: '' }, '/srv/tg.yaml')).toBe('/srv/tg.yaml');
  });

  it('gives way to --config, which is relative to where the command was started too', () => {
    const env = { TRAILGUARD_CONFIG: '/etc/tg.yaml', INIT_CWD: '/home/me' };
    expect(configFilePath(env, 'other.yaml')).toBe('/home/me/other.yaml');
    expect(configFilePath(env, '/srv/tg.yaml')).toBe('/srv/tg.yaml');
    expect(configFilePath(env, undefined)).toBe('/etc/tg.yaml');
  });
});

describe('the JSON Schema', () => {
  it('is committed and matches the zod schema (run `pnpm schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync(JSON_SCHEMA_FILE, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  it('rejects unknown keys and lists the regions', () => {
    const schema = configJsonSchema() as {
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { enum?: string[] }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual(
      [
        'homeRegion',
        'managementAccountId',
        'notificationEmails',
        'organizationId',
        'organizationRootId',
        'organizationalUnits',
        'regions',
        'securityAccountId',
      ].sort(),
    );
    expect(schema.properties.homeRegion?.enum).toEqual([...AWS_REGIONS]);
  });
});

describe('the region list', () => {
  it('is every commercial region aws-cdk-lib knows', () => {
    const known = RegionInfo.regions.filter((r) => r.partition === 'aws').map((r) => r.name);
    expect([...AWS_REGIONS].sort()).toEqual(known.sort());
  });
});
