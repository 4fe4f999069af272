import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import type { Emulator } from '@trailguard/test';
import type { CdkCli } from '../src/cdk/cli';
import { deployCommand } from '../src/commands/deploy';
import type { CommandIo } from '../src/context';
import { quickApp } from './deployed-version';
import { organizationReadyToDeploy, runWithConfig } from './kit';

// What the staged-rollout tests share: a recorder of requests, a stand-in for the CDK CLI and
// CloudFormation's StackSet resource, which the emulator lacks, and a prepared organization.

export const CDK_DIFF_OUTPUT = [
  'Stack TrailGuard',
  'Resources',
  '[~] AWS::CloudFormation::StackSet MemberStackSet MemberStackSet57CC6A95',
  ' └─ [~] TemplateURL',
  '',
  '✨  Number of stacks with differences: 1',
].join('\n');

/** How often and how long the canary stage polls, fast enough for the emulator. */
const FAST = { intervalMs: 10, timeoutMs: 10_000 };

/** A recorder of every request's command and input, for AwsSettings.decorate. */
function requestRecorder() {
  const requests: Array<{ command: string; input: Record<string, unknown> }> = [];
  const record = (client: { readonly middlewareStack: unknown }) =>
    (client.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) =>
        async (args: { input: Record<string, unknown> }) => {
          requests.push({ command: context.commandName ?? '', input: args.input });
          return next(args);
        },
      { step: 'initialize', name: 'recordRequests' },
    );
  return { requests, record };
}

/**
 * The standard organization prepared for a deployment, with management clients that record every
 * request, and `deploy`: `pnpm run deploy` with the stand-in CDK (recording its runs in `runs`;
 * the canary's instances succeed only in `regions`), polling fast, in the configuration file.
 */
export async function canaryWorld(emulator: Emulator) {
  const recorder = requestRecorder();
  const world = await organizationReadyToDeploy(emulator, { decorate: recorder.record });
  const runs: string[][] = [];
  const deploy = (
    args: readonly string[],
    io: CommandIo,
    options: { configFile?: string; regions?: readonly string[] } = {},
  ) =>
    runWithConfig(options.configFile ?? world.configFile, () =>
      deployCommand(args, io, {
        buildApp: quickApp,
        runCdk: standInCdk(emulator, runs, options.regions),
        canaryTiming: FAST,
      }),
    );
  return { ...world, requests: recorder.requests, runs, deploy };
}

/** The template of the member StackSet as CloudFormation holds it. */
export async function deployedMemberTemplate(emulator: Emulator): Promise<unknown> {
  const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
  try {
    const { StackSet } = await cloudformation.send(
      new DescribeStackSetCommand({ StackSetName: 'TrailGuard-Members' }),
    );
    return JSON.parse(StackSet?.TemplateBody ?? '{}');
  } finally {
    cloudformation.destroy();
  }
}

export type ParentTemplate = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};

/**
 * The CDK CLI with CloudFormation standing in for what the emulator lacks: `cdk diff` reports a
 * change; `cdk deploy` of an assembly creates its member StackSet and the instances its parent
 * template targets, as the AWS::CloudFormation::StackSet resource would (only in `regions`, to
 * play an operation that failed elsewhere). Every run is recorded.
 */
export function standInCdk(emulator: Emulator, runs: string[][], regions?: readonly string[]): CdkCli {
  return async (args) => {
    runs.push([...args]);
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
    const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
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
    cloudformation.destroy();
    return { status: 0, output: '' };
  };
}
