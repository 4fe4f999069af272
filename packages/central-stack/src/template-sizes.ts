import { statSync } from 'node:fs';
import * as path from 'node:path';
import { TEMPLATE_FILES } from './deployment';

/** CloudFormation accepts a template inline (TemplateBody) up to this many bytes; beyond, only by URL. */
export const TEMPLATE_BODY_LIMIT = 51_200;
/** CloudFormation's limit for a template passed by TemplateURL, as the StackSets here are. */
export const TEMPLATE_URL_LIMIT = 1_000_000;

/** Size of each synthesized template, in bytes, by file name. */
export function templateSizes(outdir: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const file of new Set(Object.values(TEMPLATE_FILES)))
    sizes[file] = statSync(path.join(outdir, file)).size;
  return sizes;
}
