import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { childProcessEnv, REPO_ROOT, scratchDir } from '@trailguard/test';
import { runTrailguardCli } from '../kit';

describe('trailguard demo', () => {
  let result: Awaited<ReturnType<typeof runTrailguardCli>>;

  beforeAll(async () => {
    // No AWS settings at all: the demo needs none.
    result = await runTrailguardCli(['demo'], {
      ...childProcessEnv(),
      HOME: scratchDir('trailguard-demo-home-'),
    });
  }, 120_000);

  it('exits 0 after TrailGuard undid both changes, alerting once per change and not for its own echo', () => {
    expect(result.stdout).toContain(
      'Result: trail logging again, management events restored; 2 notification(s) for the attack; ' +
        "no message for TrailGuard's own StartLogging.",
    );
    expect(result.status).toBe(0);
  });

  it('runs the real preflight and coverage against the emulated organization', () => {
    expect(result.stdout).toContain('All 13 checks passed (1 with a warning).');
    expect(result.stdout).toContain('Coverage: 11/11 account × region protected (100%)');
  });

  it('shows the timeline from the attack to the verified restore', () => {
    const timeline = result.stdout.slice(
      result.stdout.indexOf('7. Timeline'),
      result.stdout.indexOf('8. What'),
    );
    const order = [
      /attacker +StopLogging audit as arn:aws:sts::\d{12}:assumed-role\/ci-deployer\/mallory/,
      /EventBridge +delivers StopLogging/,
      /trailguard-remediation +log: remediated \(action=start-logging, outcome=succeeded/,
      /trailguard-remediation +log: remediated \(action=restore-management-events, outcome=succeeded/,
      /trailguard-remediation +log: decision \(decision=silent/,
      /demo +checks audit: logging yes, management events on/,
    ].map((pattern) => timeline.search(pattern));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('prints the e-mail as the security team reads it', () => {
    expect(result.stdout).toMatch(
      /Subject: \[CRITICAL\] TrailGuard: Logging stopped on trail audit \(\d{12} eu-west-1\)/,
    );
    expect(result.stdout).toMatch(
      /Message attributes: severity=critical, eventName=StopLogging, account=\d{12}/,
    );
    expect(result.stdout).toContain('From:      203.0.113.66 using "aws-cli/2.22.4');
  });

  it('stops the emulator it started', () => {
    const pid = Number(/Stopped the emulator \(process (\d+)\)/.exec(result.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});

describe('trailguard demo --keep', () => {
  it('leaves the emulator up for the other commands, and Ctrl-C stops it', async () => {
    // One node process with tsx as its loader: Ctrl-C to the group reaches the command itself
    // (the tsx CLI would relay it, and SIGKILL the command if the relay is slow on a busy machine).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'packages/operator/src/bin/trailguard.ts'), 'demo', '--keep'],
      // Its own process group, so that Ctrl-C can be sent to the whole group as a terminal does.
      { cwd: REPO_ROOT, detached: true, env: { ...childProcessEnv(), HOME: tmpdir() } },
    );
    let stdout = '';
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no prompt within 90 s:\n${stdout}`)), 90_000);
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('Press Ctrl-C')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const exports =
      /export (AWS_ENDPOINT_URL=\S+) (AWS_REGION=\S+) \\\n\s+(AWS_ACCESS_KEY_ID=\S+) (AWS_SECRET_ACCESS_KEY=\S+) (TRAILGUARD_CONFIG=\S+)/.exec(
        stdout,
      );
    expect(exports).not.toBeNull();
    const env = Object.fromEntries(
      (exports ?? []).slice(1).map((pair) => pair.split('=') as [string, string]),
    );
    const doctor = await runTrailguardCli(['doctor'], { ...childProcessEnv(), HOME: tmpdir(), ...env });
    // Deployed now: the delivery check applies (moto confirmed the subscription the demo made).
    expect(doctor.stdout).toContain(
      '✓ E-mail subscriptions to trailguard-notifications are confirmed — 1 confirmed',
    );
    expect(doctor.stdout).toContain('All 14 checks passed (1 with a warning).');
    expect(doctor.status).toBe(0);

    process.kill(-(child.pid ?? 0), 'SIGINT');
    expect(await closed).toBe(0);
    const pid = Number(/Started the emulator at \S+ \(process (\d+)\)/.exec(stdout)?.[1]);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  }, 150_000);
});
