// `pnpm bench` (central-stack): synth time with the example configuration and with 50 OUs × 17
// regions, and the size of every template. Times depend on the machine and its load, so each is
// printed beside a baseline synthesized in the same process: a one-resource CDK app with the same
// checks (cdk-nag, aws-cdk-lib's CloudFormation validator). The ratio is the figure to compare.
// Synth time must not grow with the number of accounts (the StackSets name OUs, never accounts);
// target under 20 s. Sizes are printed beside their limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AWS_REGIONS, loadConfig, parseConfig, type TrailGuardConfig } from '@trailguard/config';
import { App, CfnWaitConditionHandle, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  buildApp,
  MAX_SCP_LENGTH,
  policyLength,
  preventionPolicyDocument,
  TEMPLATE_BODY_LIMIT,
  TEMPLATE_URL_LIMIT,
  templateSizes,
} from '../src';

// cdk-nag reads a property aws-cdk-lib marks deprecated, and jsii warns on every synth; the
// commands silence it the same way (packages/operator/src/bin/quiet-deprecations.ts).
process.env.JSII_DEPRECATED ??= 'quiet';

const example = loadConfig(path.resolve(__dirname, '..', '..', '..', 'config', 'trailguard.yaml'));
const SAMPLES = 7;
const WARM_UP = 3;

function largeConfig(ous: number, regionCount: number): TrailGuardConfig {
  const regions = AWS_REGIONS.slice(0, regionCount);
  return parseConfig({
    ...example,
    organizationalUnits: Array.from({ length: ous }, (_, i) => `ou-a1b2-${String(i).padStart(8, '0')}`),
    regions,
    homeRegion: regions[0],
    prevention: { enabled: true, breakGlassPrincipals: ['arn:aws:iam::111111111111:role/BreakGlass'] },
  });
}

/** The baseline: one stack, one resource, the checks TrailGuard's app runs. */
function baselineApp(outdir: string): App {
  const app = new App({ outdir, builtinCloudFormationValidation: true });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  new CfnWaitConditionHandle(new Stack(app, 'Baseline'), 'Marker');
  return app;
}

/** Seconds to build and synthesize an app into a fresh directory; `inspect` reads it first. */
function synthSeconds(build: (outdir: string) => App, inspect?: (outdir: string) => void): number {
  const outdir = mkdtempSync(path.join(tmpdir(), 'trailguard-bench-'));
  try {
    // Each synth starts without the garbage of the one before (`pnpm bench` runs with --expose-gc).
    globalThis.gc?.();
    const started = process.hrtime.bigint();
    build(outdir).synth();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    inspect?.(outdir);
    return seconds;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function printSizes(outdir: string): void {
  for (const [file, bytes] of Object.entries(templateSizes(outdir))) {
    const fit = bytes <= TEMPLATE_BODY_LIMIT ? 'fits TemplateBody' : 'over TemplateBody, by TemplateURL';
    console.log(
      `  ${file}: ${bytes.toLocaleString('en-US')} bytes (${((100 * bytes) / TEMPLATE_BODY_LIMIT).toFixed(0)}% of the ` +
        `TemplateBody limit, ${fit}; ${((100 * bytes) / TEMPLATE_URL_LIMIT).toFixed(1)}% of the TemplateURL limit)`,
    );
  }
}

const configs = [
  ['example config', example],
  ['large config', largeConfig(50, 17)],
] as const;
// As `pnpm synth` does: cdk-nag and aws-cdk-lib's CloudFormation validator both on.
const trailGuardApp = (config: TrailGuardConfig) => (outdir: string) =>
  buildApp(config, { outdir, validateTemplates: true });

const firstBaseline = synthSeconds(baselineApp);
const firstApp = synthSeconds(trailGuardApp(example));
console.log(
  `first synth of the process (loads aws-cdk-lib, cdk-nag and the validator): the baseline, a one-resource ` +
    `CDK app with the same checks, ${firstBaseline.toFixed(2)} s; then TrailGuard's app, example config, ${firstApp.toFixed(2)} s`,
);
// The JIT needs a few synths of TrailGuard's constructs before their time settles.
for (let i = 0; i < WARM_UP; i++) for (const [, config] of configs) synthSeconds(trailGuardApp(config));

const synthTimes: number[] = [];
for (const [name, config] of configs) {
  console.log(`${name}: ${config.organizationalUnits.length} OU(s) × ${config.regions.length} region(s)`);
  synthSeconds(trailGuardApp(config), printSizes);
  // Baseline and app interleaved, so that both see the same load.
  const base: number[] = [];
  const app: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    base.push(synthSeconds(baselineApp));
    app.push(synthSeconds(trailGuardApp(config)));
  }
  console.log(
    `  synth ${median(app).toFixed(2)} s (median of ${SAMPLES}; target < 20 s); the baseline ${median(base).toFixed(3)} s; ` +
      `= ${(median(app) / median(base)).toFixed(1)}× the baseline`,
  );
  synthTimes.push(median(app) / median(base));
}
const [exampleRatio = 1, largeRatio = 1] = synthTimes;
console.log(
  `large config / example config: ${(largeRatio / exampleRatio).toFixed(1)}× (synth does not grow with OUs, regions or accounts)`,
);

// How many break-glass principals of a typical length the SCP holds.
const principal = (i: number) => `arn:aws:iam::${String(100000000000 + i)}:role/BreakGlassAdmin`;
let fits = 0;
while (
  policyLength(preventionPolicyDocument(Array.from({ length: fits + 1 }, (_, i) => principal(i)))) <=
  MAX_SCP_LENGTH
) {
  fits++;
}
const empty = policyLength(preventionPolicyDocument([]));
const one = policyLength(preventionPolicyDocument([principal(0)]));
console.log(
  `prevention SCP: ${empty} characters with no break-glass principal (${((100 * empty) / MAX_SCP_LENGTH).toFixed(0)}% of ${MAX_SCP_LENGTH}), ` +
    `${one} with one; holds ${fits} principals like ${principal(0)}`,
);
