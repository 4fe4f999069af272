import { childProcessEnv, scratchDir } from '@trailguard/test';
import { classifyStackInstance } from '../../src/commands/coverage/coverage';
import { runTrailguardCli } from '../kit';

describe('coverage without credentials', () => {
  it('says how to sign in, or to try the demo, with exit 1', async () => {
    const result = await runTrailguardCli(['coverage'], {
      ...childProcessEnv(),
      HOME: scratchDir('trailguard-nocreds-'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'eu-west-1',
    });
    expect(result.stderr).toContain('Error: no AWS credentials found. Sign in to the management account');
    expect(result.stderr).toContain('`pnpm trailguard demo`');
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(result.status).toBe(1);
  });
});

describe('classifyStackInstance', () => {
  it.each([
    ['CURRENT', 'SUCCEEDED', 'protected'],
    ['OUTDATED', 'FAILED', 'failed'],
    ['INOPERABLE', 'INOPERABLE', 'failed'],
    ['OUTDATED', 'CANCELLED', 'failed'],
    ['OUTDATED', 'RUNNING', 'outdated'],
    ['OUTDATED', 'PENDING', 'outdated'],
    ['OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT', 'outdated'],
  ])('%s/%s is %s', (status, detailedStatus, expected) => {
    expect(classifyStackInstance({ account: '1', region: 'r', status, detailedStatus })).toBe(expected);
  });
});
