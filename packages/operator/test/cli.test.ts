import { renderChecklist } from '../src/checklist';
import { runTrailguard, USAGE } from '../src/cli';
import type { CommandIo } from '../src/context';
import { Progress } from '../src/progress';
import { UsageError } from '../src/run-command';

function io() {
  let out = '';
  const value: CommandIo = {
    stdout: (t) => {
      out += `${t}\n`;
    },
    stderr: { write: () => true },
  };
  return { value, out: () => out };
}

describe('trailguard command line', () => {
  it.each(['doctor', 'plan', 'coverage', 'verify'])(
    '%s --help prints its usage and exits 0 without reading AWS',
    async (name) => {
      const terminal = io();
      await expect(runTrailguard([name, '--help'], terminal.value)).resolves.toBe(0);
      expect(terminal.out()).toContain(`Usage: pnpm trailguard ${name}`);
    },
  );

  it('prints the command list for --help (exit 0) and without a command (exit 2)', async () => {
    const help = io();
    await expect(runTrailguard(['--help'], help.value)).resolves.toBe(0);
    expect(help.out()).toMatch(/Commands:\n {2}doctor/);
    await expect(runTrailguard([], io().value)).resolves.toBe(2);
  });

  it('says which commands read --config and print --json as their own usages do', async () => {
    // "doctor, plan, coverage and verify read the configuration file of --config FILE, …, and
    // print data as JSON with --json": one list of commands for both flags.
    const sentence = USAGE.replace(/\s+/g, ' ').match(
      /([a-z]+(?:, [a-z]+)* and [a-z]+) read the configuration file of --config FILE[^;]*print data as JSON with --json;/,
    );
    const claimed = (sentence?.[1] ?? '').split(/, | and /).sort();
    const commands = [...USAGE.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1] as string);
    expect(commands).toEqual(['doctor', 'plan', 'coverage', 'verify', 'demo']);
    const usages = await Promise.all(
      commands.map(async (name) => {
        const terminal = io();
        await runTrailguard([name, '--help'], terminal.value);
        return [name, terminal.out().split('\n\n')[0] ?? ''] as const;
      }),
    );
    const taking = (flag: string) =>
      usages
        .filter(([, synopsis]) => synopsis.includes(`[${flag}`))
        .map(([name]) => name)
        .sort();
    expect(claimed).toEqual(taking('--config FILE'));
    expect(claimed).toEqual(taking('--json'));
    expect(claimed).not.toContain('demo');
    expect(USAGE).toMatch(/demo brings its own configuration/);
  });

  it.each([
    [['help', 'nosuch'], 'unknown command "nosuch"\n'],
    [['help', 'docter'], 'unknown command "docter"; did you mean "doctor"?'],
    [['covrage'], 'unknown command "covrage"; did you mean "coverage"?'],
  ])('%j is a usage error naming the unknown command', async (argv, message) => {
    const terminal = io();
    await expect(runTrailguard(argv, terminal.value)).rejects.toThrow(UsageError);
    await expect(runTrailguard(argv, terminal.value)).rejects.toThrow(message);
    expect(terminal.out()).toBe('');
  });

  it('rejects an unknown command and a bad number as usage errors (exit 2)', async () => {
    await expect(runTrailguard(['docter'], io().value)).rejects.toThrow(UsageError);
    await expect(runTrailguard(['verify', '--timeout', 'soon'], io().value)).rejects.toThrow(
      '--timeout expects a number ≥ 0, got "soon"',
    );
    await expect(runTrailguard(['plan', '--concurrency', '0'], io().value)).rejects.toThrow(UsageError);
  });
});

describe('Progress', () => {
  it('draws and erases itself on a terminal, throttled', () => {
    let written = '';
    let now = 0;
    const progress = new Progress({ isTTY: true, write: (t: string) => (written += t) }, 100, () => now);
    progress.update('one');
    now = 50;
    progress.update('two'); // within the interval: skipped
    now = 150;
    progress.update('three');
    progress.done();
    expect(written).toBe('\r\x1b[2K⠋ one\r\x1b[2K⠙ three\r\x1b[2K');
  });

  it('writes nothing when the stream is not a terminal', () => {
    let written = '';
    const progress = new Progress({ write: (t: string) => (written += t) });
    progress.update('x', true);
    progress.done();
    expect(written).toBe('');
  });
});

describe('renderChecklist', () => {
  it('marks each check and indents the fix under a failure only', () => {
    const text = renderChecklist([
      { id: 'a', title: 'First', status: 'pass', fix: 'never shown' },
      { id: 'b', title: 'Second', status: 'fail', detail: 'broken', fix: 'do this\nthen that' },
      { id: 'c', title: 'Third', status: 'skipped' },
    ]);
    expect(text).toBe(
      '✓ First\n✗ Second — broken\n    do this\n    then that\n– Third\n\n1 of 3 checks failed, 1 could not run.',
    );
  });
});
