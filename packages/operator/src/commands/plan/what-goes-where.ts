import * as path from 'node:path';
import type { DeploymentUnit } from '@trailguard/central-stack/names';

/** The synthesized templates, when the plan is printed after a synth. */
export interface SynthesizedTemplates {
  /** The cloud assembly directory. */
  readonly outdir: string;
  /** Template file name → size in bytes. */
  readonly sizes: Readonly<Record<string, number>>;
}

/**
 * What goes where, one numbered block per deployment unit (the parent stack, then each StackSet):
 * the one description both `pnpm synth` and `trailguard plan` print. The units come from
 * `describeDeployment`, which states what the CDK app does with the configuration.
 */
export function renderDeploymentUnits(
  units: readonly DeploymentUnit[],
  templates?: SynthesizedTemplates,
): string {
  return units
    .map((unit, index) => {
      const lines = [
        `${index + 1}. ${unit.name} (${unit.kind})`,
        `   to:       ${unit.targets}`,
        `   regions:  ${unit.regions.join(', ')}`,
        `   holds:    ${unit.contents}`,
      ];
      if (templates) {
        const size = templates.sizes[unit.templateFile] ?? 0;
        lines.push(
          `   template: ${path.join(templates.outdir, unit.templateFile)} (${size.toLocaleString('en-US')} bytes)`,
        );
      }
      return lines.join('\n');
    })
    .join('\n\n');
}
