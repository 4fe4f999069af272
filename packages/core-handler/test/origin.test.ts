import { parseEvent } from '../src/domain/event';
import { foreignEventReason, functionHome } from '../src/domain/origin';
import { apiCall, FIXTURE_ACCOUNT, fixture } from './fixtures';

const home = { account: FIXTURE_ACCOUNT, region: 'eu-west-1' };

describe('functionHome', () => {
  it.each([
    ['arn:aws:lambda:eu-west-1:111122223333:function:trailguard-remediation', home],
    ['arn:aws:lambda:eu-west-1:111122223333:function:trailguard-remediation:$LATEST', home],
    [
      'arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:f',
      { account: FIXTURE_ACCOUNT, region: 'us-gov-west-1' },
    ],
  ])('reads the account and region of %s', (arn, expected) => {
    expect(functionHome(arn)).toEqual(expected);
  });

  it.each([undefined, '', 'arn:aws:iam::111122223333:role/x', 42])('finds no home in %p', (arn) => {
    expect(functionHome(arn)).toBeNull();
  });
});

describe('foreignEventReason', () => {
  it('accepts the events of its own account and region', () => {
    expect(foreignEventReason(apiCall('stop-logging.sso-role'), home)).toBeNull();
  });

  it('refuses an API call of another account, naming both accounts and regions', () => {
    const event = apiCall('stop-logging.sso-role', (raw) => {
      raw.detail.recipientAccountId = '999999999999';
    });
    expect(foreignEventReason(event, home)).toBe(
      'the event claims account "999999999999" region "eu-west-1"; this function serves account 111122223333 region eu-west-1',
    );
  });

  it('refuses an API call recorded in another region', () => {
    expect(foreignEventReason(apiCall('stop-logging.root'), home)).toMatch(/region "eu-central-1"/);
  });

  it('refuses a Scheduled Event of another region', () => {
    const raw = fixture('scheduled-event');
    raw.region = 'us-east-1';
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(foreignEventReason(parsed.event, home)).toMatch(
      /claims account "111122223333" region "us-east-1"/,
    );
  });
});
