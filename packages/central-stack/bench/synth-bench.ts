import '../src/bin/quiet-deprecations';
// `pnpm bench` (central-stack): synth time with the example configuration and with 50 OUs × 17
// regions, and the size of every template. Synth time must not grow with the number of accounts
// (the StackSets name OUs, never accounts); target under 20 s on this machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AWS_REGIONS, loadConfig, parseConfig, type TrailGuardConfig } from '@trailguard/config';
import {
  buildApp,
  MAX_SCP_LENGTH,
  policyLength,
  preventionPolicyDocument,
  TEMPLATE_BODY_LIMIT,
  TEMPLATE_URL_LIMIT,
  templateSizes,
} from '../src';

const example = loadConfig(path.resolve(__dirname, '..', '..', '..', 'config', 'trailguard.yaml'));

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

function bench(name: string, config: TrailGuardConfig): void {
  const outdir = mkdtempSync(path.join(tmpdir(), 'trailguard-bench-'));
  const started = process.hrtime.bigint();
  // As `pnpm synth` does: cdk-nag and aws-cdk-lib's CloudFormation validator both on.
  buildApp(config, { outdir, validateTemplates: true }).synth();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${name}: ${config.organizationalUnits.length} OU(s) × ${config.regions.length} region(s): synth ${seconds.toFixed(2)} s (target < 20 s)`,
  );
  for (const [file, bytes] of Object.entries(templateSizes(outdir))) {
    const fit = bytes <= TEMPLATE_BODY_LIMIT ? 'fits TemplateBody' : 'over TemplateBody, by TemplateURL';
    console.log(
      `  ${file}: ${bytes.toLocaleString('en-US')} bytes (${fit}; ${((100 * bytes) / TEMPLATE_URL_LIMIT).toFixed(1)}% of the TemplateURL limit)`,
    );
  }
  rmSync(outdir, { recursive: true, force: true });
}

console.log('(the first synth of the process also loads aws-cdk-lib, cdk-nag and the template validator)');
bench('example config', example);
bench('large config', largeConfig(50, 17));

// How many break-glass principals of a typical length the SCP holds.
const principal = (i: number) => `arn:aws:iam::${String(100000000000 + i)}:role/BreakGlassAdmin`;
let fits = 0;
while (
  policyLength(preventionPolicyDocument(Array.from({ length: fits + 1 }, (_, i) => principal(i)))) <=
  MAX_SCP_LENGTH
) {
  fits++;
}
console.log(
  `prevention SCP: ${policyLength(preventionPolicyDocument([]))} characters with no break-glass principal; ` +
    `holds ${fits} principals like ${principal(0)} within ${MAX_SCP_LENGTH}`,
);
