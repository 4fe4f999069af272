import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The handler bundle `pnpm build` writes; its exact text is the member Lambda's inline code. */
export const HANDLER_BUNDLE_FILE = path.join(
  path.dirname(require.resolve('@trailguard/core-handler/package.json')),
  'dist',
  'index.js',
);

/** Reads the handler bundle, or explains how to build it. */
export function readHandlerBundle(file: string = HANDLER_BUNDLE_FILE): string {
  if (!existsSync(file)) {
    throw new Error(`the handler bundle ${file} is missing; run \`pnpm build\` first`);
  }
  return readFileSync(file, 'utf8');
}
