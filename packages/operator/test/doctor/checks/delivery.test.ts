import {
  chatCheck,
  securityHubCheck,
  subscriptionsCheck,
  unconfirmedAddresses,
} from '../../../src/commands/doctor/checks/delivery';
import type { DeliveryFacts, TopicSubscription } from '../../../src/commands/doctor/delivery-facts';
import { failed, ok, SECURITY, settings } from './facts';

const email = (endpoint: string, pending = false): TopicSubscription => ({
  protocol: 'email',
  endpoint,
  pending,
});
const chatbot: TopicSubscription = {
  protocol: 'https',
  endpoint: 'https://global.sns-api.chatbot.amazonaws.com',
  pending: false,
};
const SLACK = { slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } };

describe('email-subscriptions check', () => {
  const recipients = settings({
    notificationEmails: ['soc@example.org', { address: 'oncall@example.org', minimumSeverity: 'high' }],
  });
  const check = subscriptionsCheck(recipients);
  const facts = (subscriptions: DeliveryFacts['subscriptions']): DeliveryFacts => ({ subscriptions });

  it('passes when every configured address has confirmed', () => {
    expect(check.evaluate(facts(ok([email('soc@example.org'), email('OnCall@example.org')])))).toEqual({
      status: 'pass',
      detail: '2 confirmed',
    });
  });

  it('lists the addresses still pending confirmation, and says what each recipient must do', () => {
    const verdict = check.evaluate(facts(ok([email('soc@example.org'), email('oncall@example.org', true)])));
    expect(verdict).toEqual({
      status: 'fail',
      detail: '1 pending',
      fix: expect.stringMatching(
        /^Pending confirmation: oncall@example\.org\. Nothing reaches them until each opens/,
      ),
    });
  });

  it('names configured addresses with no subscription at all', () => {
    expect(check.evaluate(facts(ok([email('soc@example.org')])))).toMatchObject({
      status: 'fail',
      detail: '1 missing',
      fix: expect.stringContaining(
        'Not subscribed: oncall@example.org. Run `pnpm run deploy` so the topic matches org.yaml',
      ),
    });
  });

  it('does not apply before the first deployment, and says how to let it read the security account', () => {
    expect(check.evaluate(facts(ok(undefined)))).toMatchObject({ status: 'not-applicable' });
    expect(check.evaluate(facts(failed()))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining(`OrganizationAccountAccessRole of the security account ${SECURITY}`),
    });
  });

  it('counts an address as confirmed when any of its subscriptions is', () => {
    expect(
      unconfirmedAddresses(['a@example.org'], [email('a@example.org', true), email('a@example.org')]),
    ).toEqual({ pending: [], missing: [] });
  });
});

describe('chat-channel check', () => {
  it('does not apply without chat in the configuration', () => {
    expect(chatCheck(settings()).notApplicable).toMatch(/no chat channel/);
  });

  it('passes when a channel configuration of Amazon Q Developer subscribes to the chat topic', () => {
    const check = chatCheck(settings({ chat: SLACK }));
    expect(check.title).toBe('Chat (Slack) is fed from trailguard-chat');
    expect(check.evaluate({ subscriptions: ok([]), chatSubscriptions: ok([chatbot]) })).toEqual({
      status: 'pass',
      detail: 'Slack',
    });
  });

  it('fails with the console step when no channel configuration subscribes', () => {
    expect(
      chatCheck(settings({ chat: SLACK })).evaluate({ subscriptions: ok([]), chatSubscriptions: ok([]) }),
    ).toMatchObject({
      status: 'fail',
      detail: 'no chat channel configuration subscribes to it',
      fix: expect.stringMatching(/Amazon Q Developer in chat applications console, authorize the workspace/),
    });
  });

  it('fails when chat was configured after the last deployment, and does not apply before the first', () => {
    const check = chatCheck(settings({ chat: SLACK }));
    expect(check.evaluate({ subscriptions: ok([]), chatSubscriptions: ok(undefined) })).toMatchObject({
      status: 'fail',
      detail: 'no topic trailguard-chat',
    });
    expect(check.evaluate({ subscriptions: ok(undefined), chatSubscriptions: ok(undefined) })).toMatchObject({
      status: 'not-applicable',
    });
  });
});

describe('security-hub check', () => {
  it('does not apply while securityHub is off', () => {
    expect(securityHubCheck(settings()).notApplicable).toBe('securityHub.enabled is false');
  });

  it('names the regions where Security Hub is not enabled, and says that e-mails and repairs go on', () => {
    const check = securityHubCheck(settings({ securityHub: { enabled: true } }));
    expect(
      check.evaluate({
        subscriptions: ok([]),
        securityHub: { 'ap-southeast-2': ok(true), 'ca-central-1': ok(false) },
      }),
    ).toEqual({
      status: 'fail',
      detail: 'not enabled in ca-central-1',
      fix: expect.stringContaining('its e-mails and repairs do not depend on it'),
    });
    expect(
      check.evaluate({
        subscriptions: ok([]),
        securityHub: { 'ap-southeast-2': ok(true), 'ca-central-1': ok(true) },
      }),
    ).toEqual({ status: 'pass', detail: 'ap-southeast-2, ca-central-1' });
  });
});
