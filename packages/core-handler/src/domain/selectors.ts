// Event selectors, in the SDK's shapes (PascalCase). CloudTrail records carry the same structures
// in camelCase; `selectorsFromRequest` converts them.

/** A basic event selector. */
export interface BasicSelector {
  ReadWriteType?: string;
  IncludeManagementEvents?: boolean;
  DataResources?: { Type?: string; Values?: string[] }[];
  ExcludeManagementEventSources?: string[];
}

/** One condition of an advanced event selector. */
export interface FieldSelector {
  Field: string | undefined;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

/** An advanced event selector. */
export interface AdvancedSelector {
  Name?: string;
  FieldSelectors: FieldSelector[] | undefined;
}

/** A trail's selectors: either basic or advanced ones are in force, never both. */
export interface SelectorSet {
  readonly basic: BasicSelector[];
  readonly advanced: AdvancedSelector[];
}

/** The name of the selector TrailGuard adds back when it restores management events. */
export const RESTORED_SELECTOR_NAME = 'Management events (restored by TrailGuard)';

function pascalKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.charAt(0).toUpperCase() + key.slice(1),
      pascalKeys(inner),
    ]),
  );
}

/** The selectors a PutEventSelectors call set, from its camelCase request parameters. */
export function selectorsFromRequest(
  eventSelectors: readonly object[] | null,
  advancedEventSelectors: readonly object[] | null,
): SelectorSet {
  return {
    basic: pascalKeys(eventSelectors ?? []) as BasicSelector[],
    advanced: pascalKeys(advancedEventSelectors ?? []) as AdvancedSelector[],
  };
}

const isUnrestrictedManagement = (selector: AdvancedSelector): boolean => {
  const fields = selector.FieldSelectors ?? [];
  const only = fields[0];
  return (
    fields.length === 1 &&
    only?.Field === 'eventCategory' &&
    only.Equals?.length === 1 &&
    only.Equals[0] === 'Management' &&
    !only.StartsWith &&
    !only.EndsWith &&
    !only.NotEquals &&
    !only.NotStartsWith &&
    !only.NotEndsWith
  );
};

/**
 * Whether the selectors record every management event, reads and writes, of every source.
 * Advanced selectors need an unrestricted `eventCategory = Management` selector; basic ones need
 * management events included for both reads and writes by selectors that exclude no source
 * (ExcludeManagementEventSources: AWS offers it to save the cost of KMS and RDS Data API events,
 * and it blinds the trail to those calls as surely as to any other). No selectors records nothing.
 */
export function recordsManagementEvents(selectors: SelectorSet): boolean {
  if (selectors.advanced.length > 0) return selectors.advanced.some(isUnrestrictedManagement);
  const management = selectors.basic.filter(
    (s) => s.IncludeManagementEvents !== false && (s.ExcludeManagementEventSources ?? []).length === 0,
  );
  const types = new Set(management.map((s) => s.ReadWriteType ?? 'All'));
  return types.has('All') || (types.has('ReadOnly') && types.has('WriteOnly'));
}

/** The event sources whose management events basic selectors exclude, once each. */
export function excludedManagementSources(selectors: SelectorSet): string[] {
  return [...new Set(selectors.basic.flatMap((s) => s.ExcludeManagementEventSources ?? []))];
}

/** The most basic selectors a trail may have (CloudTrail's own limit). */
const MAX_BASIC_SELECTORS = 5;

/** Makes a basic selector record every management event, reads and writes, of every source. */
function recordAllManagement(selector: BasicSelector): void {
  selector.IncludeManagementEvents = true;
  selector.ReadWriteType = 'All';
  delete selector.ExcludeManagementEventSources;
}

/**
 * The selectors to put back: every data-event selector kept, management events (reads and
 * writes, of every source) recorded again.
 */
export function restoreManagementEvents(selectors: SelectorSet): SelectorSet {
  if (selectors.advanced.length > 0) {
    return {
      basic: [],
      advanced: [
        ...selectors.advanced,
        {
          Name: RESTORED_SELECTOR_NAME,
          FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }],
        },
      ],
    };
  }
  const basic = selectors.basic.map((s) => ({ ...s }));
  // Prefer a selector without data resources, so data-event logging keeps its read/write type.
  const plain = basic.find((s) => (s.DataResources ?? []).length === 0);
  if (plain) recordAllManagement(plain);
  else if (basic.length < MAX_BASIC_SELECTORS)
    basic.push({ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] });
  else recordAllManagement(basic[0] as BasicSelector);
  return { basic, advanced: [] };
}
