import * as path from 'node:path';

/** The repository root: cdk.json, cdk.out and node_modules/.bin/cdk live there. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where `pnpm synth`, `pnpm run deploy` and `npx cdk …` (cdk.json) write the cloud assembly. */
export const DEFAULT_OUTDIR = path.join(REPOSITORY_ROOT, 'cdk.out');
