import * as path from 'node:path';
import {
  describeDeployment,
  TEMPLATE_BODY_LIMIT,
  TEMPLATE_FILES,
  TEMPLATE_URL_LIMIT,
  templateSizes,
} from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';

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
