import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { childProcessEnv, REPO_ROOT, scratchDir } from '@trailguard/test';
import { leftInTemp, runTrailguardCli, withOwnTemp } from '../kit';

/** An environment with no AWS settings at all (the demo needs none) and a temp folder of its own. */
function demoEnv(): NodeJS.ProcessEnv {
  return withOwnTemp({ ...childProcessEnv(), HOME: scratchDir('trailguard-demo-home-') });
}

/**
 * The demo as one node process with tsx as its loader, in its own process group, so that Ctrl-C
 * can be sent to the group as a terminal does and reaches the command itself (the tsx CLI would
 * relay it, and SIGKILL the command if the relay is slow on a busy machine).
 */
function startDemo(args: readonly string[], env: NodeJS.ProcessEnv) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'packages/operator/src/bin/trailguard.ts'), 'demo', ...args],
    { cwd: REPO_ROOT, detached: true, env },
  ) as ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const waitFor = (text: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${stdout}`)),
        timeoutMs,
      );
      const check = () => {
        if (!stdout.includes(text)) return;
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve();
      };
      child.stdout.on('data', check);
      check();
    });
  return {
    waitFor,
    interrupt: () => process.kill(-(child.pid ?? 0), 'SIGINT'),
    closed,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

describe('trailguard demo', () => {
  let result: Awaited<ReturnType<typeof runTrailguardCli>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = demoEnv();
    result = await runTrailguardCli(['demo'], env);
  }, 120_000);

  it('leaves no temporary folder behind', () => {
    expect(leftInTemp(env)).toEqual([]);
  });

  it('exits 0 after TrailGuard undid both changes, alerting once per change and not for its own echo', () => {
    expect(result.stdout).toContain(
      'Result: trail logging again, management events restored; 2 notification(s) for the attack, ' +
        'each also on the central bus; ' +
        "no message for TrailGuard's own StartLogging.",
    );
    expect(result.status).toBe(0);
  });

  it('runs the real preflight and coverage against the emulated organization', () => {
    expect(result.stdout).toContain('All 13 checks passed (1 with a warning).');
    expect(result.stdout).toContain('Coverage: 10/10 account × region protected (100%)');
    expect(result.stdout).toMatch(/Versions: TrailGuard-Members \d+\.\d+\.\d+, /);
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

  it('puts each incident on the central bus, and no sharing beyond the topic fails silently', () => {
    const timeline = result.stdout.slice(
      result.stdout.indexOf('7. Timeline'),
      result.stdout.indexOf('8. What'),
    );
    expect(timeline.match(/trailguard-remediation +log: incident event put /g)).toHaveLength(2);
    // Every *Failures metric (incident events, findings, notifications, repairs) and error log.
    expect(timeline).not.toMatch(/Failures=|not put|not imported|failed/);
    const bus = result.stdout.slice(result.stdout.indexOf('10. The same incidents on the central bus'));
    expect(bus).toMatch(
      /arn:aws:events:eu-west-1:(\d{12}):event-bus\/trailguard-events \(the security account's\)/,
    );
    expect(bus).toContain(
      'TrailGuard Incident from trailguard: [CRITICAL] Logging stopped on trail audit (event ',
    );
    expect(bus).toContain(
      'TrailGuard Incident from trailguard: [HIGH] Management events no longer recorded by trail audit (event ',
    );
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
  it('suggests only commands that succeed against the kept emulator, and Ctrl-C stops it', async () => {
    const env = demoEnv();
    const demo = startDemo(['--keep'], env);
    await demo.waitFor('Press Ctrl-C', 90_000);
    const stdout = demo.stdout();
    const exports =
      /export (AWS_ENDPOINT_URL=\S+) (AWS_REGION=\S+) \\\n\s+(AWS_ACCESS_KEY_ID=\S+) (AWS_SECRET_ACCESS_KEY=\S+) (TRAILGUARD_CONFIG=\S+)/.exec(
        stdout,
      );
    expect(exports).not.toBeNull();
    const kept = Object.fromEntries(
      (exports ?? []).slice(1).map((pair) => pair.split('=') as [string, string]),
    );
    // Every suggested command, as printed, one per line: each must succeed.
    const suggested = [...stdout.matchAll(/^ {2}(pnpm trailguard .+)$/gm)].map((m) => m[1] ?? '');
    expect(suggested.map((c) => c.split(' ')[2])).toEqual(['doctor', 'plan', 'coverage', 'verify']);
    for (const command of suggested) {
      const run = await runTrailguardCli(command.split(' ').slice(2), {
        ...childProcessEnv(),
        HOME: tmpdir(),
        ...kept,
      });
      expect({ command, status: run.status, stderr: run.stderr }).toEqual({
        command,
        status: 0,
        stderr: expect.any(String),
      });
      if (command.includes('verify'))
        expect(run.stdout).toMatch(/✓ TrailGuard restarted trailguard-verify-[0-9a-f]{8}/);
      if (command.includes('doctor')) {
        // Deployed now: the delivery check applies (moto confirmed the subscription the demo made).
        expect(run.stdout).toContain(
          '✓ E-mail subscriptions to trailguard-notifications are confirmed — 1 confirmed',
        );
        expect(run.stdout).toContain('All 14 checks passed (1 with a warning).');
      }
    }

    demo.interrupt();
    expect(await demo.closed).toBe(0);
    const pid = Number(/Started the emulator at \S+ \(process (\d+)\)/.exec(stdout)?.[1]);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect(leftInTemp(env)).toEqual([]);
  }, 240_000);
});

describe('Ctrl-C during the demo', () => {
  it('ends quietly: no failed check, no connection error, the emulator stopped, exit 130', async () => {
    const demo = startDemo([], demoEnv());
    // Mid-story: the preflight checks are reading the emulated organization.
    await demo.waitFor('2. Preflight', 90_000);
    demo.interrupt();
    const status = await demo.closed;
    const output = `${demo.stdout()}\n${demo.stderr()}`;
    expect(output).not.toMatch(/could not check|ECONNREFUSED|Error:|✗/);
    expect(demo.stdout()).toContain('Interrupted: the demo stopped before its end.');
    expect(status).toBe(130);
    const pid = Number(/Started the emulator at \S+ \(process (\d+)\)/.exec(demo.stdout())?.[1]);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  }, 120_000);
});
