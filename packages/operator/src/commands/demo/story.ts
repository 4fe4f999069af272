import { existsSync } from 'node:fs';
import type { TrailGuardConfig } from '@trailguard/config';
import { HANDLER_BUNDLE_FILE } from '@trailguard/member-stack';
import type { Emulator } from '@trailguard/test';
import { centralBusArnOf, incidentsOnBus, tapCentralBus } from './central-bus';
import { attackTrail } from './chapter-attack';
import { deliverToTrailGuard } from './chapter-delivery';
import { reportIncident } from './chapter-report';
import { buildDemoOrganization, deployTrailGuard } from './chapter-setup';
import { HOME } from './emulated-deployment';
import { headingOf, type Say } from './narration';
import { Timeline } from './timeline';

/** Where the story writes. */
export interface StoryOutput {
  readonly say: Say;
}

/** Where the handler bundle is (`pnpm build` writes it): the exact file the template inlines. */
export const HANDLER_BUNDLE = HANDLER_BUNDLE_FILE;

/** What the story found at the end; the command's exit status follows from it. */
export interface StoryOutcome {
  /** The configuration the demo deployed, for trying the other commands afterwards. */
  readonly config: TrailGuardConfig;
  /** The account that was attacked. */
  readonly victim: string;
  readonly trailLogging: boolean;
  readonly managementEventsOn: boolean;
  readonly notifications: number;
  /** Incident events the central bus received for the attack (one per notification expected). */
  readonly incidentEvents: number;
  readonly echoIgnored: boolean;
}

/** The whole demo on a running emulator, chapter by chapter. */
export async function tellStory(emulator: Emulator, out: StoryOutput): Promise<StoryOutcome> {
  const { say } = out;
  const heading = headingOf(say);

  heading('1. An organization');
  const { org, config } = await buildDemoOrganization(emulator, say);
  const victim = org.accounts.payments ?? '';
  const inbox = await deployTrailGuard(emulator, org, config, heading, say);
  const bus = await tapCentralBus(emulator, await centralBusArnOf(emulator, victim));

  heading(`5. The attack: account payments (${victim}), ${HOME}`);
  const timeline = new Timeline();
  const attack = await attackTrail(emulator, victim, timeline, say);

  heading('6. EventBridge delivers the events to TrailGuard in that account and region');
  const delivery = await deliverToTrailGuard(emulator, victim, attack, timeline, say);
  const onBus = await incidentsOnBus(emulator, bus);

  heading('7. Timeline');
  say(timeline.render());
  await reportIncident(emulator, config, { inbox, bus, onBus }, delivery, heading, say);
  return {
    config,
    victim,
    trailLogging: delivery.final.logging,
    managementEventsOn: delivery.final.managementEvents,
    notifications: delivery.published.length,
    incidentEvents: onBus.length,
    echoIgnored: delivery.echoIgnored,
  };
}

/** Whether the handler bundle exists (the demo runs the exact file the template inlines). */
export function handlerBundleExists(): boolean {
  return existsSync(HANDLER_BUNDLE);
}
