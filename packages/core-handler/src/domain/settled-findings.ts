// When TrailGuard repairs and verifies a trail, the findings it imported earlier about what that
// repair fixed (a repair that failed, a sweep's reminders of a problem left alone) are over too.
// Security Hub takes a finding's Workflow only when it creates it (BatchImportFindings ignores it
// afterwards; BatchUpdateFindings is the customer's), so a finding provider settles a finding by
// importing it again with Compliance PASSED and RecordState ARCHIVED. Pure.
import type { Finding } from './finding';
import type { NotificationDocument } from './notification';

/** A finding as GetFindings returns it: the fields TrailGuard reads (every field optional in the API). */
export interface StoredFinding {
  readonly Id?: string;
  readonly ProductArn?: string;
  readonly GeneratorId?: string;
  readonly Resources?: readonly { readonly Id?: string }[];
  readonly Compliance?: { readonly Status?: string };
  readonly RecordState?: string;
  readonly ProductFields?: Readonly<Record<string, string>>;
}

/** Whether a verified repair settles the document's earlier findings: a successful, verified one. */
export const settlesEarlierFindings = (document: NotificationDocument): boolean =>
  document.response.outcome === 'succeeded' &&
  document.response.verified &&
  document.response.action !== 'none';

/**
 * Whether the repair of `finding` settles `stored`: TrailGuard's own open finding (active,
 * compliance failed) in the same product, about the same resource, every action of which the
 * repair did and verified. A finding about something else on the trail stays open.
 */
function settles(finding: Finding, repaired: ReadonlySet<string>, stored: StoredFinding): boolean {
  const actions = (stored.ProductFields?.['trailguard/action'] ?? 'none').split('+');
  return (
    stored.GeneratorId?.startsWith('trailguard/') === true &&
    stored.ProductArn === finding.ProductArn &&
    stored.RecordState === 'ACTIVE' &&
    stored.Compliance?.Status === 'FAILED' &&
    (stored.Resources ?? []).some((r) => r.Id === finding.Resources[0]?.Id) &&
    actions.every((a) => repaired.has(a))
  );
}

/**
 * What to import for a verified repair, given the open findings GetFindings returned about its
 * resource: the repair's own finding (archived too when it updates one of them, as the sweep's
 * finding of a lasting problem is), and each earlier finding it settles, archived and passed.
 */
export function settle(
  finding: Finding,
  document: NotificationDocument,
  open: readonly StoredFinding[],
  now: Date,
): Finding[] {
  const repaired = new Set(document.response.action.split('+'));
  const settled = open.filter((stored) => settles(finding, repaired, stored));
  const own = settled.some((stored) => stored.Id === finding.Id)
    ? { ...finding, RecordState: 'ARCHIVED' as const }
    : finding;
  const others = settled.filter((stored) => stored.Id !== finding.Id);
  return [own, ...others.map((stored) => archived(stored, document.event.id, now))];
}

// What an import of an earlier finding repeats of it: the fields BatchImportFindings requires, as stored.
const KEPT = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Region',
  'Types',
  'CreatedAt',
  'FirstObservedAt',
  'Severity',
  'FindingProviderFields',
  'Title',
  'Description',
  'Remediation',
  'Resources',
] as const;

/**
 * An earlier finding again, settled by the verified repair of event `eventId`: its own fields,
 * without Workflow (Security Hub's, and ignored) or the product fields Security Hub adds.
 */
function archived(stored: StoredFinding, eventId: string, now: Date): Finding {
  const kept = KEPT.flatMap((key) =>
    key in stored ? [[key, (stored as Record<string, unknown>)[key]]] : [],
  );
  const own = Object.entries(stored.ProductFields ?? {}).filter(([key]) => key.startsWith('trailguard/'));
  return {
    ...Object.fromEntries(kept),
    UpdatedAt: now.toISOString(),
    Compliance: { Status: 'PASSED' },
    RecordState: 'ARCHIVED',
    ProductFields: { ...Object.fromEntries(own), 'trailguard/settledBy': eventId.slice(0, 256) },
  } as Finding;
}
