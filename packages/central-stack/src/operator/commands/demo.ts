import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Emulator, motoServerPath, REPO_ROOT } from '@trailguard/test';
import { type CommandIo, parseFlags } from '../context';
import { HANDLER_BUNDLE, handlerBundleExists, tellStory } from '../demo/story';

export const DEMO_USAGE = `Usage: pnpm trailguard demo

The whole story with no AWS account: starts a local AWS emulator (moto), builds an organization
(management, security and member accounts in three OUs), deploys TrailGuard's templates into
it, plays an attacker who stops a trail and strips its management events, delivers those
events to TrailGuard's function as EventBridge would, and prints the timeline and the
notification as the security team reads it. It stops the emulator at the end.
Needs \`pnpm build\` (the handler bundle) and the emulator's Python venv (installed if missing).`;

/** `trailguard demo`. */
export async function demoCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseFlags(args, {}, DEMO_USAGE);
  if (values.help) {
    io.stdout(DEMO_USAGE);
    return 0;
  }
  if (!handlerBundleExists()) {
    io.stderr.write(`The handler bundle ${HANDLER_BUNDLE} is missing: run \`pnpm build\` first.\n`);
    return 1;
  }
  ensureEmulatorInstalled(io);
  io.stdout('TrailGuard demo — on a local AWS emulator (moto); no AWS account or credentials are used.');
  const emulator = await Emulator.start();
  io.stdout(`Started the emulator at ${emulator.endpoint} (process ${emulator.pid}).`);
  try {
    const outcome = await tellStory(emulator, { say: io.stdout });
    return outcome.trailLogging &&
      outcome.managementEventsOn &&
      outcome.notifications > 0 &&
      outcome.echoIgnored
      ? 0
      : 1;
  } finally {
    await emulator.stop();
    io.stdout(`Stopped the emulator (process ${emulator.pid}).`);
  }
}

function ensureEmulatorInstalled(io: CommandIo): void {
  try {
    motoServerPath();
    return;
  } catch {
    io.stderr.write('Installing the AWS emulator (moto) into .venv — once, about a minute…\n');
  }
  const script = path.join(REPO_ROOT, 'scripts', 'ensure-venv.mjs');
  if (
    !existsSync(script) ||
    spawnSync(process.execPath, [script], { stdio: ['ignore', 2, 2] }).status !== 0
  ) {
    throw new Error('could not install the emulator; run `node scripts/ensure-venv.mjs` and try again');
  }
}
