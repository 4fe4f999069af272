import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TRAILGUARD_VERSION } from '../src/defaults';

const ROOT = path.resolve(__dirname, '..', '..');
const version = (file: string) =>
  (JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as { version: string }).version;

describe('the version', () => {
  it('is the one of the root package.json and of every package', () => {
    const packages = [
      'package.json',
      'config/package.json',
      'test/package.json',
      ...readdirSync(path.join(ROOT, 'packages')).map((name) => `packages/${name}/package.json`),
    ];
    expect(packages.length).toBeGreaterThan(5);
    expect(Object.fromEntries(packages.map((file) => [file, version(file)]))).toEqual(
      Object.fromEntries(packages.map((file) => [file, TRAILGUARD_VERSION])),
    );
  });

  it('is the latest release in CHANGELOG.md, below its Unreleased section', () => {
    const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    const releases = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    expect(releases[0]).toBe('Unreleased');
    expect(releases[1]).toBe(TRAILGUARD_VERSION);
  });
});
