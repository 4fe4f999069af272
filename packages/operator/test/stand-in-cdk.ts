// A stand-in for the CDK CLI against the emulator, which has no AWS::CloudFormation::StackSet
// resource: `cdk diff` reports a change to the member StackSet; `cdk deploy` of an assembly
// creates its member StackSet and the stack instances its parent template targets, as the
// resource would. The canary tests run it in their own process (canary-kit.ts) and, for the
// commands run as processes, as the executable fixtures/stand-in-cdk (TRAILGUARD_CDK_CLI).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  type CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import type { CdkRun } from '../src/cdk/cli';

export const CDK_DIFF_OUTPUT = [
  'Stack TrailGuard',
  'Resources',
  '[~] AWS::CloudFormation::StackSet MemberStackSet MemberStackSet57CC6A95',
  ' └─ [~] TemplateURL',
  '',
  '✨  Number of stacks with differences: 1',
].join('\n');

export type ParentTemplate = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};

/**
 * One run of the stand-in with `args` as the CDK CLI gets them (`diff --app DIR`, `deploy --app
 * DIR …`), against `cloudformation` (the home region); only in `regions` when given.
 */
export async function runStandInCdk(
  args: readonly string[],
  cloudformation: CloudFormationClient,
  regions?: readonly string[],
): Promise<CdkRun> {
  if (args[0] === 'diff') return { status: 0, output: CDK_DIFF_OUTPUT };
  const outdir = args[2] ?? '';
  const parent = JSON.parse(
    readFileSync(path.join(outdir, 'TrailGuard.template.json'), 'utf8'),
  ) as ParentTemplate;
  const members = Object.values(parent.Resources).find(
    (r) => r.Properties.StackSetName === 'TrailGuard-Members',
  );
  const group = (
    (members?.Properties.StackInstancesGroup ?? []) as Array<{
      DeploymentTargets: { OrganizationalUnitIds: string[] };
      Regions: string[];
    }>
  )[0];
  await cloudformation
    .send(
      new CreateStackSetCommand({
        StackSetName: 'TrailGuard-Members',
        TemplateBody: readFileSync(
          path.join(outdir, 'TrailGuardMember832A2A41.stackset.template.json'),
          'utf8',
        ),
        PermissionModel: 'SERVICE_MANAGED',
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'NameAlreadyExistsException') throw error;
    });
  await cloudformation.send(
    new CreateStackInstancesCommand({
      StackSetName: 'TrailGuard-Members',
      DeploymentTargets: { OrganizationalUnitIds: group?.DeploymentTargets.OrganizationalUnitIds },
      Regions: regions ? [...regions] : group?.Regions,
    }),
  );
  return { status: 0, output: '' };
}
