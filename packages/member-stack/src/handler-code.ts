import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The handler bundle `pnpm build` writes; its exact text is the member Lambda's inline code. */
export const HANDLER_BUNDLE_FILE = path.join(
  path.dirname(require.resolve('@trailguard/core-handler/package.json')),
  'dist',
  'index.js',
);

/** Reads the handler bundle, or explains where it comes from. */
export function readHandlerBundle(file: string = HANDLER_BUNDLE_FILE): string {
  if (!existsSync(file)) {
    throw new Error(
      `the handler bundle ${file} is missing: it is the member function's code. In the TrailGuard ` +
        'repository, run `pnpm build`; a CDK app that uses the packages needs @trailguard/core-handler ' +
        'as packed after `pnpm build` (its dist/index.js ships in the package).',
    );
  }
  return readFileSync(file, 'utf8');
}
