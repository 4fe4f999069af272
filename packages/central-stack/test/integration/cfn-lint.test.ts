import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '@trailguard/config';
import { REPO_ROOT } from '@trailguard/test';
import { synthesize, testConfig } from '../synth';

const CFN_LINT = path.join(REPO_ROOT, '.venv', 'bin', 'cfn-lint');

// cfn-lint's exit status is a bit mask: 2 = errors, 4 = warnings, 8 = informational: 0 is clean.
// W3005 ("dependency already enforced by a GetAtt") is the one warning left out: aws-cdk-lib writes
// a DependsOn on a role beside the GetAtt of it (a function, a state machine, the management
// StackSet), so that the role's inline policy exists first; harmless, and not ours to rewrite.
const IGNORED = ['W3005'];

describe('cfn-lint over every synthesized template', () => {
  const configs = {
    example: () => loadConfig(path.join(REPO_ROOT, 'config', 'trailguard.yaml')),
    // Slack, Security Hub and a filtered recipient.
    test: () => testConfig(),
    'Microsoft Teams': () =>
      testConfig({
        chat: {
          microsoftTeams: {
            tenantId: 'a1b2c3d4-0000-1111-2222-333344445555',
            teamId: 'b1b2c3d4-0000-1111-2222-333344445555',
            channelId: '19%3ab6ef35dc342d4ec6ba5b59c32d6a7ff5%40thread.tacv2',
          },
        },
      }),
  };

  it.each(Object.keys(configs))('finds no error and no warning in the %s configuration templates', (name) => {
    expect(existsSync(CFN_LINT)).toBe(true);
    const { outdir } = synthesize(configs[name as keyof typeof configs]());
    const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
    expect(templates.filter((f) => f.endsWith('.stackset.template.json'))).toHaveLength(2);
    const lint = spawnSync(
      CFN_LINT,
      [
        '--format',
        'parseable',
        '--ignore-checks',
        ...IGNORED,
        '--',
        ...templates.map((f) => path.join(outdir, f)),
      ],
      {
        encoding: 'utf8',
      },
    );
    const findings = lint.stdout.split('\n').filter((line) => /:[EWI]\d{4}:/.test(line));
    expect({ findings, stderr: lint.stderr }).toEqual({ findings: [], stderr: '' });
    expect(lint.status).toBe(0);
  });
});
