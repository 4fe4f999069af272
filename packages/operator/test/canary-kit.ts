import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import type { TrailGuardConfigInput } from '@trailguard/config';
import { type Emulator, scratchDir, type TestOrganization } from '@trailguard/test';
import { AwsClients } from '../src/aws-clients';
import type { CdkCli } from '../src/cdk/cli';

// What the staged-rollout tests share: a recorder of requests, a stand-in for the CDK CLI and
// CloudFormation's StackSet resource, which the emulator lacks, and the test configuration.

export const CDK_DIFF_OUTPUT = [
  'Stack TrailGuard',
  'Resources',
  '[~] AWS::CloudFormation::StackSet MemberStackSet MemberStackSet57CC6A95',
  ' └─ [~] TemplateURL',
  '',
  '✨  Number of stacks with differences: 1',
].join('\n');

/** A cloud assembly directory of its own, removed after the file's tests. */
export function newOutdir(): string {
  return path.join(scratchDir('trailguard-canary-'), 'cdk.out');
}

/** Clients of the management account that also record every request's command and input. */
export async function recordingClients(emulator: Emulator) {
  const requests: Array<{ command: string; input: Record<string, unknown> }> = [];
  const clients = new AwsClients({
    endpoint: emulator.endpoint,
    credentials: await emulator.credentials(),
    maxAttempts: 2,
    decorate: (client) =>
      (client.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
        (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) =>
          async (args: { input: Record<string, unknown> }) => {
            requests.push({ command: context.commandName ?? '', input: args.input });
            return next(args);
          },
        { step: 'initialize', name: 'recordRequests' },
      ),
  });
  return { clients, requests };
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

export function configInput(org: TestOrganization, overrides: Partial<TrailGuardConfigInput> = {}) {
  return {
    organizationId: org.organizationId,
    organizationRootId: org.rootId,
    managementAccountId: org.managementAccountId,
    securityAccountId: org.accounts.security ?? '',
    homeRegion: 'eu-west-1',
    organizationalUnits: [org.ous.Security ?? '', org.ous.Workloads ?? '', org.ous.Sandbox ?? ''],
    regions: ['eu-west-1', 'us-east-1'],
    notificationEmails: ['security@example.com'],
    ...overrides,
  };
}
