import { type Note, type NoteKind, notesFor, propertyNotes } from './resource-notes';

export type { Note, NoteKind };

import { same } from './show';

// Two CloudFormation templates compared resource by resource, with what deserves a second look
// said in words: IAM policies and trust, resource policies, the SCP, the function's environment
// and code, and a StackSet's targets. Pure.

/** The parts of a CloudFormation template a diff reads. */
export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, CfnResource>>;
  readonly [section: string]: unknown;
}

/** One resource of a template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** A resource added (+), removed (-) or changed (~). */
export interface ResourceChange {
  readonly change: '+' | '-' | '~';
  readonly id: string;
  readonly type: string;
  /** The properties (and deletion policies) that differ, for a changed resource. */
  readonly properties: readonly string[];
  readonly notes: readonly Note[];
}

/** What differs between two templates. */
export interface TemplateDiff {
  readonly resources: readonly ResourceChange[];
  /** Other sections that differ (Parameters, Outputs, Conditions…). */
  readonly sections: readonly string[];
}

const SETTINGS = ['DeletionPolicy', 'UpdateReplacePolicy'] as const;

function changedProperties(before: CfnResource, after: CfnResource): string[] {
  const keys = new Set([...Object.keys(before.Properties ?? {}), ...Object.keys(after.Properties ?? {})]);
  const properties = [...keys].filter((k) => !same(before.Properties?.[k], after.Properties?.[k])).sort();
  return [
    ...properties,
    ...SETTINGS.filter((s) => before[s] !== after[s]).map(
      (s) => `${s} ${before[s] ?? 'Delete'} → ${after[s] ?? 'Delete'}`,
    ),
  ];
}

/** A resource the new template no longer has (or has as another type). */
const removed = (id: string, resource: CfnResource): ResourceChange => ({
  change: '-',
  id,
  type: resource.Type,
  properties: [],
  notes: notesFor(resource.Type, resource.Properties),
});

/** A resource only the new template has (or has as another type). */
const added = (id: string, resource: CfnResource): ResourceChange => ({
  change: '+',
  id,
  type: resource.Type,
  properties: [],
  notes: notesFor(resource.Type, undefined, resource.Properties),
});

/** Compares a deployed template (absent when nothing is deployed) with a new one. */
export function diffTemplates(before: CfnTemplate | undefined, after: CfnTemplate): TemplateDiff {
  const old = before?.Resources ?? {};
  const now = after.Resources ?? {};
  const resources: ResourceChange[] = [];
  for (const [id, resource] of Object.entries(old)) {
    if (now[id]) continue;
    resources.push(removed(id, resource));
  }
  for (const [id, resource] of Object.entries(now)) {
    const previous = old[id];
    if (!previous) {
      resources.push(added(id, resource));
    } else if (previous.Type !== resource.Type) {
      resources.push(removed(id, previous));
      resources.push(added(id, resource));
    } else {
      const properties = changedProperties(previous, resource);
      if (properties.length) {
        resources.push({
          change: '~',
          id,
          type: resource.Type,
          properties,
          notes: [
            ...notesFor(resource.Type, previous.Properties, resource.Properties),
            ...propertyNotes(resource.Type, properties, previous.Properties ?? {}, resource.Properties ?? {}),
          ],
        });
      }
    }
  }
  const sectionNames = new Set(
    [...Object.keys(before ?? {}), ...Object.keys(after)].filter((k) => k !== 'Resources'),
  );
  const sections = before ? [...sectionNames].filter((k) => !same(before[k], after[k])).sort() : [];
  return { resources, sections };
}
