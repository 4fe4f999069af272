import { HANDLER_BUNDLE_FILE } from '@trailguard/member-stack';
import type { Emulator } from '@trailguard/test';
import { ATTACKER_AGENT, ATTACKER_IP, type Attack } from './chapter-attack';
import { type AssumedRoleActor, cloudTrailApiCallEvent } from './cloudtrail-event';
import { findFunction, HOME } from './emulated-deployment';
import { logEntry } from './function-log';
import { functionEnvironment } from './identities';
import { invokeInProcess } from './lambda-process';
import type { Say } from './narration';
import { type SentNotification, sentNotifications, startRecording } from './published-messages';
import type { Timeline } from './timeline';
import { trailState } from './victim-trail';

/** What TrailGuard did with the attack's events. */
export interface Delivery {
  /** Notifications published for the attack (the echo's, if any, not included). */
  readonly published: readonly SentNotification[];
  /** Whether the echo of TrailGuard's own StartLogging published nothing. */
  readonly echoIgnored: boolean;
  readonly final: { readonly logging: boolean; readonly managementEvents: boolean };
}

type ApiCallEvent = ReturnType<typeof cloudTrailApiCallEvent>;

/**
 * Chapter 6: EventBridge delivers the attacker's two calls, then the echo of TrailGuard's own
 * StartLogging, to the function in the victim's account and region (its code run in a process).
 */
export async function deliverToTrailGuard(
  emulator: Emulator,
  victim: string,
  attack: Attack,
  timeline: Timeline,
  say: Say,
): Promise<Delivery> {
  const fn = await findFunction(emulator, victim, HOME);
  const { env, actor: functionActor } = await functionEnvironment(emulator, fn);
  const name = fn.FunctionName ?? 'function';
  const deliver = async (label: string, event: ApiCallEvent) => {
    timeline.mark('EventBridge', `delivers ${label} (event ${event.detail.eventID.slice(0, 8)}…) to ${name}`);
    const run = await invokeInProcess(HANDLER_BUNDLE_FILE, event, env, event.id);
    for (const line of run.logs) {
      const entry = logEntry(line);
      timeline.mark(name, entry.text, entry.at);
    }
    if (run.error) timeline.mark(name, `FAILED: ${run.error}`);
    return run;
  };
  const events = attackEvents(victim, attack, functionActor);
  await startRecording(emulator);
  const before = await sentNotifications(emulator);
  const stop = await deliver('StopLogging', events.stop);
  const strip = await deliver('PutEventSelectors', events.strip);
  const afterRemediation = await sentNotifications(emulator);
  await deliver('the echo of its own StartLogging', events.echo);
  const afterEcho = await sentNotifications(emulator);
  const { name: trailName } = attack.trail;
  const final = await trailState(emulator, victim, trailName);
  timeline.mark(
    'demo',
    `checks ${trailName}: logging ${final.logging ? 'yes' : 'NO'}, management events ${final.managementEvents ? 'on' : 'OFF'}`,
  );
  say(`Function results: StopLogging → ${summary(stop)}; PutEventSelectors → ${summary(strip)}`);
  return {
    published: afterRemediation.slice(before.length),
    echoIgnored: afterEcho.length === afterRemediation.length,
    final,
  };
}

/** The events EventBridge delivers: the attacker's two calls, and the echo of TrailGuard's StartLogging. */
function attackEvents(victim: string, attack: Attack, functionActor: AssumedRoleActor) {
  const { trail } = attack;
  const base = {
    account: victim,
    region: HOME,
    actor: attack.actor,
    sourceIPAddress: ATTACKER_IP,
    userAgent: ATTACKER_AGENT,
  };
  const selectors = {
    readWriteType: 'All',
    includeManagementEvents: false,
    dataResources: [],
    excludeManagementEventSources: [],
  };
  return {
    stop: cloudTrailApiCallEvent({
      ...base,
      eventName: 'StopLogging',
      time: attack.stoppedAt,
      requestParameters: { name: trail.arn },
    }),
    strip: cloudTrailApiCallEvent({
      ...base,
      eventName: 'PutEventSelectors',
      time: attack.strippedAt,
      requestParameters: { trailName: trail.name, eventSelectors: [selectors] },
      responseElements: { trailARN: trail.arn, eventSelectors: [selectors] },
    }),
    echo: cloudTrailApiCallEvent({
      ...base,
      actor: functionActor,
      eventName: 'StartLogging',
      time: new Date(),
      sourceIPAddress: 'lambda.amazonaws.com',
      userAgent: 'lambda.amazonaws.com',
      requestParameters: { name: trail.arn },
    }),
  };
}

function summary(run: { result?: unknown; error?: string }): string {
  return run.error ? `error: ${run.error}` : JSON.stringify(run.result);
}
