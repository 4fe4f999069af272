import type { EmailRecipient } from '@trailguard/config';
import { SEVERITIES, severitiesAtOrAbove } from '@trailguard/config/defaults';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';

/**
 * The filter policy of a recipient with a minimum severity: TrailGuard's notifications at or above
 * it (the `severity` message attribute), and anything without a severity, such as the alarm
 * notices about TrailGuard itself, which every recipient gets. `"exists": false` only matches a
 * message that has some attribute (Amazon SNS developer guide, "Key matching"): the alarm notices
 * carry `eventName` and `account`. Null for a recipient of every severity.
 */
export function severityFilterPolicy(
  recipient: EmailRecipient,
): Record<string, sns.SubscriptionFilter> | null {
  const minimum = recipient.minimumSeverity;
  if (!minimum || minimum === SEVERITIES[0]) return null;
  // The values are alternatives, in any order for AWS; first, the clause also holds on moto 5.2.5,
  // which stops at the first value when the attribute is missing (test/integration/email-routing).
  return { severity: new sns.SubscriptionFilter([{ exists: false }, ...severitiesAtOrAbove(minimum)]) };
}

/** Subscribes each address to the topic, with its severity filter policy when it has one. */
export function subscribeRecipients(topic: sns.Topic, recipients: readonly EmailRecipient[]): void {
  for (const recipient of recipients) {
    const filterPolicy = severityFilterPolicy(recipient) ?? undefined;
    topic.addSubscription(new subscriptions.EmailSubscription(recipient.address, { filterPolicy }));
  }
}
