// Bundles the handler into dist/index.js: one minified CommonJS file with the AWS SDK left
// external (the Lambda runtime ships it). This exact file is the member Lambda's inline code.
// Written to a temporary file and renamed into place, so that whoever reads the bundle while it
// is rebuilt (a test, `npx cdk synth`) sees the old file or the new one, never half of one.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(packageDir, 'dist', 'index.js');
const result = await build({
  entryPoints: [join(packageDir, 'src', 'index.ts')],
  outfile,
  write: false,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  external: ['@aws-sdk/*'],
  logLevel: 'warning',
});
const [output] = result.outputFiles;
mkdirSync(dirname(outfile), { recursive: true });
const partial = `${outfile}.${process.pid}.tmp`;
writeFileSync(partial, output.contents);
renameSync(partial, outfile);
const bytes = output.contents.byteLength;
console.log(`core-handler bundle: dist/index.js, ${bytes} bytes`);
