// The organization, against the emulator: the Organizations calls (recorded in us-east-1) and the
// AccountDepartedOrganization service event, which only the management account records, each
// through the handler to the security account's queue; and the member rules' patterns matching
// that service event on a real EventBridge bus.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { tamperEventPatterns } from '../../src/domain/tamper-events';
import { busWithRules, CENTRAL_BUS } from '../bus-routing';
import type { FixtureJson } from '../fixtures';
import { useWorld } from '../use-world';
import { TOPIC_REGION } from '../world';

const ORGANIZATIONS_REGION = 'us-east-1';
const DEPARTED = '444455556666';
const GONE = 'its TrailGuard stacks are deleted with it: its trails are guarded no more';

describe('the organization, against the emulator', () => {
  const { world, emulator } = useWorld();

  /** A fixture in the world's account (here the management account, where Organizations records). */
  const event = (name: string, change?: (raw: FixtureJson) => void) =>
    world().event(name, (raw) => {
      raw.account = world().member;
      raw.detail.recipientAccountId = world().member;
      change?.(raw);
    });
  const onlyPublished = () =>
    expect(world().calls).toEqual([{ service: 'sns', command: 'Publish', region: TOPIC_REGION }]);

  it.each([
    [
      'disable-aws-service-access.cloudtrail',
      'Trusted access for CloudTrail disabled: cloudtrail.amazonaws.com',
      { type: 'service-principal', name: 'cloudtrail.amazonaws.com', arn: null },
      'organization trails stop logging for member accounts',
      // With account and region it would pass SNS's 100 characters: the summary stays whole.
      '',
    ],
    [
      'remove-account-from-organization.sso-role',
      `Account removed from the organization: ${DEPARTED}`,
      { type: 'account', name: DEPARTED, arn: null },
      GONE,
      ` (MEMBER ${ORGANIZATIONS_REGION})`,
    ],
  ])('reports %s critical, calling nothing but Publish', async (fixture, summary, resource, risk, where) => {
    expect(await (await world().handler())(event(fixture))).toEqual({
      notifications: 1,
      remediations: 0,
      failures: 0,
    });
    onlyPublished();
    const [notice, ...more] = await world().notifications();
    expect(more).toEqual([]);
    expect(notice?.subject).toBe(
      `[CRITICAL] TrailGuard: ${summary}${where.replace('MEMBER', world().member)}`,
    );
    expect(notice?.document).toMatchObject({
      severity: 'critical',
      summary,
      resource,
      trail: { name: null, arn: null },
      response: { action: 'none', outcome: 'not-applicable', verified: false },
    });
    expect((await world().emails())[0]).toContain(`Detail:    ${risk}`);
  });

  it('reports the CloudTrail delegated administrator deregistered critical, naming the account', async () => {
    await (await world().handler())(
      event('disable-aws-service-access.cloudtrail', (raw) => {
        raw.detail.eventName = 'DeregisterDelegatedAdministrator';
        raw.detail.requestParameters = {
          accountId: '777788889999',
          servicePrincipal: 'cloudtrail.amazonaws.com',
        };
      }),
    );
    onlyPublished();
    expect((await world().notifications())[0]).toMatchObject({
      subject: '[CRITICAL] TrailGuard: CloudTrail delegated administrator deregistered: 777788889999',
      document: { severity: 'critical', resource: { type: 'account', name: '777788889999' } },
      attributes: { severity: 'critical', eventName: 'DeregisterDelegatedAdministrator' },
    });
  });

  it('reports an account leaving the organization critical, calling nothing but Publish', async () => {
    await (await world().handler())(event('leave-organization.member-root'));
    onlyPublished();
    expect((await world().notifications())[0]).toMatchObject({
      subject: `[CRITICAL] TrailGuard: Account left the organization: ${world().member} (${world().member} us-east-1)`,
      attributes: { severity: 'critical', eventName: 'LeaveOrganization', account: world().member },
    });
  });

  it('reports, from the management account, the departure of an account that left: critical, naming it', async () => {
    const summary = await (await world().handler())(event('account-departed-organization.left'));
    expect(summary).toEqual({ notifications: 1, remediations: 0, failures: 0 });
    onlyPublished();
    const [notice] = await world().notifications();
    expect(notice).toMatchObject({
      subject: `[CRITICAL] TrailGuard: Account left the organization: ${DEPARTED} (${world().member} us-east-1)`,
      attributes: { severity: 'critical', eventName: 'AccountDepartedOrganization', account: world().member },
      document: {
        severity: 'critical',
        summary: `Account left the organization: ${DEPARTED}`,
        event: { name: 'AccountDepartedOrganization', account: world().member, region: ORGANIZATIONS_REGION },
        actor: { arn: null, accountId: world().member },
        resource: { type: 'account', name: DEPARTED, arn: null },
        response: {
          action: 'none',
          outcome: 'not-applicable',
          reason: 'organization changes are reported, not reverted',
        },
      },
    });
    const [email] = await world().emails();
    expect(email).toContain(`Detail:    ${GONE}`);
    expect(email).toContain('Detail:    departed at 2026-11-27T08:19:17Z');
  });

  it('stays silent on a removal’s departure, which RemoveAccountFromOrganization reported, and says info for a closed account', async () => {
    const handler = await world().handler();
    const departed = (method: string) =>
      event('account-departed-organization.left', (raw) => {
        raw.detail.serviceEventDetails.departedMethod = method;
      });
    expect(await handler(departed('Removed'))).toEqual({ notifications: 0, remediations: 0, failures: 0 });
    expect(world().calls).toEqual([]);
    expect(await world().notifications()).toEqual([]);

    await handler(departed('Cleaned'));
    expect((await world().notifications())[0]?.document).toMatchObject({
      severity: 'info',
      summary: `Closed account cleaned out of the organization: ${DEPARTED}`,
    });
  });

  it('delivers the departure service event through the member rules’ patterns, and no service event they do not name', async () => {
    const where = { account: world().member, region: ORGANIZATIONS_REGION };
    const readers = await busWithRules(emulator(), where, tamperEventPatterns());
    const events = await emulator().client(EventBridgeClient, where);
    const put = async (raw: FixtureJson) => {
      const { FailedEntryCount } = await events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: CENTRAL_BUS,
              Source: raw.source,
              DetailType: raw['detail-type'],
              Detail: JSON.stringify(raw.detail),
            },
          ],
        }),
      );
      expect(FailedEntryCount).toBe(0);
    };
    const received = async () =>
      (await Promise.all(readers.map((read) => read()))).flat() as {
        'detail-type': string;
        detail: FixtureJson;
      }[];

    await put(event('account-departed-organization.left'));
    expect((await received()).map((e) => [e['detail-type'], e.detail.eventName])).toEqual([
      ['AWS Service Event via CloudTrail', 'AccountDepartedOrganization'],
    ]);

    // Another Organizations service event, and a service event under an API call's name: unmatched.
    await put(
      event(
        'account-departed-organization.left',
        (raw) => (raw.detail.eventName = 'AccountJoinedOrganization'),
      ),
    );
    await put(
      event('account-departed-organization.left', (raw) => (raw.detail.eventName = 'LeaveOrganization')),
    );
    expect(await received()).toEqual([]);
    // The API call itself still is.
    await put(event('leave-organization.member-root'));
    expect((await received()).map((e) => e.detail.eventName)).toEqual(['LeaveOrganization']);
  });
});
