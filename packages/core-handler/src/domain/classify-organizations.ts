// Organizations calls that take accounts, or CloudTrail's place in the organization, away from
// organization trails and from TrailGuard: reported critical, never reverted. Organizations records
// its calls in us-east-1, so only the functions there see them.
import { type ApiCallEvent, stringParameter } from './event';
import { type Classifier, verdict } from './verdict';

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
const GONE = 'its TrailGuard stacks are deleted with it: its trails are guarded no more';

/** Event name, whether only calls for CloudTrail count, what happened, the risk. */
const CALLS: ReadonlyArray<[string, boolean, string, string]> = [
  [
    'DisableAWSServiceAccess',
    true,
    'Trusted access for CloudTrail disabled',
    'organization trails stop logging for member accounts',
  ],
  [
    'DeregisterDelegatedAdministrator',
    true,
    'CloudTrail delegated administrator deregistered',
    'that account can no longer manage organization trails',
  ],
  ['RemoveAccountFromOrganization', false, 'Account removed from the organization', GONE],
  ['LeaveOrganization', false, 'Account left the organization', GONE],
];

/** The account a call is about: LeaveOrganization's caller, else `accountId` when it is one (the caller chooses the text). */
const accountOf = (event: ApiCallEvent): string => {
  const id = stringParameter(event, 'accountId') ?? '';
  return event.name === 'LeaveOrganization' ? event.account : /^\d{12}$/.test(id) ? id : 'unknown';
};

/** The Organizations classifiers, by event name; calls about other services stay silent. */
export const ORGANIZATION_CLASSIFIERS: ReadonlyArray<[string, Classifier<unknown>]> = CALLS.map(
  ([name, forCloudTrail, what, risk]) => [
    name,
    (event) => {
      if (forCloudTrail && stringParameter(event, 'servicePrincipal') !== CLOUDTRAIL) return null;
      const service = name === 'DisableAWSServiceAccess';
      const subject = service ? CLOUDTRAIL : accountOf(event);
      return verdict(
        'critical',
        `${what}: ${subject}`,
        {
          kind: 'resource',
          resource: {
            type: service ? 'service-principal' : 'account',
            name: subject,
            arn: null,
            region: event.region,
            account: event.account,
          },
          trail: null,
        },
        [risk],
        { reason: 'organization changes are reported, not reverted' },
      );
    },
  ],
);
