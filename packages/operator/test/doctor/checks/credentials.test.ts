import { credentialsCheck } from '../../../src/commands/doctor/checks/credentials';
import { MGMT, settings } from './facts';

describe('credentials check', () => {
  it('passes with the caller ARN', () => {
    const arn = `arn:aws:sts::${MGMT}:assumed-role/Admin/alice`;
    expect(credentialsCheck(settings()).evaluate({ ok: true, value: { account: MGMT, arn } })).toEqual({
      status: 'pass',
      detail: arn,
    });
  });

  it('says how to sign in to the management account when no credentials were found', () => {
    const verdict = credentialsCheck(settings()).evaluate({
      ok: false,
      error: 'CredentialsProviderError: Could not load credentials from any providers',
    });
    expect(verdict).toMatchObject({ status: 'fail', fix: expect.stringContaining('aws sso login') });
    expect(verdict).toMatchObject({ fix: expect.stringContaining(`management account ${MGMT}`) });
  });

  it('names the delegated administrator account when the configuration deploys from one', () => {
    const verdict = credentialsCheck(settings({ stackSet: { callAs: 'DELEGATED_ADMIN' } })).evaluate({
      ok: false,
      error: 'ExpiredTokenException: The security token included in the request is expired',
    });
    expect(verdict).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/^Sign in to the delegated administrator account for StackSets/),
    });
  });

  it.each([
    'Error: connect ECONNREFUSED 127.0.0.1:1',
    'Error: getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com',
    'TimeoutError: socket hang up',
  ])('says AWS could not be reached, not to sign in, for %s', (error) => {
    const verdict = credentialsCheck(settings()).evaluate({ ok: false, error });
    expect(verdict).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^AWS did not answer/) });
    expect(verdict).not.toMatchObject({ fix: expect.stringContaining('aws sso login') });
  });
});
