// Where incidents go besides the central topic's e-mail: who gets which severities, Security Hub
// findings, and a chat channel. The keys are a contract other tools rely on (issue 11).
import * as z from 'zod';
import { DEFAULT_CHAT_MINIMUM_SEVERITY, SEVERITIES, type Severity } from './defaults';

const severity = z.enum(SEVERITIES, {
  error: `expected one of the severities ${SEVERITIES.join(', ')}`,
});

const emailAddress = z.email({ error: 'expected an e-mail address such as "security@example.com"' });

/** One recipient as the handler's consumers see it: every severity unless a minimum is set. */
export interface EmailRecipient {
  readonly address: string;
  /** The least urgent severity this recipient is sent; absent means every severity. */
  readonly minimumSeverity?: Severity;
}

/**
 * A `notificationEmails` item: an address (every severity, as before) or `{ address,
 * minimumSeverity }`; both read as an EmailRecipient.
 */
export const emailRecipientSchema = z
  .union(
    [
      emailAddress,
      z.strictObject({
        address: emailAddress,
        minimumSeverity: severity
          .optional()
          .describe('The least urgent severity sent to this address; every severity when absent.'),
      }),
    ],
    {
      error:
        'expected an e-mail address, or a mapping such as { address: oncall@example.com, minimumSeverity: high }',
    },
  )
  .transform((item): EmailRecipient => (typeof item === 'string' ? { address: item } : item));

/** The `securityHub` key. */
export const securityHubSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        'Import each incident as a finding into Security Hub in the account and region where it happened.',
      ),
  })
  .describe('Security Hub findings, off by default.');

// The ids the chat service's console shows once a workspace or team is authorized; the patterns
// are CloudFormation's for AWS::Chatbot::SlackChannelConfiguration and …MicrosoftTeams….
const slackSchema = z
  .strictObject({
    workspaceId: z
      .string()
      .regex(/^[0-9A-Z]{1,255}$/, { error: 'expected a Slack workspace id such as "T0123ABCD"' }),
    channelId: z
      .string()
      .regex(/^[A-Za-z0-9]{1,256}$/, { error: 'expected a Slack channel id such as "C0123ABCD"' }),
  })
  .describe(
    'A Slack channel of a workspace authorized in the Amazon Q Developer in chat applications console.',
  );

const GUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
const guid = (what: string) =>
  z
    .string()
    .regex(GUID, { error: `expected the ${what} id, such as "a1b2c3d4-0000-1111-2222-333344445555"` });

const microsoftTeamsSchema = z
  .strictObject({
    tenantId: guid('Microsoft Teams tenant'),
    teamId: guid('Microsoft Teams team'),
    channelId: z
      .string()
      .max(256)
      .regex(/^([a-zA-Z0-9-_=+/.,])*%3[aA]([a-zA-Z0-9-_=+/.,])*%40([a-zA-Z0-9-_=+/.,])*$/, {
        error:
          'expected the channel id as the console shows it, URL-encoded, such as "19%3ab6ef35dc342d4ec6ba5b59c32d6a7ff5%40thread.tacv2"',
      }),
  })
  .describe(
    'A Microsoft Teams channel of a team authorized in the Amazon Q Developer in chat applications console.',
  );

/** The `chat` key: a Slack and/or Microsoft Teams channel fed with incidents at or above a severity. */
export const chatSchema = z
  .strictObject({
    slack: slackSchema.optional(),
    microsoftTeams: microsoftTeamsSchema.optional(),
    minimumSeverity: severity
      .default(DEFAULT_CHAT_MINIMUM_SEVERITY)
      .describe(`The least urgent severity sent to chat; ${DEFAULT_CHAT_MINIMUM_SEVERITY} when absent.`),
  })
  .superRefine((chat, ctx) => {
    if (!chat.slack && !chat.microsoftTeams) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          'name a channel: slack: { workspaceId, channelId } or microsoftTeams: { tenantId, teamId, channelId }, or remove chat',
      });
    }
  })
  .describe('Optional chat channel (Amazon Q Developer in chat applications, formerly AWS Chatbot).');
