import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import budget from '../scripts/bundle-budget.json';

const packageDir = join(__dirname, '..');

/** The budget of the member Lambda's inline code (see scripts/bundle-budget.json's README note). */
const BUDGET_BYTES = budget.bytes;

describe('the handler bundle (dist/index.js)', () => {
  let code: string;

  beforeAll(() => {
    execFileSync(process.execPath, [join(packageDir, 'scripts', 'bundle.mjs')], {
      cwd: packageDir,
      stdio: 'pipe',
    });
    code = readFileSync(join(packageDir, 'dist', 'index.js'), 'utf8');
  });

  it(`fits the ${BUDGET_BYTES}-byte budget`, () => {
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('requires nothing at run time but the AWS SDK the Lambda runtime ships and Node built-ins', () => {
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] as string);
    expect(
      required.filter(
        (name) => !name.startsWith('@aws-sdk/') && !name.startsWith('node:') && !/^[a-z_]+$/.test(name),
      ),
    ).toEqual([]);
    expect(required).toEqual(
      expect.arrayContaining([
        '@aws-sdk/client-cloudtrail',
        '@aws-sdk/client-sns',
        '@aws-sdk/client-dynamodb',
      ]),
    );
  });

  it('is one CommonJS file exporting handler', () => {
    const module = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', 'require', code)(module, module.exports, require);
    expect(typeof module.exports.handler).toBe('function');
  });
});
