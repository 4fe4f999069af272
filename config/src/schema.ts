import { closest } from 'fastest-levenshtein';
import * as z from 'zod';
import {
  DEFAULT_MAX_DELIVERY_GAP_MINUTES,
  DEFAULT_SWEEP_INTERVAL_MINUTES,
  MAX_MAX_DELIVERY_GAP_MINUTES,
  MAX_SWEEP_INTERVAL_MINUTES,
  MIN_MAX_DELIVERY_GAP_MINUTES,
  MIN_SWEEP_INTERVAL_MINUTES,
} from './defaults';
import { chatSchema, emailRecipientSchema, securityHubSchema } from './delivery-schema';
import { AWS_REGIONS } from './regions';
import { stackSetSchema } from './stack-set-schema';
import { wholeNumber } from './whole-number';

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
// IAM and STS principal ARNs; `*` stands for any run of characters, as in IAM policy conditions.
const PRINCIPAL_PATTERN = /^arn:aws:(iam|sts)::(\d{12}|\*):[A-Za-z0-9+=,.@_\-/*]+$/;
// The retention periods CloudWatch Logs accepts.
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * An account id YAML read as a number: `012345678901` unquoted is the number 12345678901, so the
 * advice is the id with its 12 digits (leading zeros back), in quotes.
 */
function accountIdAsNumber(input: unknown): string {
  const expected = 'expected a 12-digit AWS account id, in quotes';
  if (typeof input !== 'number') return expected;
  const digits = String(input);
  if (!Number.isInteger(input) || input < 0 || digits.length > 12)
    return `${expected}; got the number ${digits}`;
  if (digits.length === 12)
    return `${expected}; got the number ${digits}, which YAML reads as a number: write it in quotes, such as "${digits}"`;
  return (
    `${expected}; got the number ${digits} (${digits.length} digits): unquoted, YAML reads an id as a number and ` +
    `drops its leading zeros. Write all 12 digits in quotes, such as "${digits.padStart(12, '0')}"`
  );
}

const accountId = z
  .string({ error: (issue) => accountIdAsNumber(issue.input) })
  .regex(ACCOUNT_ID, { error: 'expected a 12-digit AWS account id, such as "111122223333"' });

const regionCode = z.enum(AWS_REGIONS, {
  error: (issue) =>
    typeof issue.input === 'string'
      ? `unknown AWS region "${issue.input}"; did you mean "${closest(issue.input, [...AWS_REGIONS])}"?`
      : 'expected an AWS region code such as "eu-west-1"',
});

/** Reports each value that appears more than once in a list, at the path of its repeat. */
function uniqueItems<T extends z.ZodType>(
  item: T,
  what: string,
  keyOf: (value: z.output<T>) => string = (value) => String(value),
  ignoreCase = false,
) {
  return z.array(item).superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((value, index) => {
      const key = keyOf(value);
      const folded = ignoreCase ? key.toLowerCase() : key;
      const first = seen.get(folded);
      if (first === undefined) seen.set(folded, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `duplicate ${what} "${key}" (already at index ${first}); list it once`,
        });
    });
  });
}

// The check runs on items that failed too (zod reports every problem at once), which are unparsed.
const addressOf = (item: unknown): string =>
  typeof item === 'object' && item !== null ? String((item as { address?: unknown }).address) : String(item);

// What a service control policy's aws:PrincipalArn can be: for a role session that is the role's
// own ARN (with its path), never the sts assumed-role ARN, so only IAM patterns can match there.
// The account is always named: the policy also denies creating roles and users with break-glass
// names, and that denial cannot stretch to "any account" without exempting whoever creates one.
const BREAK_GLASS_PATTERN = /^arn:aws:iam::\d{12}:(root|(role|user)\/[A-Za-z0-9+=,.@_\-/*]+)$/;

const breakGlassPrincipal = z.string().regex(BREAK_GLASS_PATTERN, {
  error: (issue) =>
    typeof issue.input === 'string' && /^arn:aws:iam::\*:/.test(issue.input)
      ? `"${issue.input}" has "*" for its account; name the account instead, one entry per account, such as "${issue.input.replace('::*:', '::111122223333:')}": anyone in any account could otherwise create a role of that name and be exempt from the service control policy`
      : 'expected an IAM role or user ARN pattern of one account, such as "arn:aws:iam::111122223333:role/BreakGlass" (for IAM Identity Center: "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_*"); a service control policy compares aws:PrincipalArn, which for a role session is the role ARN, so sts assumed-role patterns would never match',
});

const principalPattern = z.string().regex(PRINCIPAL_PATTERN, {
  error:
    'expected an IAM or STS ARN pattern such as "arn:aws:iam::111122223333:role/BreakGlass" or "arn:aws:sts::*:assumed-role/Admin/*"',
});

const preventionSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe('Attach a service control policy that denies stopping or weakening trails.'),
    breakGlassPrincipals: uniqueItems(breakGlassPrincipal, 'principal')
      .default([])
      .describe(
        'Principals (IAM ARN patterns, each naming its account) the service control policy still allows.',
      ),
  })
  .describe('Optional preventive service control policy.');

// Cross-field checks run whenever the fields they compare are valid, so that one bad field
// elsewhere does not hide them: every problem is reported at once.
const whenValid = (fields: z.ZodObject) => ({
  when: (payload: { value: unknown }) => fields.safeParse(payload.value).success,
});
const accountFields = z.looseObject({ managementAccountId: accountId, securityAccountId: accountId });
const regionFields = z.looseObject({ homeRegion: regionCode, regions: z.array(regionCode) });
const exclusionFields = accountFields.extend({ excludedAccounts: z.array(accountId).default([]) });

/** The single definition of a TrailGuard configuration: types, validation and defaults. */
export const TrailGuardConfigSchema = z
  .strictObject({
    organizationId: z
      .string()
      .regex(ORGANIZATION_ID, { error: 'expected an organization id such as "o-a1b2c3d4e5"' })
      .describe('The AWS Organization id, used in every aws:PrincipalOrgID condition.'),
    organizationRootId: z
      .string()
      .regex(ROOT_ID, { error: 'expected an organization root id such as "r-a1b2"' })
      .describe('The id of the organization root.'),
    managementAccountId: accountId.describe('The management account, where TrailGuard is deployed from.'),
    securityAccountId: accountId.describe('The account that receives the notification topic and event bus.'),
    homeRegion: regionCode.describe('Region of the central topic and bus; must be one of `regions`.'),
    organizationalUnits: uniqueItems(
      z.string().refine((v) => OU_ID.test(v) || ROOT_ID.test(v), {
        error: 'expected an OU id such as "ou-ab12-cdef3456" or the root id "r-ab12"',
      }),
      'organizational unit',
    )
      .min(1, { error: 'list at least one OU (or the root id to cover the whole organization)' })
      .describe('OUs (or the root) whose accounts are protected; nested OUs are included.'),
    regions: uniqueItems(regionCode, 'region')
      .min(1, { error: 'list at least one region' })
      .describe('Regions protected in every account.'),
    notificationEmails: uniqueItems(emailRecipientSchema, 'e-mail address', addressOf, true)
      .min(1, { error: 'list at least one e-mail address to notify' })
      .describe(
        'Addresses subscribed to the notification topic: an address gets every severity; { address, minimumSeverity } only those at or above it.',
      ),
    excludedAccounts: uniqueItems(accountId, 'account')
      .default([])
      .describe('Accounts of the OUs that receive no member stack.'),
    remediationMode: z
      .enum(['remediate', 'notify-only'])
      .default('remediate')
      .describe('remediate undoes what can be undone; notify-only only reports.'),
    exemptPrincipals: uniqueItems(principalPattern, 'principal')
      .default([])
      .describe('Principals (ARN patterns) whose changes are reported but not undone.'),
    sweepIntervalMinutes: wholeNumber(MIN_SWEEP_INTERVAL_MINUTES, MAX_SWEEP_INTERVAL_MINUTES, 'minutes')
      .default(DEFAULT_SWEEP_INTERVAL_MINUTES)
      .describe('How often every trail is checked, in case an event was missed.'),
    maxDeliveryGapMinutes: wholeNumber(MIN_MAX_DELIVERY_GAP_MINUTES, MAX_MAX_DELIVERY_GAP_MINUTES, 'minutes')
      .default(DEFAULT_MAX_DELIVERY_GAP_MINUTES)
      .describe(
        'How long a logging trail may deliver no log file before the sweep reports it (delivery errors are reported sooner).',
      ),
    logRetentionDays: z
      .union(
        LOG_RETENTION_DAYS.map((d) => z.literal(d)),
        { error: `expected one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(', ')}` },
      )
      .default(365)
      .describe('Retention of the remediation function logs, in days.'),
    reservedConcurrency: wholeNumber(1, 100, 'concurrent executions')
      .optional()
      .describe('Reserved concurrency of the function; unset by default because it fails in new accounts.'),
    eventArchiveRetentionDays: wholeNumber(0, null, 'days')
      .default(365)
      .describe('Retention of the central event archive in days; 0 keeps events forever.'),
    // prefault: an absent key is parsed as {}, so the defaults above are the only ones.
    stackSet: stackSetSchema.prefault({}),
    prevention: preventionSchema.prefault({}),
    securityHub: securityHubSchema.prefault({}),
    chat: chatSchema.optional(),
    tags: z
      .record(
        z
          .string()
          .min(1)
          .max(128)
          .regex(/^(?!aws:)/, { error: 'tag keys may not start with "aws:"' }),
        z.string().max(256),
      )
      .default({})
      .describe('Tags applied to every resource TrailGuard creates.'),
  })
  .superRefine((config, ctx) => {
    if (config.securityAccountId === config.managementAccountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['securityAccountId'],
        message:
          'must differ from managementAccountId: StackSets never deploy into the management account; use a dedicated security (audit) account',
      });
    }
  }, whenValid(accountFields))
  .superRefine((config, ctx) => {
    if (!config.regions.includes(config.homeRegion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['homeRegion'],
        message: `"${config.homeRegion}" is not in regions; add it to regions or pick one of ${config.regions.join(', ')}`,
      });
    }
  }, whenValid(regionFields))
  .superRefine((config, ctx) => {
    const protectedAccounts = [
      [config.securityAccountId, 'security'],
      [config.managementAccountId, 'management'],
    ] as const;
    for (const [account, role] of protectedAccounts) {
      const index = config.excludedAccounts.indexOf(account);
      if (index >= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['excludedAccounts', index],
          message: `${account} is the ${role} account, which TrailGuard always protects; remove it`,
        });
      }
    }
  }, whenValid(exclusionFields));

/** A configuration as written in the YAML file (defaults not yet applied). */
export type TrailGuardConfigInput = z.input<typeof TrailGuardConfigSchema>;
/** A validated configuration with every default applied. */
export type TrailGuardConfig = z.output<typeof TrailGuardConfigSchema>;
