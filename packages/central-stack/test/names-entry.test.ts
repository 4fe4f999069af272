// The operator's commands look resource names up through `@trailguard/central-stack/names`, so
// that `plan`, `coverage` and `doctor` start without loading aws-cdk-lib (seconds of start-up).
import { join } from 'node:path';
import { build } from 'esbuild';

/** Every file that bundling `entry` pulls in, as esbuild's metafile lists them. */
async function inputsOf(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(__dirname, '..', 'src', entry)],
    bundle: true,
    write: false,
    platform: 'node',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

const CDK = /[\\/]node_modules[\\/].*(aws-cdk-lib|constructs|cdk-stacksets|cdk-nag)[\\/]/;

describe('the names entry point', () => {
  it('loads none of the CDK libraries', async () => {
    const inputs = await inputsOf('names.ts');
    expect(inputs).toEqual(
      expect.arrayContaining([expect.stringMatching(/central-stack\/src\/deployment\.ts$/)]),
    );
    expect(inputs.filter((file) => CDK.test(file))).toEqual([]);
  });

  it('would see a CDK library among them', () => {
    for (const library of ['aws-cdk-lib', 'constructs', 'cdk-stacksets', 'cdk-nag'])
      expect(require.resolve(library)).toMatch(CDK);
  });
});
