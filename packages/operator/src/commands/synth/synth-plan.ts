import {
  describeDeployment,
  TEMPLATE_BODY_LIMIT,
  TEMPLATE_FILES,
  TEMPLATE_URL_LIMIT,
  templateSizes,
} from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import { renderDeploymentUnits } from '../plan/what-goes-where';

const bytes = (n: number) => n.toLocaleString('en-US');

/** The plan `pnpm synth` prints: what goes where (as `trailguard plan`), with each template and its size. */
export function renderSynthPlan(config: TrailGuardConfig, outdir: string): string {
  const sizes = templateSizes(outdir);
  const member = sizes[TEMPLATE_FILES.member] ?? 0;
  return [
    'Deployment plan (one `cdk deploy` of the first stack creates everything else):',
    '',
    renderDeploymentUnits(describeDeployment(config), { outdir, sizes }),
    '',
    member <= TEMPLATE_BODY_LIMIT
      ? `Member template: ${bytes(member)} bytes, within the ${bytes(TEMPLATE_BODY_LIMIT)}-byte TemplateBody limit.`
      : `Member template: ${bytes(member)} bytes, over the ${bytes(TEMPLATE_BODY_LIMIT)}-byte TemplateBody limit; it travels by TemplateURL (limit ${bytes(TEMPLATE_URL_LIMIT)}), which is why the home region of the account that deploys it is CDK-bootstrapped.`,
  ].join('\n');
}
