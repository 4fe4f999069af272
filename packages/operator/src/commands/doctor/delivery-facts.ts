import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { TrailGuardConfig } from '@trailguard/config';
import { TRAILGUARD_NAMES } from '@trailguard/member-stack/names';
import type { AwsClients } from '../../aws-clients';
import { type Fact, fact, unlessNotFound } from './facts';
import { type HubCoverage, readHubCoverage } from './security-hub-facts';

// Reading what the delivery checks (checks/delivery.ts) look at, in the security account once
// TrailGuard is deployed; with facts.ts, the only files of doctor that talk to AWS.

/** After a deployment: the role doctor and coverage assume in the security account (none with its own credentials). */
export const SECURITY_ACCOUNT_ROLE = 'OrganizationAccountAccessRole';

/** A subscription of a central topic; `pending` until its owner confirms it (e-mail: clicks the link). */
export interface TopicSubscription {
  readonly protocol: string;
  readonly endpoint: string;
  readonly pending: boolean;
}

/** What the delivery checks look at. */
export interface DeliveryFacts {
  /** The notification topic's subscriptions; undefined when the topic does not exist (not deployed). */
  readonly subscriptions: Fact<readonly TopicSubscription[] | undefined>;
  /** The chat topic's subscriptions, when chat is configured. */
  readonly chatSubscriptions?: Fact<readonly TopicSubscription[] | undefined>;
  /** Region → whether Security Hub is enabled in the security account there, when securityHub is on. */
  readonly securityHub?: Readonly<Record<string, Fact<boolean>>>;
  /** With securityHub on: each region's Security Hub administrator and its enabled members, against the targeted accounts. */
  readonly securityHubMembers?: Fact<HubCoverage>;
}

/** A topic's subscriptions, page by page; undefined when there is no such topic. */
export function readSubscriptions(
  sns: SNSClient,
  topicArn: string,
): Promise<TopicSubscription[] | undefined> {
  return unlessNotFound(
    async () => {
      const subscriptions: TopicSubscription[] = [];
      let NextToken: string | undefined;
      do {
        const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
        for (const s of page.Subscriptions ?? [])
          subscriptions.push({
            protocol: s.Protocol ?? '',
            endpoint: s.Endpoint ?? '',
            // SNS lists an unconfirmed subscription with this word in place of its ARN.
            pending: s.SubscriptionArn === 'PendingConfirmation',
          });
        NextToken = page.NextToken;
      } while (NextToken);
      return subscriptions;
    },
    'NotFoundException',
    'NotFound',
  );
}

/** Reads, in the security account's home region, what the delivery checks need. */
export async function gatherDeliveryFacts(
  config: TrailGuardConfig,
  clients: AwsClients,
  roleName = SECURITY_ACCOUNT_ROLE,
): Promise<DeliveryFacts> {
  const central = { account: config.securityAccountId, region: config.homeRegion };
  const topicSubscriptions = (name: string) =>
    fact(async () =>
      readSubscriptions(
        await clients.clientIn(SNSClient, central.region, central.account, roleName),
        `arn:aws:sns:${central.region}:${central.account}:${name}`,
      ),
    );
  const [subscriptions, chatSubscriptions, hubs, members] = await Promise.all([
    topicSubscriptions(TRAILGUARD_NAMES.topic),
    config.chat ? topicSubscriptions(TRAILGUARD_NAMES.chatTopic) : undefined,
    config.securityHub.enabled
      ? Promise.all(
          config.regions.map(async (region) => {
            const enabled = await fact(async () =>
              hubEnabled(await clients.clientIn(SecurityHubClient, region, central.account, roleName)),
            );
            return [region, enabled] as const;
          }),
        )
      : undefined,
    config.securityHub.enabled ? fact(() => readHubCoverage(config, clients, roleName)) : undefined,
  ]);
  return {
    subscriptions,
    ...(chatSubscriptions ? { chatSubscriptions } : {}),
    ...(hubs ? { securityHub: Object.fromEntries(hubs) } : {}),
    ...(members ? { securityHubMembers: members } : {}),
  };
}

/** Whether Security Hub is enabled for the caller in the client's region. */
async function hubEnabled(securityHub: SecurityHubClient): Promise<boolean> {
  const hub = await unlessNotFound(
    () => securityHub.send(new DescribeHubCommand({})),
    'InvalidAccessException',
  );
  return hub !== undefined;
}
