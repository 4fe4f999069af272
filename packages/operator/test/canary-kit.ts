import { CloudFormationClient, DescribeStackSetCommand } from '@aws-sdk/client-cloudformation';
import type { Emulator } from '@trailguard/test';
import type { CdkCli } from '../src/cdk/cli';
import { deployCommand } from '../src/commands/deploy';
import type { CommandIo } from '../src/context';
import { quickApp } from './deployed-version';
import { organizationReadyToDeploy, runWithConfig } from './kit';
import { runStandInCdk } from './stand-in-cdk';

export { CDK_DIFF_OUTPUT, type ParentTemplate } from './stand-in-cdk';

// What the staged-rollout tests share: a recorder of requests, a stand-in for the CDK CLI and
// CloudFormation's StackSet resource, which the emulator lacks, and a prepared organization.

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

/**
 * The CDK CLI with CloudFormation standing in for what the emulator lacks (see stand-in-cdk.ts),
 * in this process; only in `regions`, to play an operation that failed elsewhere. Every run is
 * recorded.
 */
export function standInCdk(emulator: Emulator, runs: string[][], regions?: readonly string[]): CdkCli {
  return async (args) => {
    runs.push([...args]);
    const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
    try {
      return await runStandInCdk(args, cloudformation, regions);
    } finally {
      cloudformation.destroy();
    }
  };
}
