import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../src';

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const packageDirs = [
  'config',
  'test',
  ...readdirSync(path.join(REPO_ROOT, 'packages')).map((d) => `packages/${d}`),
];
const nameOf = new Map(
  packageDirs.map((dir) => [readJson<PackageJson>(path.join(REPO_ROOT, dir, 'package.json')).name, dir]),
);

// A workspace import without a project reference still type-checks, but against the other
// package's sources, checked again in every package that imports it: nothing fails, it is slow.
describe.each(packageDirs)('the TypeScript project %s', (dir) => {
  const tsconfig = readJson<{ references?: { path: string }[] }>(path.join(REPO_ROOT, dir, 'tsconfig.json'));
  const manifest = readJson<PackageJson>(path.join(REPO_ROOT, dir, 'package.json'));

  it('references exactly the workspace packages its package.json depends on', () => {
    const referenced = (tsconfig.references ?? []).map((r) => path.join(dir, r.path)).sort();
    const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
      .filter((name) => nameOf.has(name))
      .map((name) => nameOf.get(name) as string)
      .sort();
    expect(referenced).toEqual(declared);
  });

  it('is listed in the root tsconfig.json that `pnpm typecheck` builds', () => {
    const root = readJson<{ references: { path: string }[] }>(path.join(REPO_ROOT, 'tsconfig.json'));
    expect(root.references.map((r) => r.path)).toContain(dir);
  });
});
