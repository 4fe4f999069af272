// Organizations calls that take accounts, or CloudTrail's place in the organization, away from
// organization trails and from TrailGuard: reported critical, never reverted. Organizations records
// its calls in us-east-1, so only the functions there see them; the departure of an account, a
// service event, only in the management account's us-east-1 history.
import type { Severity } from './assessment';
import { type ApiCallEvent, stringParameter } from './event';
import type { BackingResource } from './trail-setup';
import { untrustedName } from './untrusted';
import { type Classifier, type Verdict, verdict } from './verdict';

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

const ACCOUNT_ID = /^\d{12}$/;
// An account as Organizations names it: arn:aws:organizations::<management>:account/o-…/<account>.
const ACCOUNT_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:account\/o-[a-z0-9]+\/(\d{12})$/;
const REPORTED = 'organization changes are reported, not reverted';

/** The account a call is about: LeaveOrganization's caller, else `accountId` when it is one (the caller chooses the text). */
const accountOf = (event: ApiCallEvent): string => {
  const id = stringParameter(event, 'accountId') ?? '';
  return event.name === 'LeaveOrganization' ? event.account : ACCOUNT_ID.test(id) ? id : 'unknown';
};

/**
 * The account an AccountDepartedOrganization is about: `serviceEventDetails.accountId`, else the
 * account an Organizations account ARN in `resources` names, else a resource's `accountId` other
 * than this (the management) account, which cannot depart; only ever a 12-digit id, never free text.
 */
export function departedAccount(event: ApiCallEvent): string {
  const direct = stringParameter(event, 'accountId');
  if (direct && ACCOUNT_ID.test(direct)) return direct;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  for (const resource of event.resources) {
    const fromArn = ACCOUNT_ARN.exec(text(resource.ARN ?? resource.arn))?.[1];
    if (fromArn) return fromArn;
  }
  const owner = event.resources
    .map((r) => text(r.accountId))
    .find((id) => ACCOUNT_ID.test(id) && id !== event.account);
  return owner ?? 'unknown';
}

const accountTarget = (event: ApiCallEvent, name: string, type: BackingResource['type'] = 'account') => ({
  kind: 'resource' as const,
  resource: { type, name, arn: null, region: event.region, account: event.account },
  trail: null,
});

/** AccountDepartedOrganization's `departedMethod`s but Removed: severity, what happened, the risk. */
const DEPARTURES = new Map<string, [Severity, string, string]>([
  ['Left', ['critical', 'Account left the organization', GONE]],
  [
    'Cleaned',
    [
      'info',
      'Closed account cleaned out of the organization',
      'it was closed before: its trails stopped then',
    ],
  ],
]);

/**
 * AccountDepartedOrganization, the service event Organizations writes in the management account
 * when an account leaves. By then a member that left cannot publish its own LeaveOrganization
 * (the topic takes only the organization's roles), so this is where "Left" is reported. "Removed"
 * stays silent: RemoveAccountFromOrganization, recorded here too, is reported already. "Cleaned"
 * (a closed account taken out of the organization) is info: the closing was the loss.
 */
function accountDeparted(event: ApiCallEvent): Verdict | null {
  const method = stringParameter(event, 'departedMethod');
  if (method === 'Removed') return null;
  const account = departedAccount(event);
  const time = stringParameter(event, 'departedTime');
  const [severity, summary, risk] = DEPARTURES.get(method ?? '') ?? [
    'high',
    'Account departed the organization',
    `departedMethod ${method ? untrustedName(method) : 'not given'}; ${GONE}`,
  ];
  const details = [risk, ...(time ? [`departed at ${untrustedName(time)}`] : [])];
  return verdict(severity, `${summary}: ${account}`, accountTarget(event, account), details, {
    reason: REPORTED,
  });
}

/** The Organizations classifiers, by event name; calls about other services stay silent. */
export const ORGANIZATION_CLASSIFIERS: ReadonlyArray<[string, Classifier<unknown>]> = [
  ...CALLS.map(([name, forCloudTrail, what, risk]): [string, Classifier<unknown>] => [
    name,
    (event) => {
      if (forCloudTrail && stringParameter(event, 'servicePrincipal') !== CLOUDTRAIL) return null;
      const service = name === 'DisableAWSServiceAccess';
      const subject = service ? CLOUDTRAIL : accountOf(event);
      const target = accountTarget(event, subject, service ? 'service-principal' : 'account');
      return verdict('critical', `${what}: ${subject}`, target, [risk], { reason: REPORTED });
    },
  ]),
  ['AccountDepartedOrganization', accountDeparted],
];
