import type { TrailGuardConfig } from '@trailguard/config';
import type { Emulator } from '@trailguard/test';
import type { BusIncident, BusTap } from './central-bus';
import type { Delivery } from './chapter-delivery';
import { firstInboxDocument, type Inbox } from './emulated-deployment';
import type { Say } from './narration';

/** Where the incidents were delivered: the e-mail inbox, and the central bus with what it received. */
export interface Destinations {
  readonly inbox: Inbox;
  readonly bus: BusTap;
  readonly onBus: readonly BusIncident[];
}

/**
 * Chapters 8–10 and the result: the notifications as the security team reads them, then as JSON,
 * then as the incident events a SIEM reads on the central bus.
 */
export async function reportIncident(
  emulator: Emulator,
  config: TrailGuardConfig,
  { inbox, bus, onBus }: Destinations,
  delivery: Delivery,
  heading: Say,
  say: Say,
): Promise<void> {
  const { published, final, echoIgnored } = delivery;
  heading(`8. What the security team reads (${config.notificationEmails.map((r) => r.address).join(', ')})`);
  for (const [index, notification] of published.entries()) {
    const message = JSON.parse(notification.message) as { email?: string; default?: string };
    say(`${index === 0 ? '' : '\n'}Subject: ${notification.subject ?? '(none)'}`);
    const attributes = Object.entries(notification.attributes).map(([k, v]) => `${k}=${v}`);
    say(`Message attributes: ${attributes.join(', ')}`);
    say('');
    say(message.email ?? '(no e-mail entry)');
  }
  if (published[0]) {
    heading("9. The same incident as JSON (the topic's default entry, for SIEMs), from the SQS inbox");
    const doc = await firstInboxDocument(emulator, inbox);
    say(doc ?? (JSON.parse(published[0].message) as { default?: string }).default ?? '(none)');
  }
  heading('10. The same incidents on the central bus, as a SIEM reads them');
  say(`${bus.busArn} (the security account's), by a rule matching every incident:`);
  for (const incident of onBus) {
    say(
      `  ${incident.detailType} from ${incident.source}: [${String(incident.severity).toUpperCase()}] ${incident.summary} (event ${incident.eventId})`,
    );
  }
  if (onBus.length === 0) say('  (nothing arrived)');
  const busNote =
    onBus.length === published.length
      ? 'each also on the central bus'
      : `${onBus.length} on the central bus (unexpected)`;
  say(
    `\nResult: trail ${final.logging ? 'logging again' : 'STILL STOPPED'}, management events ${final.managementEvents ? 'restored' : 'STILL OFF'}; ` +
      `${published.length} notification(s) for the attack, ${busNote}; ${echoIgnored ? "no message for TrailGuard's own StartLogging" : 'an extra message for the echo (unexpected)'}.`,
  );
}
