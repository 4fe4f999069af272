import { TRAILGUARD_NAMES } from '@trailguard/member-stack/names';
import { type DeliveryFacts, SECURITY_ACCOUNT_ROLE, type TopicSubscription } from '../delivery-facts';
import type { CheckSettings, PreflightCheck, Verdict } from './check';
import { securityHubMembersCheck } from './security-hub-members';

// After a deployment: whether incidents can reach people. E-mail subscriptions deliver nothing
// until each recipient confirms, chat needs its channel configuration, and findings need Security
// Hub enabled where they are imported. Before the first deployment these do not apply.

/** The verdict when the security account's topics could not be read. */
function couldNotRead(
  settings: CheckSettings,
  failed: { readonly error: string },
  permission: string,
): Verdict {
  return {
    status: 'fail',
    detail: `could not check (${failed.error})`,
    fix: `Allow sts:AssumeRole into ${SECURITY_ACCOUNT_ROLE} of the security account ${settings.config.securityAccountId} (and ${permission} there), or run doctor with that account's credentials.`,
  };
}

const NOT_DEPLOYED: Verdict = {
  status: 'not-applicable',
  detail: 'the central topic does not exist yet: this is checked once TrailGuard is deployed',
};

/** The configured addresses still pending confirmation, and those with no subscription at all. */
export function unconfirmedAddresses(
  configured: readonly string[],
  subscriptions: readonly TopicSubscription[],
): { pending: string[]; missing: string[] } {
  const email = subscriptions.filter((s) => s.protocol === 'email' || s.protocol === 'email-json');
  const find = (address: string) => email.filter((s) => s.endpoint.toLowerCase() === address.toLowerCase());
  return {
    pending: configured.filter((a) => find(a).length > 0 && find(a).every((s) => s.pending)),
    missing: configured.filter((a) => find(a).length === 0),
  };
}

/** Every configured address has a confirmed subscription to the notification topic. */
export function subscriptionsCheck(settings: CheckSettings): PreflightCheck<DeliveryFacts> {
  const addresses = settings.config.notificationEmails.map((r) => r.address);
  return {
    id: 'email-subscriptions',
    title: `E-mail subscriptions to ${TRAILGUARD_NAMES.topic} are confirmed`,
    evaluate: ({ subscriptions }) => {
      if (!subscriptions.ok) return couldNotRead(settings, subscriptions, 'sns:ListSubscriptionsByTopic');
      if (subscriptions.value === undefined) return NOT_DEPLOYED;
      const { pending, missing } = unconfirmedAddresses(addresses, subscriptions.value);
      if (pending.length === 0 && missing.length === 0)
        return { status: 'pass', detail: `${addresses.length} confirmed` };
      const fixes = [
        ...(pending.length
          ? [
              `Pending confirmation: ${pending.join(', ')}. Nothing reaches them until each opens AWS's "AWS Notification - Subscription Confirmation" e-mail and follows its link (it expires after 3 days; \`pnpm run deploy\` again sends a new one to those not confirmed).`,
            ]
          : []),
        ...(missing.length
          ? [
              `Not subscribed: ${missing.join(', ')}. Run \`pnpm run deploy\` so the topic matches ${settings.configFile}.`,
            ]
          : []),
      ];
      return {
        status: 'fail',
        detail: [pending.length && `${pending.length} pending`, missing.length && `${missing.length} missing`]
          .filter(Boolean)
          .join(', '),
        fix: fixes.join('\n'),
      };
    },
  };
}

/** With chat configured, the chat topic delivers to a channel configuration of Amazon Q Developer in chat applications. */
export function chatCheck(settings: CheckSettings): PreflightCheck<DeliveryFacts> {
  const chat = settings.config.chat;
  const services = [chat?.slack && 'Slack', chat?.microsoftTeams && 'Microsoft Teams']
    .filter(Boolean)
    .join(' and ');
  return {
    id: 'chat-channel',
    title: `Chat (${services || 'none'}) is fed from ${TRAILGUARD_NAMES.chatTopic}`,
    ...(chat ? {} : { notApplicable: 'no chat channel in the configuration' }),
    evaluate: ({ chatSubscriptions, subscriptions }) => {
      if (!chatSubscriptions)
        return { status: 'not-applicable', detail: 'no chat channel in the configuration' };
      if (!chatSubscriptions.ok)
        return couldNotRead(settings, chatSubscriptions, 'sns:ListSubscriptionsByTopic');
      if (chatSubscriptions.value === undefined)
        return subscriptions.ok && subscriptions.value === undefined
          ? NOT_DEPLOYED
          : {
              status: 'fail',
              detail: `no topic ${TRAILGUARD_NAMES.chatTopic}`,
              fix: `Run \`pnpm run deploy\`: chat was added to ${settings.configFile} after the last deployment.`,
            };
      const chatbot = chatSubscriptions.value.filter((s) => /chatbot\.amazonaws\.com/.test(s.endpoint));
      if (chatbot.some((s) => !s.pending)) return { status: 'pass', detail: services };
      return {
        status: 'fail',
        detail: chatbot.length
          ? 'its subscription is pending'
          : 'no chat channel configuration subscribes to it',
        fix:
          'The chat channel configuration is missing or failed. In the security account, open the Amazon Q Developer in chat applications console, authorize the workspace (Slack) or team (Microsoft Teams), check that the ids in ' +
          `${settings.configFile} are the ones it shows, then \`pnpm run deploy\`; the CloudFormation events of the central StackSet's stack say why a configuration failed.`,
      };
    },
  };
}

/** With securityHub on, Security Hub is enabled in the security account in every configured region. */
export function securityHubCheck(settings: CheckSettings): PreflightCheck<DeliveryFacts> {
  const { config } = settings;
  return {
    id: 'security-hub',
    title: `Security Hub is enabled in the security account ${config.securityAccountId}`,
    ...(config.securityHub.enabled ? {} : { notApplicable: 'securityHub.enabled is false' }),
    evaluate: ({ securityHub = {} }) => {
      const failed = Object.values(securityHub).find((f) => !f.ok);
      if (failed && !failed.ok) return couldNotRead(settings, failed, 'securityhub:DescribeHub');
      const off = config.regions.filter((r) => securityHub[r]?.ok && !securityHub[r].value);
      if (off.length === 0) return { status: 'pass', detail: config.regions.join(', ') };
      return {
        status: 'fail',
        detail: `not enabled in ${off.join(', ')}`,
        fix:
          `Enable Security Hub in ${off.join(', ')} (\`aws securityhub enable-security-hub --region REGION\`), and in the member accounts there, for instance through the organization configuration of its delegated administrator. ` +
          'Until then TrailGuard imports no finding where it is not enabled (one warning per cold start in its log); its e-mails and repairs do not depend on it.',
      };
    },
  };
}

/** The delivery checks, in the order doctor shows them. */
export function deliveryChecks(settings: CheckSettings): PreflightCheck<DeliveryFacts>[] {
  return [
    subscriptionsCheck(settings),
    chatCheck(settings),
    securityHubCheck(settings),
    securityHubMembersCheck(settings),
  ];
}
