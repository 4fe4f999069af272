import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import type { Emulator } from './emulator';

/** The name of the rule relayToBus adds to each sender's look-alike bus. */
export const BUS_RELAY_RULE = 'moto-relay-to-bus-arn';

/**
 * AWS puts an event whose EventBusName is an ARN on the bus that ARN names, in its account; moto
 * 5.2.5 keeps only the name after the last `/` and looks for that bus in the sender's own account
 * and region (moto/events/models.py, `EventsBackend.put_events` via `_normalize_event_bus_arn`), so
 * another account's bus is never reached. For a sender whose SDK client a test cannot reach (a
 * function run from its bundle), this gives each sender account a bus of that name in the bus's
 * region, with a rule that forwards events of `sources` to the bus the ARN names: moto does
 * deliver to a rule's target bus in another account. On the way moto rewrites the event's
 * `account` to the bus owner's and drops its `resources`; its detail arrives as it was put.
 */
export async function relayToBus(
  emulator: Emulator,
  busArn: string,
  senders: readonly string[],
  sources: readonly string[],
): Promise<void> {
  const [, , , region, owner, resource] = busArn.split(':');
  const name = resource?.replace(/^event-bus\//, '') ?? '';
  for (const account of senders.filter((a) => a !== owner)) {
    const events = await emulator.client(EventBridgeClient, { account, region });
    try {
      await events.send(new CreateEventBusCommand({ Name: name }));
      await events.send(
        new PutRuleCommand({
          Name: BUS_RELAY_RULE,
          EventBusName: name,
          EventPattern: JSON.stringify({ source: sources }),
        }),
      );
      await events.send(
        new PutTargetsCommand({
          Rule: BUS_RELAY_RULE,
          EventBusName: name,
          Targets: [{ Id: 'bus', Arn: busArn }],
        }),
      );
    } finally {
      events.destroy();
    }
  }
}
