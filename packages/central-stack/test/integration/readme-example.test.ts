import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TRAILGUARD_VERSION } from '@trailguard/config/defaults';
import { HANDLER_BUNDLE_FILE } from '@trailguard/member-stack';
import { childProcessEnv, REPO_ROOT, scratchDir } from '@trailguard/test';
import { STACKSET_NAMES } from '../../src';
import { TEST_CONFIG_INPUT } from '../synth';

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

/** The first TypeScript block under the README's heading "Use it in your own CDK app". */
function readmeExample(): string {
  const readme = readFileSync(path.join(PACKAGE_DIR, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it in your own CDK app'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no ```ts block under "Use it in your own CDK app"');
  return block;
}

/**
 * A directory laid out as another team's CDK app: the example as app.ts, a configuration file,
 * and node_modules holding the packages it imports (linked to this workspace's copies).
 */
function consumerApp(): string {
  const dir = scratchDir('trailguard-consumer-');
  writeFileSync(path.join(dir, 'app.ts'), readmeExample());
  // JSON is YAML: the configuration of the template tests, not the example's.
  writeFileSync(path.join(dir, 'trailguard.yaml'), JSON.stringify(TEST_CONFIG_INPUT, null, 2));
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '@trailguard'), { recursive: true });
  const link = (name: string, target: string) => symlinkSync(realpathSync(target), path.join(modules, name));
  link('@trailguard/central-stack', PACKAGE_DIR);
  link('@trailguard/config', path.join(REPO_ROOT, 'config'));
  for (const name of ['aws-cdk-lib', 'cdk-nag', 'constructs'])
    link(name, path.join(PACKAGE_DIR, 'node_modules', name));
  return dir;
}

interface Template {
  Description?: string;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

describe('the README example', () => {
  let dir: string;
  let run: ReturnType<typeof spawnSync>;
  const read = (file: string) =>
    JSON.parse(readFileSync(path.join(dir, 'cdk.out', file), 'utf8')) as Template;

  beforeAll(() => {
    dir = consumerApp();
    run = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['app.ts'], {
      cwd: dir,
      env: {
        ...childProcessEnv(),
        HOME: dir,
        CDK_OUTDIR: path.join(dir, 'cdk.out'),
        JSII_DEPRECATED: 'quiet',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
  }, 130_000);

  it('synthesizes in an app of its own, with cdk-nag, as a consumer runs it', () => {
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('TrailGuard: TrailGuard/MemberStackSet and two more StackSets\n');
    expect(run.status).toBe(0);
  });

  it('creates the three StackSets, each recording the version', () => {
    const parent = read('TrailGuard.template.json');
    expect(parent.Description).toContain(`TrailGuard ${TRAILGUARD_VERSION}:`);
    const stackSets = Object.values(parent.Resources).filter(
      (r) => r.Type === 'AWS::CloudFormation::StackSet',
    );
    expect(stackSets.map((s) => s.Properties?.StackSetName).sort()).toEqual(
      Object.values(STACKSET_NAMES).sort(),
    );
    for (const stackSet of stackSets) {
      expect(stackSet.Properties?.Tags).toContainEqual({
        Key: 'trailguard:version',
        Value: TRAILGUARD_VERSION,
      });
    }
  });

  it("inlines the handler bundle, byte for byte, as the member function's code", () => {
    const member = read('TrailGuardMember832A2A41.stackset.template.json');
    const [fn] = Object.values(member.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect((fn?.Properties?.Code as { ZipFile?: string } | undefined)?.ZipFile).toBe(
      readFileSync(HANDLER_BUNDLE_FILE, 'utf8'),
    );
  });
});

describe('what a consumer gets from the packages', () => {
  /** The files `npm pack` would put in a package's tarball. */
  function packed(packageDir: string): string[] {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: packageDir,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'silent' },
    });
    return (
      (JSON.parse(output) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path) ?? []
    );
  }

  it('the core-handler package carries the bundle the member template inlines', () => {
    expect(packed(path.dirname(path.dirname(HANDLER_BUNDLE_FILE)))).toContain('dist/index.js');
  });

  it('this package carries its sources and README, not its tests', () => {
    const files = packed(PACKAGE_DIR);
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'package.json', 'src/index.ts', 'src/app.ts']),
    );
    expect(files.filter((f) => f.startsWith('test/'))).toEqual([]);
  });
});
