// An incident as a Security Hub finding in the AWS Security Finding Format (ASFF), imported into
// the account's default product where the incident happened, so it aggregates to the Security Hub
// administrator like any control's finding. Pure: the caller passes the time and where it runs.
import type { Severity } from './assessment';
import { SWEEP_EVENT_NAME } from './incident';
import type { NotificationDocument } from './notification';
import { withoutNotice } from './sweep';
import { untrustedName } from './untrusted';

/** The ASFF fields TrailGuard sets (a subset of AwsSecurityFinding, as the SDK takes it). */
export interface Finding {
  readonly SchemaVersion: '2018-10-08';
  readonly Id: string;
  readonly ProductArn: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Region: string;
  readonly Types: string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly FirstObservedAt?: string;
  readonly Severity: { Label: string; Original: string };
  readonly FindingProviderFields: { Severity: { Label: string; Original: string }; Types: string[] };
  readonly Title: string;
  readonly Description: string;
  readonly Remediation: { Recommendation: { Text: string } };
  readonly Resources: { Type: string; Id: string; Partition: string; Region: string }[];
  /** Set when a finding is created; Security Hub ignores it in later imports (BatchUpdateFindings is the customer's). */
  readonly Workflow?: { Status: 'NEW' | 'RESOLVED' };
  readonly Compliance: { Status: 'PASSED' | 'FAILED' };
  readonly RecordState: 'ACTIVE' | 'ARCHIVED';
  readonly ProductFields: Record<string, string>;
}

/** Where the finding is imported: the function's own account, region and partition. */
export interface FindingHome {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** The account's default product, the one any account may import its own findings into. */
export const defaultProductArn = ({ account, region, partition }: FindingHome): string =>
  `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`;

const LABELS: Readonly<Record<Severity, string>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

// ASFF limits: Title 256, Description 1024, Recommendation.Text 512, Id 512 characters.
const cut = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 3)}...`;

/** A short, stable digest of text (FNV-1a, 32 bits), to tell apart incidents of one event. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The finding's Id, the same for every import of one incident so that a retried invocation
 * updates rather than duplicates it: the event's id and what the incident is about (a sweep
 * reports several trails, and a trail's repair and its delivery apart, under one event id). The
 * sweep reports a lasting problem again each day, and its repair later: one finding per trail
 * and problem, whatever the sweep, so that each report updates it.
 */
export function findingId(document: NotificationDocument): string {
  const { event, trail, resource, summary } = document;
  const sweep = event.name === SWEEP_EVENT_NAME;
  const about = [event.name, trail.arn ?? '', resource?.arn ?? resource?.name ?? '', withoutNotice(summary)];
  const occurrence = sweep ? 'sweep' : event.id.replace(/[^\w.:-]/g, '_');
  return cut(`trailguard/${event.account}/${event.region}/${occurrence}/${fnv1a(about.join('|'))}`, 512);
}

// ASFF resource types of what a trail depends on; the rest (a log group, the organization) are Other.
const ASFF_TYPES: Readonly<Record<string, string>> = { 'kms-key': 'AwsKmsKey', 's3-bucket': 'AwsS3Bucket' };

/** What the finding is about: the trail, else the resource behind it, else the account. */
function resourcesOf(document: NotificationDocument, home: FindingHome): Finding['Resources'] {
  const where = { Partition: home.partition, Region: document.event.region };
  if (document.trail.arn) return [{ Type: 'AwsCloudTrailTrail', Id: document.trail.arn, ...where }];
  const resource = document.resource;
  if (resource) {
    const type = ASFF_TYPES[resource.type] ?? 'Other';
    return [{ Type: type, Id: resource.arn ?? resource.name, ...where }];
  }
  return [{ Type: 'AwsAccount', Id: `AWS::::Account:${document.event.account}`, ...where }];
}

/**
 * The finding of a notification's document: resolved (Workflow RESOLVED, Compliance PASSED) when
 * TrailGuard's repair was verified, new and failed otherwise. Security Hub takes a finding's
 * Workflow only when it creates it; earlier findings a repair settles are archived (settle).
 */
export function toFinding(document: NotificationDocument, home: FindingHome, now: Date): Finding {
  const label = LABELS[document.severity];
  const severity = { Label: label, Original: document.severity };
  const types = [
    document.event.name === 'Sweep'
      ? 'Software and Configuration Checks/AWS Security Best Practices/CloudTrail logging'
      : 'TTPs/Defense Evasion/CloudTrail tampering',
  ];
  const { event, actor, response } = document;
  const resolved = response.outcome === 'succeeded' && response.verified;
  const observed = Number.isFinite(Date.parse(event.time)) ? new Date(event.time).toISOString() : undefined;
  return {
    SchemaVersion: '2018-10-08',
    Id: findingId(document),
    ProductArn: defaultProductArn(home),
    GeneratorId: `trailguard/${untrustedName(event.name)}`.slice(0, 512),
    AwsAccountId: home.account,
    Region: home.region,
    Types: types,
    CreatedAt: observed ?? now.toISOString(),
    UpdatedAt: now.toISOString(),
    ...(observed ? { FirstObservedAt: observed } : {}),
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: cut(`TrailGuard: ${document.summary}`, 256),
    Description: cut(
      [
        `${untrustedName(event.name)}${event.errorCode ? ` (failed: ${untrustedName(event.errorCode)})` : ''} by ${untrustedName(actor.arn ?? 'unknown')} in account ${event.account}, ${event.region}, at ${event.time || 'an unknown time'}.`,
        `TrailGuard: ${response.action}, ${response.outcome}${response.verified ? ' and verified' : ''}; ${response.reason}.`,
      ].join(' '),
      1024,
    ),
    Remediation: { Recommendation: { Text: cut(document.nextStep, 512) } },
    Resources: resourcesOf(document, home),
    Workflow: { Status: resolved ? 'RESOLVED' : 'NEW' },
    Compliance: { Status: resolved ? 'PASSED' : 'FAILED' },
    RecordState: 'ACTIVE',
    ProductFields: {
      'trailguard/eventId': cut(event.id, 256),
      'trailguard/action': response.action,
      'trailguard/outcome': response.outcome,
      'trailguard/verified': String(response.verified),
    },
  };
}
