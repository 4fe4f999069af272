import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { type Emulator, useEmulator } from '@trailguard/test';
import { emulatorEnv, runTrailguardCli, standardOrganization, writeConfig } from '../kit';

// verify refuses, before it creates anything, what could only end in a run that proves nothing.

const REGION = 'eu-west-1';

/** Trails and buckets in the account: what a refused run must not have created. */
async function created(emulator: Emulator, account: string, region = REGION) {
  const cloudtrail = await emulator.client(CloudTrailClient, { account, region });
  const s3 = await emulator.client(S3Client, { account, region });
  try {
    const { trailList } = await cloudtrail.send(new DescribeTrailsCommand({}));
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    return [...(trailList ?? []).map((t) => t.Name), ...(Buckets ?? []).map((b) => b.Name)];
  } finally {
    cloudtrail.destroy();
    s3.destroy();
  }
}

describe('trailguard verify refuses before it creates anything', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  it('refuses a region that does not exist, with the configured ones (exit 2)', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.app1 ?? '';
    const result = await runTrailguardCli(
      ['verify', '--account', account, '--region', 'eu-wset-1'],
      emulatorEnv(emulator(), writeConfig(org)),
    );
    expect(result.stderr).toContain(
      '--region eu-wset-1 is not an AWS region; did you mean eu-west-1? The configured regions are eu-west-1, us-east-1. Nothing was created.',
    );
    expect(result.status).toBe(2);
    expect(await created(emulator(), account)).toEqual([]);
  });

  it('refuses a real region TrailGuard is not configured for (exit 2)', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.app1 ?? '';
    const result = await runTrailguardCli(
      ['verify', '--account', account, '--region', 'ap-south-1'],
      emulatorEnv(emulator(), writeConfig(org)),
    );
    expect(result.stderr).toContain(
      '--region ap-south-1 is not among the configured regions (eu-west-1, us-east-1): TrailGuard is not deployed there',
    );
    expect(result.status).toBe(2);
    expect(await created(emulator(), account, 'ap-south-1')).toEqual([]);
  });

  it('with prevention on, refuses a caller the SCP would deny StopLogging, and says how to run it (exit 2)', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.app1 ?? '';
    const config = writeConfig(org, {
      prevention: { enabled: true, breakGlassPrincipals: [`arn:aws:iam::${account}:role/BreakGlass*`] },
    });
    const result = await runTrailguardCli(['verify', '--account', account], emulatorEnv(emulator(), config));
    expect(result.stderr).toContain(
      `the service control policy on the configured OUs denies cloudtrail:StopLogging in account ${account} to arn:aws:iam::${account}:role/OrganizationAccountAccessRole,`,
    );
    expect(result.stderr).toContain('Run verify as a break-glass principal: `--role-name NAME`');
    expect(result.status).toBe(2);
    expect(await created(emulator(), account)).toEqual([]);
  });

  it('with prevention on, goes ahead as a break-glass role and says why the SCP allows it', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.app1 ?? '';
    const config = writeConfig(org, {
      prevention: { enabled: true, breakGlassPrincipals: [`arn:aws:iam::${account}:role/BreakGlass*`] },
    });
    const result = await runTrailguardCli(
      [
        'verify',
        '--account',
        account,
        '--role-name',
        'BreakGlassAdmin',
        '--timeout',
        '0.5',
        '--interval',
        '0.1',
      ],
      emulatorEnv(emulator(), config),
    );
    expect(result.stderr).toContain(
      `Prevention is on: arn:aws:iam::${account}:role/BreakGlassAdmin matches the exempt principal arn:aws:iam::${account}:role/BreakGlass*`,
    );
    // It ran: the canary was stopped (moto restarts nothing) and cleaned up.
    expect(result.stderr).toMatch(/Stopping trail trailguard-verify-[0-9a-f]{8}/);
    expect(result.status).toBe(1);
    expect(await created(emulator(), account)).toEqual([]);
  });

  it('with prevention on, goes ahead in an account outside the OUs the SCP is attached to', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.play ?? '';
    const config = writeConfig(org, {
      organizationalUnits: [org.ous.Security ?? '', org.ous.Workloads ?? ''],
      prevention: { enabled: true },
    });
    const result = await runTrailguardCli(
      ['verify', '--account', account, '--timeout', '0.5', '--interval', '0.1'],
      emulatorEnv(emulator(), config),
    );
    expect(result.stderr).toContain(
      `Prevention is on, but account ${account} is not under the configured OUs the policy is attached to.`,
    );
    expect(result.stderr).toContain('Stopping trail trailguard-verify-');
    expect(result.status).toBe(1);
  });
});
