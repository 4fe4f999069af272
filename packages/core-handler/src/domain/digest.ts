// The one notification a sweep sends about the notices it held back (domain/flood.ts): how many, of
// which calls by whom, since when; the JSON document gains a `digest` block (schemaVersion stays 1).
import type { ScheduledEvent } from './event';
import { type DigestGroup, highestSeverity, NOTICE_BURST } from './flood';
import { incidentEventOf } from './incident';
import {
  type DigestGroupDocument,
  type NotificationDocument,
  type RenderedNotification,
  subjectOf,
} from './notification';
import { untrustedName } from './untrusted';

/** The event name of a digest (in its document, attributes and logs). */
export const DIGEST_EVENT_NAME = 'Digest';

/** What to do about a digest: the notices it counts were each too minor to send alone. */
export const DIGEST_NEXT_STEP =
  'Read the groups of calls in the e-mail, and look into any caller or call you do not expect.';

/** How many groups a digest lists; the rest are counted in one line. */
export const MAX_DIGEST_GROUPS = 50;

const row = (g: DigestGroupDocument): string =>
  `${String(g.count).padStart(7)}  ${g.severity.toUpperCase().padEnd(8)}  ${untrustedName(g.eventName)}${
    g.errorCode ? ` (${untrustedName(g.errorCode)})` : ''
  } by ${untrustedName(g.actor ?? 'unknown')}, ${g.time} to ${g.lastTime}, e.g. ${untrustedName(g.eventId)}`;

const sum = (groups: readonly DigestGroupDocument[]) => groups.reduce((n, g) => n + g.count, 0);

/** Renders the digest of held-back notices (at least one group) as one SNS message. */
export function renderDigest(
  groups: readonly DigestGroup[],
  sweep: ScheduledEvent,
  intervalMinutes: number,
): RenderedNotification {
  const all = groups
    .map((g) => ({
      ...g.first,
      severity: highestSeverity(g.severities),
      count: g.count,
      lastTime: g.lastTime,
    }))
    .sort((a, b) => b.count - a.count || a.time.localeCompare(b.time));
  const listed = all.slice(0, MAX_DIGEST_GROUPS);
  const rest = all.slice(MAX_DIGEST_GROUPS);
  const since = all.map((g) => g.time).sort()[0] ?? sweep.time;
  const severity = highestSeverity(groups.flatMap((g) => g.severities));
  const total = sum(all);
  const summary = `${total} more failed attempts and low-severity changes since ${since}`;
  const digest = {
    since,
    until: sweep.time,
    total,
    groups: listed,
    moreGroups: rest.length,
    moreNotices: sum(rest),
  };
  const reason = `over ${NOTICE_BURST} such notices in one ${intervalMinutes}-minute sweep interval; the rest are counted here`;
  const document: NotificationDocument = {
    schemaVersion: 1,
    severity,
    summary,
    event: { ...incidentEventOf(sweep), name: DIGEST_EVENT_NAME },
    actor: { type: 'Unknown', arn: null, accountId: null, name: 'each notice counted here has its own' },
    trail: { name: null, arn: null },
    response: { action: 'none', outcome: 'not-applicable', verified: false, reason },
    nextStep: DIGEST_NEXT_STEP,
    digest,
  };
  const email = [
    `${summary}.`,
    `Severity: ${severity.toUpperCase()}`,
    '',
    `Why:       ${reason}.`,
    `Account:   ${sweep.account}`,
    `Region:    ${sweep.region}`,
    '',
    '  Count  Severity  Call (error) by whom, first to last, an example',
    ...listed.map(row),
    ...(rest.length > 0 ? [`  and ${rest.length} more groups (${digest.moreNotices} notices)`] : []),
    '',
    `Next:      ${DIGEST_NEXT_STEP}`,
  ].join('\n');
  return {
    subject: subjectOf(severity, summary, null, sweep.account, sweep.region),
    message: JSON.stringify({ default: JSON.stringify(document), email }),
    attributes: { severity, eventName: DIGEST_EVENT_NAME, account: sweep.account },
    document,
  };
}
