import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
} from '@aws-sdk/client-eventbridge';
import { SharingError } from '../domain/errors';
import { INCIDENT_DETAIL_TYPE, INCIDENT_SOURCE } from '../domain/incident-event';
import type { NotificationDocument } from '../domain/notification';

/** The central event bus, where every notification is also an incident event. */
export class IncidentBus {
  constructor(
    private readonly client: EventBridgeClient,
    /** The bus's ARN; the client must be in the bus's region. */
    readonly busArn: string,
  ) {}

  /** Puts one incident event whose `detail` is the document; returns its event id. */
  async put(document: NotificationDocument): Promise<string> {
    const trail = document.trail.arn ? [document.trail.arn] : [];
    let out: PutEventsCommandOutput;
    try {
      out = await this.client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: this.busArn,
              Source: INCIDENT_SOURCE,
              DetailType: INCIDENT_DETAIL_TYPE,
              Detail: JSON.stringify(document),
              Resources: trail,
            },
          ],
        }),
      );
    } catch (error) {
      const code = (error as { name?: string }).name ?? 'UnknownError';
      throw new SharingError(`PutEvents to ${this.busArn} failed: ${code}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const [entry] = out.Entries ?? [];
    // PutEvents answers 200 with the entry's own error when only the entry failed.
    if ((out.FailedEntryCount ?? 0) > 0 || !entry?.EventId)
      throw new SharingError(
        `PutEvents to ${this.busArn} refused the incident: ${entry?.ErrorCode ?? 'no event id'}: ${entry?.ErrorMessage ?? ''}`,
      );
    return entry.EventId;
  }
}
