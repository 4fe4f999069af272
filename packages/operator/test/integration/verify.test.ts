import { spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { type Emulator, REPO_ROOT, useEmulator } from '@trailguard/test';
import { verifyCommand } from '../../src/commands/verify';
import { VerifyError, verifyRemediation } from '../../src/commands/verify/verify-remediation';
import {
  captureIo,
  emulatorEnv,
  leftInTemp,
  managementClients,
  runTrailguardCli,
  runWithConfig,
  standardOrganization,
  withOwnTemp,
  writeConfig,
} from '../kit';

const REGION = 'eu-west-1';

async function memberClients(emulator: Emulator, account: string) {
  const options = { account, region: REGION };
  return {
    cloudtrail: await emulator.client(CloudTrailClient, options),
    s3: await emulator.client(S3Client, options),
  };
}

/** What remains in the account: trail names and bucket names. */
async function leftovers(emulator: Emulator, account: string) {
  const { cloudtrail, s3 } = await memberClients(emulator, account);
  const { trailList } = await cloudtrail.send(new DescribeTrailsCommand({}));
  const { Buckets } = await s3.send(new ListBucketsCommand({}));
  cloudtrail.destroy();
  s3.destroy();
  return { trails: (trailList ?? []).map((t) => t.Name), buckets: (Buckets ?? []).map((b) => b.Name) };
}

/** Plays TrailGuard: restarts any stopped trail of the account until told to stop. */
function restartStoppedTrails(cloudtrail: CloudTrailClient, delayMs: number) {
  let running = true;
  const loop = (async () => {
    while (running) {
      const { trailList } = await cloudtrail.send(new DescribeTrailsCommand({}));
      for (const trail of trailList ?? []) {
        // verify may delete its canary at any moment.
        const status = await cloudtrail
          .send(new GetTrailStatusCommand({ Name: trail.Name }))
          .catch(() => undefined);
        if (!status) continue;
        if (status.IsLogging === false && status.StopLoggingTime) {
          await new Promise((r) => setTimeout(r, delayMs));
          await cloudtrail.send(new StartLoggingCommand({ Name: trail.Name }));
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

describe('trailguard verify on the emulator', () => {
  const emulator = useEmulator();

  /** A member account of the standard organization with a trail (not logging) and its bucket. */
  async function memberWithTrail(trail: string, bucket: string) {
    const org = await standardOrganization(emulator());
    const account = org.accounts.app1 ?? '';
    const { cloudtrail, s3 } = await memberClients(emulator(), account);
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }),
    );
    await cloudtrail.send(new CreateTrailCommand({ Name: trail, S3BucketName: bucket }));
    return { account, cloudtrail, s3 };
  }
  beforeEach(() => emulator().reset());

  it('reports the time to restore when the trail is restarted, and deletes the canary', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.app1 ?? '';
    const { cloudtrail, s3 } = await memberClients(emulator(), account);
    const stop = restartStoppedTrails(cloudtrail, 300);
    const steps: string[] = [];
    const result = await verifyRemediation(
      { cloudtrail, s3, account, region: REGION, onStep: (s) => steps.push(s) },
      { timeoutMs: 10_000, intervalMs: 50 },
    ).finally(stop);
    expect(result.outcome).toBe('restored');
    if (result.outcome !== 'restored') throw new Error('unreachable');
    expect(result.restoredAfterMs).toBeGreaterThanOrEqual(250);
    expect(result.restoredAfterMs).toBeLessThan(10_000);
    expect(steps[0]).toMatch(new RegExp(`^Creating canary bucket trailguard-verify-${account}-[0-9a-f]{8}$`));
    expect(result.cleanup).toEqual([
      expect.stringMatching(/^✓ delete canary trail trailguard-verify-/),
      expect.stringMatching(/^✓ delete canary bucket trailguard-verify-/),
    ]);
    expect(await leftovers(emulator(), account)).toEqual({ trails: [], buckets: [] });
    cloudtrail.destroy();
    s3.destroy();
  });

  it('in the caller’s own account (no --account) calls only what deployer-policy.json grants, and cleans up', async () => {
    // The kit checks, after this file, every call made with the caller's credentials against the
    // policy: here the canary's trail and bucket, created, stopped and deleted in this account.
    const org = await standardOrganization(emulator());
    const clients = await managementClients(emulator());
    const { io, out } = captureIo(clients);
    const status = await runWithConfig(writeConfig(org), () =>
      verifyCommand(['--region', REGION, '--timeout', '0.3', '--interval', '0.1'], io),
    );
    expect(status).toBe(1);
    expect(out()).toContain(`in account ${org.managementAccountId}, ${REGION} was not restarted`);
    expect(clients.counter.byOperation()).toMatchObject({
      'CloudTrail.CreateTrail': 1,
      'CloudTrail.StopLogging': 1,
      'CloudTrail.DeleteTrail': 1,
      'S3.CreateBucket': 1,
      'S3.DeleteBucket': 1,
    });
    expect(clients.counter.byOperation()['STS.AssumeRole']).toBeUndefined();
    expect(await leftovers(emulator(), org.managementAccountId)).toEqual({ trails: [], buckets: [] });
    clients.destroy();
  });

  it('times out when nothing restarts the trail, says so, and still cleans up (assuming a role in a member account)', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.app2 ?? '';
    const clients = await managementClients(emulator());
    const { io, out } = captureIo(clients);
    const status = await runWithConfig(writeConfig(org), () =>
      verifyCommand(['--account', account, '--region', REGION, '--timeout', '0.6', '--interval', '0.1'], io),
    );
    expect(status).toBe(1);
    expect(out()).toContain(`in account ${account}, ${REGION} was not restarted within 1 s.`);
    expect(out()).toContain('Is TrailGuard deployed there? Run `pnpm trailguard coverage`');
    expect(out()).toContain(
      'check the log group /aws/lambda/trailguard-remediation/… and the queue trailguard-dead-letters.',
    );
    expect(clients.counter.byOperation()['STS.AssumeRole']).toBe(1);
    expect(await leftovers(emulator(), account)).toEqual({ trails: [], buckets: [] });
    clients.destroy();
  });

  it('restarts a named trail it stopped when TrailGuard did not, and leaves it in place', async () => {
    const { account, cloudtrail, s3 } = await memberWithTrail('audit', 'audit-logs');
    await cloudtrail.send(new StartLoggingCommand({ Name: 'audit' }));
    const result = await verifyRemediation(
      { cloudtrail, s3, account, region: REGION },
      { trail: 'audit', timeoutMs: 300, intervalMs: 50 },
    );
    expect(result).toMatchObject({ outcome: 'timed-out', cleanup: ['✓ restart logging of audit'] });
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'audit' }))).IsLogging).toBe(true);
    expect(await leftovers(emulator(), account)).toEqual({ trails: ['audit'], buckets: ['audit-logs'] });
    cloudtrail.destroy();
    s3.destroy();
  });

  it('refuses to start with a named trail that is not logging, and changes nothing', async () => {
    const { account, cloudtrail, s3 } = await memberWithTrail('audit', 'audit-logs');
    await expect(
      verifyRemediation({ cloudtrail, s3, account, region: REGION }, { trail: 'audit', timeoutMs: 300 }),
    ).rejects.toThrow(VerifyError);
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'audit' }))).IsLogging).toBe(false);
    cloudtrail.destroy();
    s3.destroy();
  });

  it('stops waiting when interrupted and cleans up', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.app1 ?? '';
    const { cloudtrail, s3 } = await memberClients(emulator(), account);
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort(new Error('interrupted')), 400);
    const result = await verifyRemediation(
      { cloudtrail, s3, account, region: REGION },
      { timeoutMs: 60_000, intervalMs: 10_000, signal: interrupt.signal },
    );
    expect(result.outcome).toBe('interrupted');
    expect(result.cleanup.every((c) => c.startsWith('✓'))).toBe(true);
    expect(await leftovers(emulator(), account)).toEqual({ trails: [], buckets: [] });
    cloudtrail.destroy();
    s3.destroy();
  });

  it('as a process: times out with exit 1 and lists its cleanup', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.play ?? '';
    const env = withOwnTemp(emulatorEnv(emulator(), writeConfig(org)));
    const result = await runTrailguardCli(
      ['verify', '--account', account, '--timeout', '1', '--interval', '0.2'],
      env,
    );
    expect(result.stdout).toMatch(
      /✗ trailguard-verify-[0-9a-f]{8} in account \d{12}, eu-west-1 was not restarted within 1 s\./,
    );
    expect(result.stdout).toMatch(
      /Cleanup:\n {2}✓ delete canary trail trailguard-verify-[0-9a-f]{8}\n {2}✓ delete canary bucket /,
    );
    expect(result.stderr).toContain('Stopping trail trailguard-verify-');
    expect(result.status).toBe(1);
    expect(await leftovers(emulator(), account)).toEqual({ trails: [], buckets: [] });
    expect(leftInTemp(env)).toEqual([]);
  });

  it('as a process: Ctrl-C (SIGINT) while waiting still deletes the canary', async () => {
    const org = await standardOrganization(emulator());
    const account = org.accounts.play ?? '';
    // One node process with tsx as its loader, so the signal reaches the command itself (the
    // tsx CLI relays signals and SIGKILLs its child when the relay is slow on a busy machine).
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'packages/operator/src/bin/trailguard.ts'),
        'verify',
        '--account',
        account,
        '--timeout',
        '60',
      ],
      { cwd: REPO_ROOT, env: emulatorEnv(emulator(), writeConfig(org)) },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    const status = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (stderr.includes('Stopping trail')) setTimeout(() => child.kill('SIGINT'), 300);
      });
      child.on('close', resolve);
    });
    expect(stdout).toContain('✗ Interrupted after');
    expect(stdout).toMatch(/✓ delete canary bucket/);
    expect(status).toBe(1);
    expect(await leftovers(emulator(), account)).toEqual({ trails: [], buckets: [] });
  });

  it('as a process: rejects a malformed account id with exit 2', async () => {
    const org = await standardOrganization(emulator());
    const result = await runTrailguardCli(
      ['verify', '--account', '12345'],
      emulatorEnv(emulator(), writeConfig(org)),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--account expects a 12-digit account id, got "12345"');
  });
});
