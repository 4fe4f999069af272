import type { Caller, Fact } from '../facts';
import { type CheckSettings, fromDelegatedAdmin, type PreflightCheck } from './check';

// Errors that say AWS (or the configured endpoint) could not be reached at all, as Node and the
// SDK word them: signing in again would not help.
const UNREACHABLE =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|socket hang up|TimeoutError/;

/** The caller has working credentials; every other check needs them. */
export function credentialsCheck(settings: CheckSettings): PreflightCheck<Fact<Caller>> {
  const account = fromDelegatedAdmin(settings)
    ? 'the delegated administrator account for StackSets'
    : `the management account ${settings.config.managementAccountId}`;
  return {
    id: 'credentials',
    title: 'AWS credentials',
    evaluate: (caller) => {
      if (caller.ok) return { status: 'pass', detail: caller.value.arn };
      return {
        status: 'fail',
        detail: caller.error,
        fix: UNREACHABLE.test(caller.error)
          ? 'AWS did not answer: check the network and any proxy (HTTPS_PROXY), and the endpoint if ' +
            '--endpoint-url or AWS_ENDPOINT_URL is set; the credentials were not the problem.'
          : `Sign in to ${account}: \`aws sso login --profile <profile>\` and ` +
            '`export AWS_PROFILE=<profile>` (or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).',
      };
    },
  };
}
