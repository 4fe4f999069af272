// The house rules a reviewer would otherwise count by hand: no source file over 300 lines, no
// function over 80, and the CDK packages free of the AWS SDK. Sources are what ships or runs
// (src/, bin/ and scripts/ of every package); tests and benchmarks are not held to the size rules.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../src';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;

const packageDirs = [
  'config',
  'test',
  ...readdirSync(path.join(REPO_ROOT, 'packages')).map((d) => `packages/${d}`),
];

function sourcesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) return entry === 'node_modules' ? [] : sourcesUnder(file);
    return /\.(ts|mts|cts|mjs|cjs|js)$/.test(entry) && !entry.endsWith('.d.ts') ? [file] : [];
  });
}

const sources = packageDirs.flatMap((dir) =>
  ['src', 'bin', 'scripts'].flatMap((sub) => sourcesUnder(path.join(REPO_ROOT, dir, sub))),
);
const relative = (file: string) => path.relative(REPO_ROOT, file);

/** Every function-like node of a file, with its first line and length in lines. */
function functionsOf(file: string): { where: string; lines: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: { where: string; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      found.push({ where: `${relative(file)}:${first}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the house rules', () => {
  it('finds the sources it checks', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.map(relative)).toContain('packages/core-handler/src/handler.ts');
  });

  it(`keeps every source file at ${MAX_FILE_LINES} lines or fewer`, () => {
    const long = sources
      .map((file) => ({ file: relative(file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`keeps every function at ${MAX_FUNCTION_LINES} lines or fewer`, () => {
    const long = sources.flatMap(functionsOf).filter((f) => f.lines > MAX_FUNCTION_LINES);
    expect(long).toEqual([]);
  });

  it('measures a function as long as it is', () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const file = path.join(REPO_ROOT, 'test', '.house-rules-probe.ts');
    const source = ts.createSourceFile(file, `function f() {\n${body}\n}\n`, ts.ScriptTarget.Latest, true);
    let lines = 0;
    ts.forEachChild(source, (node) => {
      if (ts.isFunctionDeclaration(node)) {
        lines =
          source.getLineAndCharacterOfPosition(node.getEnd()).line -
          source.getLineAndCharacterOfPosition(node.getStart(source)).line +
          1;
      }
    });
    expect(lines).toBe(MAX_FUNCTION_LINES + 2);
  });

  it.each(['packages/member-stack', 'packages/central-stack'])(
    'keeps the AWS SDK out of the CDK package %s',
    (dir) => {
      const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, dir, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      };
      expect(Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@aws-sdk/'))).toEqual(
        [],
      );
      const importers = sourcesUnder(path.join(REPO_ROOT, dir, 'src')).filter((file) =>
        /from '@aws-sdk\/|require\('@aws-sdk\//.test(readFileSync(file, 'utf8')),
      );
      expect(importers.map(relative)).toEqual([]);
    },
  );
});
