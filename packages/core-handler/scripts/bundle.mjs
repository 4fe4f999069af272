// Bundles the handler into dist/index.js: one minified CommonJS file with the AWS SDK left
// external (the Lambda runtime ships it). This exact file is the member Lambda's inline code.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({
  entryPoints: [join(packageDir, 'src', 'index.ts')],
  outfile: join(packageDir, 'dist', 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  external: ['@aws-sdk/*'],
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`core-handler bundle: dist/index.js, ${bytes} bytes`);
