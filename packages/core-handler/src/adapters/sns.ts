import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { NotificationError } from '../domain/errors';
import type { RenderedNotification } from '../domain/notification';

/** The central notification topic. */
export class NotificationTopic {
  constructor(
    private readonly client: SNSClient,
    /** The topic's ARN; the client must be in the topic's region. */
    readonly topicArn: string,
  ) {}

  /** Publishes one notification; returns the SNS message id. */
  async publish(notification: RenderedNotification): Promise<string> {
    try {
      const out = await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: notification.subject,
          Message: notification.message,
          MessageStructure: 'json',
          MessageAttributes: Object.fromEntries(
            Object.entries(notification.attributes).map(([k, v]) => [
              k,
              { DataType: 'String', StringValue: v },
            ]),
          ),
        }),
      );
      return out.MessageId ?? '';
    } catch (error) {
      // The code alone says nothing for a network failure ("Error"): the message says what broke.
      const code = (error as { name?: string }).name ?? 'UnknownError';
      const message = (error as { message?: string }).message ?? String(error);
      throw new NotificationError(`Publish to ${this.topicArn} failed: ${code}: ${message}`, {
        cause: error,
      });
    }
  }
}
