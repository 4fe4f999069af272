import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { parseConfig, type TrailGuardConfig, type TrailGuardConfigInput } from '@trailguard/config';
import {
  buildOrganization,
  childProcessEnv,
  EMULATOR_DEFAULT_ACCOUNT,
  type Emulator,
  REPO_ROOT,
  scratchDir,
  type TestOrganization,
} from '@trailguard/test';
import { stringify } from 'yaml';
import { AwsClients, type AwsSettings } from '../src/aws-clients';
import { emulateCdkBootstrap } from '../src/commands/demo/emulated-bootstrap';
import { STACKSETS_SERVICE_PRINCIPAL } from '../src/commands/doctor/facts';
import type { CommandIo } from '../src/context';
import { UsageError } from '../src/run-command';
import { callsWithCallerCredentials } from './caller-calls';
import { recordCalls } from './deployer-calls';

export const REGIONS = ['eu-west-1', 'us-east-1'] as const;

/** The organization most operator tests use: a security account and members in two OUs. */
export async function standardOrganization(emulator: Emulator): Promise<TestOrganization> {
  return buildOrganization(emulator, {
    Security: ['security'],
    Workloads: ['app1', 'app2'],
    Sandbox: ['play'],
  });
}

/**
 * What `pnpm run deploy` needs, done the way an operator would: trusted access, service control
 * policies on the root (for prevention) and the bootstrap.
 */
export async function prepareForDeployment(
  emulator: Emulator,
  regions: readonly string[] = REGIONS,
): Promise<void> {
  const organizations = await emulator.client(OrganizationsClient);
  await organizations.send(
    new EnableAWSServiceAccessCommand({ ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL }),
  );
  const { Roots } = await organizations.send(new ListRootsCommand({}));
  const root = Roots?.[0];
  if (!root?.PolicyTypes?.some((t) => t.Type === 'SERVICE_CONTROL_POLICY')) {
    await organizations.send(
      new EnablePolicyTypeCommand({ RootId: root?.Id, PolicyType: 'SERVICE_CONTROL_POLICY' }),
    );
  }
  organizations.destroy();
  for (const region of regions) await emulateCdkBootstrap(emulator, region);
}

export { grantBeyondDeployerPolicy } from './caller-calls';

/** The configuration most operator tests use, as its input, with `overrides` (what writeConfig writes). */
export function configInput(
  org: TestOrganization,
  overrides: Partial<TrailGuardConfigInput> = {},
): TrailGuardConfigInput {
  return {
    organizationId: org.organizationId,
    organizationRootId: org.rootId,
    managementAccountId: org.managementAccountId,
    securityAccountId: org.accounts.security ?? '',
    homeRegion: 'eu-west-1',
    organizationalUnits: [org.ous.Security ?? '', org.ous.Workloads ?? '', org.ous.Sandbox ?? ''],
    regions: [...REGIONS],
    notificationEmails: ['security@example.com'],
    ...overrides,
  };
}

/** The same configuration parsed, as a command holds it once loaded (defaults applied). */
export function standardConfig(
  org: TestOrganization,
  overrides: Partial<TrailGuardConfigInput> = {},
): TrailGuardConfig {
  return parseConfig(configInput(org, overrides));
}

/** A configuration for the emulated organization, written to a temporary file. */
export function writeConfig(org: TestOrganization, overrides: Partial<TrailGuardConfigInput> = {}): string {
  const file = path.join(scratchDir('trailguard-op-'), 'trailguard.yaml');
  writeFileSync(file, stringify(configInput(org, overrides)));
  return file;
}

/** A cloud assembly directory of its own, removed after the file's tests. */
export function newOutdir(): string {
  return path.join(scratchDir('trailguard-cdk-'), 'cdk.out');
}

/**
 * Clients of the emulator's management account (the default account), counted like the CLI's;
 * `decorate` sees every client made (to record or alter its requests). Their calls are recorded
 * for the deployer-policy.json check above.
 */
export async function managementClients(
  emulator: Emulator,
  account?: string,
  decorate?: AwsSettings['decorate'],
): Promise<AwsClients> {
  const record = recordCalls(callsWithCallerCredentials, account ?? EMULATOR_DEFAULT_ACCOUNT);
  return new AwsClients({
    endpoint: emulator.endpoint,
    credentials: await emulator.credentials(account),
    maxAttempts: 2,
    decorate: (client, identity) => {
      record(client, identity);
      decorate?.(client, identity);
    },
  });
}

/**
 * The standard organization prepared for a deployment (see prepareForDeployment), its
 * configuration file (with `config` overrides) and clients of its management account.
 */
export async function organizationReadyToDeploy(
  emulator: Emulator,
  options: { config?: Partial<TrailGuardConfigInput>; decorate?: AwsSettings['decorate'] } = {},
) {
  const org = await standardOrganization(emulator);
  await prepareForDeployment(emulator);
  const configFile = writeConfig(org, options.config);
  const clients = await managementClients(emulator, undefined, options.decorate);
  return { org, configFile, clients };
}

/**
 * An in-memory terminal for running a command in-process. With `answers`, it is a terminal a
 * person answers questions on, in that order (`asked()` lists the questions).
 */
export function captureIo(clients: AwsClients, isTTY = false, signal?: AbortSignal, answers?: string[]) {
  let out = '';
  let err = '';
  const questions: string[] = [];
  const io: CommandIo = {
    stdout: (text) => {
      out += `${text}\n`;
    },
    stderr: {
      isTTY,
      write: (text: string) => {
        err += text;
        return true;
      },
    },
    clients,
    signal,
    ...(answers
      ? {
          ask: async (question: string) => {
            questions.push(question);
            return answers.shift() ?? '';
          },
        }
      : {}),
  };
  return { io, out: () => out, err: () => err, asked: () => questions };
}

/**
 * A stack named like TrailGuard's parent stack, created in the emulator's management account
 * and home region, standing in for the real one (the emulator has no AWS::CloudFormation::StackSet).
 */
export async function createStandInParentStack(emulator: Emulator, templateBody?: string): Promise<void> {
  const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
  try {
    await cloudformation.send(
      new CreateStackCommand({
        StackName: 'TrailGuard',
        TemplateBody:
          templateBody ??
          JSON.stringify({ Resources: { Marker: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } }),
      }),
    );
  } finally {
    cloudformation.destroy();
  }
}

/** The parent stack's status in the emulator, or undefined once it is gone. */
export async function parentStackStatus(emulator: Emulator): Promise<string | undefined> {
  const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
  try {
    const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: 'TrailGuard' }));
    return Stacks?.[0]?.StackStatus;
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    throw error;
  } finally {
    cloudformation.destroy();
  }
}

/** Runs a command with TRAILGUARD_CONFIG pointing at `configFile`, as runCommand would map errors. */
export async function runWithConfig(configFile: string, run: () => Promise<number>): Promise<number> {
  const previous = process.env.TRAILGUARD_CONFIG;
  process.env.TRAILGUARD_CONFIG = configFile;
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError) return 2;
    throw error;
  } finally {
    if (previous === undefined) delete process.env.TRAILGUARD_CONFIG;
    else process.env.TRAILGUARD_CONFIG = previous;
  }
}

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

/** The environment of a CLI process pointed at the emulator, as the management account. */
export function emulatorEnv(emulator: Emulator, configFile: string): NodeJS.ProcessEnv {
  return {
    ...childProcessEnv(),
    HOME: scratchDir('trailguard-home-'),
    TRAILGUARD_CONFIG: configFile,
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // The CDK CLI run by deploy and destroy: no telemetry or notices fetched from the internet.
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
}

/** The environment with a temp folder of its own (TMPDIR), to see what a command leaves there. */
export function withOwnTemp(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, TMPDIR: scratchDir('trailguard-tmp-') };
}

/** What a run left in its TMPDIR, besides tsx's transform cache (shared by every run, kept on purpose). */
export function leftInTemp(env: NodeJS.ProcessEnv): string[] {
  return readdirSync(env.TMPDIR ?? '').filter((f) => !/^tsx-\d+$/.test(f));
}

/**
 * Runs a TypeScript entry point of the repository as a real process (tsx), asynchronously;
 * `as` runs it as another user (the tests running as root use one whom file modes bind).
 */
export function runEntry(
  entry: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
  as: { uid?: number; gid?: number } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(REPO_ROOT, entry), ...args], { cwd: REPO_ROOT, env, ...as });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** `pnpm trailguard …` as a real process. */
export function runTrailguardCli(args: readonly string[], env: NodeJS.ProcessEnv) {
  return runEntry('packages/operator/src/bin/trailguard.ts', args, env);
}
