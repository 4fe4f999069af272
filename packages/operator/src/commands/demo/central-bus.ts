import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { INCIDENT_EVENT } from '@trailguard/member-stack';
import { type Emulator, relayToBus, type TestOrganization } from '@trailguard/test';
import { findFunction, HOME } from './emulated-deployment';

// The central bus in the demo: every function puts each incident on it, as in AWS, and a queue on
// a rule of the bus plays the SIEM that reads them there.

/** Where the demo reads what reached the central bus. */
export interface BusTap {
  readonly busArn: string;
  readonly account: string;
  readonly queueUrl: string;
}

/** An incident event as a rule of the central bus delivered it. */
export interface BusIncident {
  readonly source: string;
  readonly detailType: string;
  readonly severity: string;
  readonly summary: string;
  readonly eventId: string;
}

const SIEM_RULE = 'demo-siem-incidents';

/** The central bus the deployed functions put incidents on: their CENTRAL_BUS_ARN. */
export async function centralBusArnOf(emulator: Emulator, account: string): Promise<string> {
  const fn = await findFunction(emulator, account, HOME);
  const busArn = fn.Environment?.Variables?.CENTRAL_BUS_ARN;
  if (!busArn) throw new Error(`the function ${fn.FunctionName} has no CENTRAL_BUS_ARN`);
  return busArn;
}

/**
 * Lets the functions of every account reach the central bus their CENTRAL_BUS_ARN names, as in AWS:
 * moto looks for a bus ARN in the sender's own account, so each gets a relay (see relayToBus).
 */
export async function relayIncidents(emulator: Emulator, org: TestOrganization): Promise<void> {
  const busArn = await centralBusArnOf(emulator, org.accounts.payments ?? '');
  const senders = [org.managementAccountId, ...Object.values(org.accounts)];
  await relayToBus(emulator, busArn, senders, [INCIDENT_EVENT.source]);
}

/** Subscribes a queue to every incident on the central bus, by a rule there, as a SIEM would. */
export async function tapCentralBus(emulator: Emulator, busArn: string): Promise<BusTap> {
  const [, , , region, account = ''] = busArn.split(':');
  const busName = busArn.split('/').pop() ?? '';
  const where = { account, region };
  const sqs = await emulator.client(SQSClient, where);
  const events = await emulator.client(EventBridgeClient, where);
  try {
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'siem-incidents' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await events.send(
      new PutRuleCommand({
        Name: SIEM_RULE,
        EventBusName: busName,
        EventPattern: JSON.stringify({
          source: [INCIDENT_EVENT.source],
          'detail-type': [INCIDENT_EVENT.detailType],
        }),
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: SIEM_RULE,
        EventBusName: busName,
        Targets: [{ Id: 'siem', Arn: Attributes?.QueueArn }],
      }),
    );
    return { busArn, account, queueUrl: QueueUrl };
  } finally {
    sqs.destroy();
    events.destroy();
  }
}

/** Every incident the SIEM's queue has received since it was last read, oldest first. */
export async function incidentsOnBus(emulator: Emulator, tap: BusTap): Promise<BusIncident[]> {
  const sqs = await emulator.client(SQSClient, { account: tap.account, region: tap.busArn.split(':')[3] });
  const incidents: BusIncident[] = [];
  try {
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: tap.queueUrl, MaxNumberOfMessages: 10 }),
      );
      if (Messages.length === 0) return incidents;
      for (const message of Messages) {
        const event = JSON.parse(message.Body ?? '{}');
        incidents.push({
          source: event.source,
          detailType: event['detail-type'],
          severity: event.detail?.severity,
          summary: event.detail?.summary,
          eventId: event.detail?.event?.id,
        });
      }
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: tap.queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  } finally {
    sqs.destroy();
  }
}
