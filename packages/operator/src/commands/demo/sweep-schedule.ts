import { randomUUID } from 'node:crypto';
import { HANDLER_BUNDLE_FILE } from '@trailguard/member-stack';
import type { Emulator } from '@trailguard/test';
import { findFunction } from './emulated-deployment';
import { functionEnvironment } from './identities';
import { invokeInProcess } from './lambda-process';

/** A running play of the schedule; `stop()` resolves once the sweep in flight, if any, is done. */
export interface SweepSchedule {
  stop(): Promise<void>;
}

/**
 * Plays EventBridge's schedule rule for TrailGuard's function in one account and region: runs its
 * sweep (the handler bundle, with the function's environment and role) every `intervalMs`, as
 * the rule does every `sweepIntervalMinutes` in AWS, where the emulator runs no schedule.
 */
export function playSweepSchedule(
  emulator: Emulator,
  account: string,
  region: string,
  intervalMs: number,
): SweepSchedule {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    const fn = await findFunction(emulator, account, region);
    const { env } = await functionEnvironment(emulator, fn);
    while (!stopped) {
      const id = randomUUID();
      await invokeInProcess(HANDLER_BUNDLE_FILE, scheduledEvent(id, account, region), env, id);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  })().catch(() => {
    // The emulator is being stopped: nothing is left to sweep.
  });
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/** The event the schedule rule sends (EventBridge "Scheduled Event"). */
export function scheduledEvent(id: string, account: string, region: string) {
  return {
    version: '0',
    id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/trailguard-sweep`],
    detail: {},
  };
}
