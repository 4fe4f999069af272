import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { TrailGuardConfig } from '@trailguard/config';
import { describeDeployment, TEMPLATE_FILES } from './deployment';

/** CloudFormation accepts a template inline (TemplateBody) up to this many bytes; beyond, only by URL. */
export const TEMPLATE_BODY_LIMIT = 51_200;
/** CloudFormation's limit for a template passed by TemplateURL, as the StackSets here are. */
export const TEMPLATE_URL_LIMIT = 1_000_000;

/** Size of each synthesized template, in bytes, by file name. */
export function templateSizes(outdir: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const file of new Set(Object.values(TEMPLATE_FILES)))
    sizes[file] = statSync(path.join(outdir, file)).size;
  return sizes;
}

/** The readable plan `pnpm synth` prints: what goes where, from which template. */
export function renderPlan(config: TrailGuardConfig, outdir: string): string {
  const sizes = templateSizes(outdir);
  const lines = ['Deployment plan (one `cdk deploy` of the first stack creates everything else):', ''];
  describeDeployment(config).forEach((unit, index) => {
    const size = sizes[unit.templateFile] ?? 0;
    lines.push(`${index + 1}. ${unit.name} (${unit.kind})`);
    lines.push(`   to:       ${unit.targets}`);
    lines.push(`   regions:  ${unit.regions.join(', ')}`);
    lines.push(`   holds:    ${unit.contents}`);
    lines.push(
      `   template: ${path.join(outdir, unit.templateFile)} (${size.toLocaleString('en-US')} bytes)`,
    );
    lines.push('');
  });
  const member = sizes[TEMPLATE_FILES.member] ?? 0;
  lines.push(
    member <= TEMPLATE_BODY_LIMIT
      ? `Member template: ${member.toLocaleString('en-US')} bytes, within the ${TEMPLATE_BODY_LIMIT.toLocaleString('en-US')}-byte TemplateBody limit.`
      : `Member template: ${member.toLocaleString('en-US')} bytes, over the ${TEMPLATE_BODY_LIMIT.toLocaleString('en-US')}-byte TemplateBody limit; it travels by TemplateURL (limit ${TEMPLATE_URL_LIMIT.toLocaleString('en-US')}), which is why the management account's home region is CDK-bootstrapped.`,
  );
  return lines.join('\n');
}
