// Renders an incident as its one SNS message: subject, e-mail text, JSON document, attributes.
import { type Assessment, type Remedy, type Severity, targetLabel } from './assessment';
import type { Actor } from './event';
import type { HeldNotice } from './flood';
import type { Incident, Response } from './incident';
import { nextStepOf } from './next-step';
import { dataStoreConsoleUrl, trailConsoleUrl } from './resources';
import { quoteUntrusted, shortenMiddle, untrustedName } from './untrusted';
import { canaryTrailOf } from './verification';

export { shortenMiddle };

/** An SNS Publish request, ready to send. */
export interface RenderedNotification {
  readonly subject: string;
  /** The `MessageStructure: json` message: `default` and `email` entries. */
  readonly message: string;
  readonly attributes: Readonly<Record<'severity' | 'eventName' | 'account', string>>;
  /** The machine-readable document (the `default` entry, parsed). */
  readonly document: NotificationDocument;
}

/**
 * One group in the document's `digest` block: its first notice (`time`, `eventId` and `summary` are
 * that notice's), the highest severity among its notices, how many, and the last one's time.
 */
export interface DigestGroupDocument extends HeldNotice {
  readonly count: number;
  readonly lastTime: string;
}

/** The document's `digest` block. */
export interface DigestDocument {
  readonly since: string;
  readonly until: string;
  /** Every notice counted, in the groups listed and the rest. */
  readonly total: number;
  readonly groups: readonly DigestGroupDocument[];
  /** Groups (and their notices) beyond the MAX_DIGEST_GROUPS listed. */
  readonly moreGroups: number;
  readonly moreNotices: number;
}

/** The JSON document of DESIGN.md, schema version 1. */
export interface NotificationDocument {
  readonly schemaVersion: 1;
  readonly severity: Severity;
  readonly summary: string;
  readonly event: Incident['event'];
  readonly actor: {
    readonly type: string;
    readonly arn: string | null;
    readonly accountId: string | null;
    /** Added within schema 1: who, as a person reads it (the chat message's "Who"); never null. */
    readonly name: string;
  };
  readonly trail: { readonly name: string | null; readonly arn: string | null };
  /** Added within schema 1: what a change touched beside the trail (its key, bucket, log group; an account). */
  readonly resource?: { readonly type: string; readonly name: string; readonly arn: string | null };
  readonly response: ResponseDocument;
  /** Added within schema 1: what whoever picks the incident up should do next (as the e-mail and the finding say). */
  readonly nextStep: string;
  /** Only in a digest of held-back notices (domain/digest.ts). */
  readonly digest?: DigestDocument;
}

/** The document's `response`: its actions as one string, `none` when there are none. */
export interface ResponseDocument {
  readonly action: string;
  readonly outcome: Response['outcome'];
  readonly verified: boolean;
  readonly reason: string;
}

/** The document's form of a response: several actions are joined with `+`, in order. */
function responseDocument({ actions, outcome, verified, reason }: Response): ResponseDocument {
  return { action: actions.length === 0 ? 'none' : actions.join('+'), outcome, verified, reason };
}

const MAX_SUBJECT = 100;
/** The fewest characters of a name a subject keeps when it must also fit account and region. */
const MIN_SUBJECT_NAME = 20;
/** The fewest characters of a name a subject keeps at all. */
const MIN_LAST_RESORT_NAME = 12;

// SNS subjects are ASCII without line breaks.
const ascii = (text: string): string =>
  text
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ([;,)])/g, '$1')
    .trim();

/**
 * The subject (at most 100 characters): severity and the summary with account and region when it
 * all fits. Otherwise what happened comes first, then the resource's name shortened in the middle,
 * then account and region if they still fit.
 */
export function subjectOf(
  severity: Severity,
  summary: string,
  name: string | null,
  account: string,
  region: string,
): string {
  const head = `[${severity.toUpperCase()}] TrailGuard: `;
  const where = ` (${account} ${region})`;
  const text = ascii(summary);
  if (head.length + text.length + where.length <= MAX_SUBJECT) return `${head}${text}${where}`;
  const resource = name ? ascii(name) : '';
  const at = resource ? text.indexOf(resource) : -1;
  if (at < 0) {
    const bare = `${head}${text}`;
    return bare.length <= MAX_SUBJECT ? bare : `${bare.slice(0, MAX_SUBJECT - 3)}...`;
  }
  const what = ascii(`${text.slice(0, at)} ${text.slice(at + resource.length)}`);
  let lead = `${head}${what}: `;
  // What happened is kept whole unless even the shortest name would not fit beside it.
  if (lead.length > MAX_SUBJECT - MIN_LAST_RESORT_NAME) {
    lead = `${lead.slice(0, MAX_SUBJECT - MIN_LAST_RESORT_NAME - 5)}...: `;
  }
  const room = MAX_SUBJECT - lead.length;
  if (room - where.length >= Math.min(resource.length, MIN_SUBJECT_NAME)) {
    return `${lead}${shortenMiddle(resource, room - where.length)}${where}`;
  }
  return `${lead}${shortenMiddle(resource, room)}`;
}

function trailOf(assessment: Assessment): NotificationDocument['trail'] {
  const target = assessment.target;
  if (target.kind === 'trail') return { name: target.trail.name, arn: target.trail.arn };
  if (target.kind === 'event-data-store') return { name: target.store.id, arn: target.store.arn };
  if (target.kind === 'resource') return { name: target.trail?.name ?? null, arn: target.trail?.arn ?? null };
  return { name: target.name, arn: null };
}

function consoleLink(incident: Incident): string {
  const target = incident.assessment.target;
  if (target.kind === 'trail') return trailConsoleUrl(target.trail);
  if (target.kind === 'resource' && target.trail) return trailConsoleUrl(target.trail);
  if (target.kind === 'event-data-store') return dataStoreConsoleUrl(target.store);
  const region = incident.event.region;
  return `https://${region}.console.aws.amazon.com/cloudtrailv2/home?region=${region}#/trails`;
}

const ACTIONS: Readonly<Record<Remedy, string>> = {
  'start-logging': 'restart logging on the trail',
  'restore-management-events': 'restore management-event recording on the trail',
  'start-event-data-store-ingestion': 'restart ingestion on the event data store',
  'restore-trail-settings': 'turn the trail’s settings back on',
  'enable-key': 'enable the KMS key',
  'cancel-key-deletion': 'cancel the KMS key’s deletion and enable it',
};

function describeResponse(response: Response): string {
  const what = response.actions.map((a) => ACTIONS[a]).join(' and ');
  switch (response.outcome) {
    case 'succeeded':
      return response.verified
        ? `TrailGuard did ${what}, and verified it: ${response.reason}.`
        : `TrailGuard did ${what}, but could not verify it.`;
    case 'failed':
      // The reason holds an AWS error message, which may repeat what the caller sent.
      return `TrailGuard tried to ${what} and FAILED: ${quoteUntrusted(response.reason)}.`;
    case 'skipped':
      return `TrailGuard would ${what}, but left it as it is: ${response.reason}.`;
    default:
      return `TrailGuard changed nothing: ${response.reason}.`;
  }
}

/** Who made a change, as a person reads it: the caller, the AWS service, or unknown (the sweep found it). */
const actorName = (actor: Actor | null): string =>
  actor
    ? (actor.arn ?? actor.invokedBy ?? 'unknown')
    : 'unknown (found by TrailGuard’s scheduled sweep, not by an event)';

function actorLines(actor: Actor | null): string[] {
  if (!actor) return [`Who:       ${actorName(actor)}`];
  const mfa = actor.mfaAuthenticated === null ? 'unknown' : actor.mfaAuthenticated ? 'yes' : 'NO';
  const lines = [
    `Who:       ${untrustedName(actorName(actor))} (${untrustedName(actor.type)}, account ${untrustedName(actor.accountId ?? 'unknown')})`,
  ];
  if (actor.issuerArn && actor.issuerArn !== actor.arn)
    lines.push(`Role:      ${untrustedName(actor.issuerArn)}`);
  lines.push(`MFA:       ${mfa}`);
  return lines;
}

/** Renders the one SNS message of an incident: subject, e-mail text, JSON document, attributes. */
export function renderNotification(incident: Incident): RenderedNotification {
  const { event, assessment, response, actor } = incident;
  const target = assessment.target;
  const documentActor = {
    type: actor?.type ?? 'Unknown',
    arn: actor?.arn ?? null,
    accountId: actor?.accountId ?? null,
    name: actorName(actor),
  };
  const responseDoc = responseDocument(response);
  const document: NotificationDocument = {
    schemaVersion: 1,
    severity: assessment.severity,
    summary: assessment.summary,
    event,
    actor: documentActor,
    trail: trailOf(assessment),
    ...(target.kind === 'resource'
      ? { resource: { type: target.resource.type, name: target.resource.name, arn: target.resource.arn } }
      : {}),
    response: responseDoc,
    nextStep: nextStepOf(
      { event, actor: documentActor, response: responseDoc },
      canaryTrailOf(target) !== null,
    ),
  };
  const shown = document.resource ?? document.trail;
  const email = [
    `${assessment.summary}.`,
    `Severity: ${assessment.severity.toUpperCase()}`,
    '',
    `What:      ${untrustedName(event.name)}${event.errorCode ? ` (failed: ${untrustedName(event.errorCode)})` : ''}`,
    `Resource:  ${targetLabel(target)}${shown.arn ? ` (${untrustedName(shown.arn)})` : ''}`,
    ...(document.resource && document.trail.arn
      ? [`Trail:     ${untrustedName(document.trail.name ?? '')} (${untrustedName(document.trail.arn)})`]
      : []),
    `Account:   ${untrustedName(event.account)}`,
    `Region:    ${untrustedName(event.region)}`,
    `When:      ${event.time ? untrustedName(event.time) : 'unknown'}`,
    ...actorLines(actor),
    `From:      ${event.sourceIp ? untrustedName(event.sourceIp) : 'unknown'} using ${event.userAgent ? quoteUntrusted(event.userAgent) : 'an unknown client'}`,
    ...assessment.details.map((d) => `Detail:    ${d}`),
    '',
    describeResponse(response),
    '',
    `Next:      ${document.nextStep}`,
    `Console:   ${consoleLink(incident)}`,
    '',
    `Event id:  ${untrustedName(event.id)}`,
  ].join('\n');
  return {
    subject: subjectOf(
      assessment.severity,
      assessment.summary,
      document.trail.name === null ? null : untrustedName(document.trail.name),
      event.account,
      event.region,
    ),
    message: JSON.stringify({ default: JSON.stringify(document), email }),
    attributes: { severity: assessment.severity, eventName: event.name, account: event.account },
    document,
  };
}
