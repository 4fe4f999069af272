import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTrailguardCli } from './kit';

describe('trailguard demo', () => {
  let result: Awaited<ReturnType<typeof runTrailguardCli>>;

  beforeAll(async () => {
    // No AWS settings at all: the demo needs none.
    result = await runTrailguardCli(['demo'], {
      PATH: process.env.PATH,
      HOME: mkdtempSync(path.join(tmpdir(), 'trailguard-demo-home-')),
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
    expect(result.stdout).toContain('All 11 checks passed.');
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
    expect(result.stdout).toContain('From:      203.0.113.66 using aws-cli/2.22.4');
  });

  it('stops the emulator it started', () => {
    const pid = Number(/Stopped the emulator \(process (\d+)\)/.exec(result.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});
