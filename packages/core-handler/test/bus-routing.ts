// The central bus in the tests: made where the central stack makes it, with rules that deliver to
// queues, and the one thing moto does differently from AWS on the way there undone.
import {
  CreateEventBusCommand,
  EventBridgeClient,
  type PutEventsCommandInput,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { HttpRequest, MetadataBearer, MiddlewareStack } from '@smithy/types';
import type { Emulator } from '@trailguard/test';

const BUS_ARN_ACCOUNT = /^arn:aws[a-z-]*:events:[a-z0-9-]+:(\d{12}):event-bus\//;

/**
 * Makes moto put events where AWS does. AWS puts an event whose EventBusName is an ARN on the bus
 * that ARN names, in its account (when the bus policy allows the caller); moto 5.2.5 keeps only the
 * name after the last `/` and looks the bus up in the caller's own account (moto/events/models.py,
 * `EventsBackend.put_events` and `_normalize_event_bus_arn`), so another account's bus is never
 * found. This tells moto the account the ARN names, by its `x-moto-account-id` header, and changes
 * nothing else: a bare name, another region than the client's, or a wrong account still fails.
 */
export function routePutEventsByBusArn(client: EventBridgeClient): EventBridgeClient {
  const stack = client.middlewareStack as MiddlewareStack<object, MetadataBearer>;
  stack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutEventsCommand') return next(args);
      const entries = (args.input as PutEventsCommandInput).Entries ?? [];
      const accounts = new Set(entries.map((e) => BUS_ARN_ACCOUNT.exec(e.EventBusName ?? '')?.[1]));
      const [account] = accounts;
      // One request reaches one account in moto: entries for several would need several requests.
      if (accounts.size > 1) throw new Error('routePutEventsByBusArn: entries for several accounts');
      if (account) (args.request as HttpRequest).headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'routePutEventsByBusArn' },
  );
  return client;
}

/** The name the central stack gives the central bus. */
export const CENTRAL_BUS = 'trailguard-events';

/** What a rule's queue has received since the last read, each message an event as EventBridge sent it. */
export type ReceivedEvents = () => Promise<Record<string, unknown>[]>;

/**
 * The central bus in an account and region, with one rule per pattern, each delivering to a queue
 * of its own. Returns, per rule, a reader of what its queue received.
 */
export async function busWithRules(
  emulator: Emulator,
  where: { readonly account: string; readonly region: string },
  patterns: readonly object[],
): Promise<ReceivedEvents[]> {
  const events = await emulator.client(EventBridgeClient, where);
  const sqs = await emulator.client(SQSClient, where);
  await events.send(new CreateEventBusCommand({ Name: CENTRAL_BUS }));
  return Promise.all(
    patterns.map(async (pattern, i) => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `rule-${i}` }));
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      const rule = { Rule: `rule-${i}`, EventBusName: CENTRAL_BUS };
      await events.send(
        new PutRuleCommand({
          Name: rule.Rule,
          EventBusName: CENTRAL_BUS,
          EventPattern: JSON.stringify(pattern),
        }),
      );
      await events.send(
        new PutTargetsCommand({ ...rule, Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn }] }),
      );
      return async () => {
        const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
        return (Messages ?? []).map((m) => JSON.parse(m.Body as string));
      };
    }),
  );
}
