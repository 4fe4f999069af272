import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Emulator, type Emulator as EmulatorType, motoServerPath, REPO_ROOT } from '@trailguard/test';
import { stringify } from 'yaml';
import { type CommandIo, parseFlags } from '../../context';
import { UsageError } from '../../run-command';
import type { Say } from './narration';
import { HANDLER_BUNDLE, handlerBundleExists, type StoryOutcome, tellStory } from './story';
import { playSweepSchedule } from './sweep-schedule';

export const DEMO_USAGE = `Usage: pnpm trailguard demo [--keep]

The whole story with no AWS account: starts a local AWS emulator (moto), builds an organization
(management, security and member accounts in three OUs), deploys TrailGuard's templates into
it, plays an attacker who stops a trail and strips its management events, delivers those
events to TrailGuard's function as EventBridge would, and prints the timeline and the
notification as the security team reads it. It stops the emulator at the end.
  --keep   leave the emulator running afterwards, with the environment to try doctor, plan,
           coverage and verify against the demo organization (the demo plays the sweep
           schedule meanwhile, so verify sees TrailGuard restart its canary); Ctrl-C stops it
Needs \`pnpm build\` (the handler bundle) and the emulator's Python venv (installed if missing).`;

/** `trailguard demo`. */
export async function demoCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseFlags(args, { keep: { type: 'boolean' } }, DEMO_USAGE);
  if (values.help) {
    io.stdout(DEMO_USAGE);
    return 0;
  }
  if (values.config !== undefined || values['endpoint-url'] !== undefined) {
    throw new UsageError(
      `demo builds its own organization, configuration and emulator; --config and --endpoint-url do not apply\n\n${DEMO_USAGE}`,
    );
  }
  if (!handlerBundleExists()) {
    io.stderr.write(`The handler bundle ${HANDLER_BUNDLE} is missing: run \`pnpm build\` first.\n`);
    return 1;
  }
  ensureEmulatorInstalled(io);
  io.stdout('TrailGuard demo — on a local AWS emulator (moto); no AWS account or credentials are used.');
  // aws-cdk-lib warns about deprecated properties the stacks do not use; not the newcomer's concern.
  process.env.JSII_DEPRECATED ??= 'quiet';
  const scratch = mkdtempSync(path.join(tmpdir(), 'trailguard-demo-'));
  try {
    // The emulator records requests here once the story starts its recorder (read by the story).
    process.env.MOTO_RECORDER_FILEPATH = path.join(scratch, 'requests.jsonl');
    return await runOnEmulator(values.keep === true, scratch, io);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** After Ctrl-C nothing more is said: what fails then fails because the emulator is gone. */
const quietAfterInterrupt =
  (io: CommandIo): Say =>
  (text) => {
    if (!io.signal?.aborted) io.stdout(text);
  };

async function runOnEmulator(keep: boolean, scratch: string, io: CommandIo): Promise<number> {
  // Ctrl-C reaches this process only: it stops the emulator, and the story, which then fails on
  // its next call, ends unheard (a server that died of the same Ctrl-C first would be heard).
  const emulator = await Emulator.start({ ownProcessGroup: true });
  io.stdout(`Started the emulator at ${emulator.endpoint} (process ${emulator.pid}).`);
  const onInterrupt = () => void emulator.stop();
  io.signal?.addEventListener('abort', onInterrupt, { once: true });
  try {
    const outcome = await tellStory(emulator, { say: quietAfterInterrupt(io) });
    if (io.signal?.aborted) return interrupted(io);
    if (keep) await keepRunning(emulator, outcome, scratch, io);
    return outcome.trailLogging &&
      outcome.managementEventsOn &&
      outcome.notifications > 0 &&
      outcome.incidentEvents === outcome.notifications &&
      outcome.echoIgnored
      ? 0
      : 1;
  } catch (error) {
    if (io.signal?.aborted) return interrupted(io);
    throw error;
  } finally {
    io.signal?.removeEventListener('abort', onInterrupt);
    await emulator.stop();
    io.stdout(`Stopped the emulator (process ${emulator.pid}).`);
  }
}

function interrupted(io: CommandIo): number {
  io.stdout('Interrupted: the demo stopped before its end.');
  return 130;
}

/** How often the demo plays the sweep schedule while the emulator is kept. */
const KEPT_SWEEP_SECONDS = 5;

/** Leaves the emulator up for the other commands until Ctrl-C, playing the sweep schedule. */
async function keepRunning(
  emulator: EmulatorType,
  outcome: StoryOutcome,
  scratch: string,
  io: CommandIo,
): Promise<void> {
  const configFile = path.join(scratch, 'trailguard.yaml');
  writeFileSync(configFile, stringify(outcome.config));
  const { homeRegion } = outcome.config;
  const schedule = playSweepSchedule(emulator, outcome.victim, homeRegion, KEPT_SWEEP_SECONDS * 1000);
  io.stdout(
    [
      '',
      'The emulator keeps running. In another terminal, in this repository, try the other commands:',
      `  export AWS_ENDPOINT_URL=${emulator.endpoint} AWS_REGION=${homeRegion} \\`,
      `         AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo TRAILGUARD_CONFIG=${configFile}`,
      ...keptCommands(outcome.victim).map((command) => `  ${command}`),
      `Meanwhile the demo plays the sweep schedule of TrailGuard in account payments (${outcome.victim}),`,
      `${homeRegion}, every ${KEPT_SWEEP_SECONDS} s (deployed: every ${outcome.config.sweepIntervalMinutes} minutes): the emulator runs no schedule and no Lambda.`,
      'Press Ctrl-C here to stop the emulator.',
    ].join('\n'),
  );
  const signal = io.signal;
  if (signal) {
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  await schedule.stop();
}

/** The commands `--keep` suggests, as the README writes them: each succeeds on the kept emulator. */
export function keptCommands(victim: string): string[] {
  return [
    'pnpm trailguard doctor',
    'pnpm trailguard plan',
    'pnpm trailguard coverage',
    `pnpm trailguard verify --account ${victim}`,
  ];
}

function ensureEmulatorInstalled(io: CommandIo): void {
  try {
    motoServerPath();
    return;
  } catch {
    io.stderr.write('Installing the AWS emulator (moto) into .venv — once, about a minute…\n');
  }
  const script = path.join(REPO_ROOT, 'test', 'bin', 'ensure-venv.mjs');
  if (
    !existsSync(script) ||
    spawnSync(process.execPath, [script], { stdio: ['ignore', 2, 2] }).status !== 0
  ) {
    throw new Error('could not install the emulator; run `node test/bin/ensure-venv.mjs` and try again');
  }
}
