import { CloudFormationClient, DescribeStackSetCommand } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STACKSET_NAMES } from '@trailguard/central-stack/names';
import { type AppBuilder, synthesize } from '../../cdk/assembly';
import { type CdkCli, cdkDeployArguments } from '../../cdk/cli';
import type { CommandContext } from '../../context';
import { walkOrganization } from '../../organization';
import { plural } from '../../output';
import { UsageError } from '../../run-command';
import type { StackInstanceFact } from '../coverage/coverage';
import { listStackInstances } from '../coverage/stack-instances';
import { computeOnlinePlan } from '../plan';
import {
  memberTemplateLocation,
  publishBody,
  publishTemplate,
  type TemplateLocation,
  updateCanaryInstances,
  waitForOperation,
} from './canary-update';
import { renderFailures, unsuccessfulInstances } from './instances';

/** The canary OU and what it should end up with. */
export interface CanaryTarget {
  readonly ou: string;
  readonly name: string;
  /** Its active accounts that TrailGuard protects, each in every configured region. */
  readonly expected: ReadonlyArray<{ readonly account: string; readonly region: string }>;
  /** Whether the OU is itself one of organizationalUnits (rather than nested in one). */
  readonly listed: boolean;
}

/** What the canary stage needs besides the context. */
export interface CanaryOptions {
  readonly outdir: string;
  readonly buildApp?: AppBuilder;
  readonly runCdk: CdkCli;
  readonly env: NodeJS.ProcessEnv;
  readonly timing: { readonly intervalMs: number; readonly timeoutMs: number };
}

/**
 * Finds the canary OU and its accounts, and checks it lies under the configured OUs and has an
 * account to try the rollout on; anything else is bad input (exit 2).
 */
export async function resolveCanary(ctx: CommandContext<unknown>, ou: string): Promise<CanaryTarget> {
  const organizations = ctx.clients.client(OrganizationsClient, 'us-east-1');
  const [plan, tree] = await Promise.all([
    computeOnlinePlan(ctx.config, ctx.clients, ctx.progress),
    walkOrganization(organizations, [ou]),
  ]).finally(() => ctx.progress.done());
  const name = tree.targets[0]?.name;
  if (name === undefined) throw new UsageError(`the canary OU ${ou} was not found in the organization`);
  const planned = new Map((plan.accounts ?? []).map((a) => [a.id, a]));
  const outside = tree.accounts.filter((a) => !planned.has(a.id));
  if (outside.length) {
    throw new UsageError(
      `the canary OU ${ou} (${name}) is not under organizationalUnits: ${plural(outside.length, 'account')} of it, such as ${outside[0]?.id}, would get no member stack`,
    );
  }
  const accounts = tree.accounts.filter((a) => planned.get(a.id)?.disposition === 'protected');
  if (accounts.length === 0) {
    throw new UsageError(
      `the canary OU ${ou} (${name}) has no active account TrailGuard protects to try the rollout on`,
    );
  }
  return {
    ou,
    name,
    expected: accounts.flatMap((a) => ctx.config.regions.map((region) => ({ account: a.id, region }))),
    listed: ctx.config.organizationalUnits.includes(ou),
  };
}

interface MemberStackSet {
  readonly exists: boolean;
  /** The template it holds, to roll the canary back to. */
  readonly templateBody?: string;
  readonly parameterKeys: readonly string[];
  readonly instances: readonly StackInstanceFact[];
}

async function readMemberStackSet(ctx: CommandContext<unknown>): Promise<MemberStackSet> {
  const cloudformation = ctx.clients.client(CloudFormationClient, ctx.config.homeRegion);
  const callAs = ctx.config.stackSet.callAs;
  try {
    const { StackSet } = await cloudformation.send(
      new DescribeStackSetCommand({ StackSetName: STACKSET_NAMES.members, CallAs: callAs }),
    );
    if (!StackSet || StackSet.Status === 'DELETED')
      return { exists: false, parameterKeys: [], instances: [] };
    return {
      exists: true,
      ...(StackSet.TemplateBody ? { templateBody: StackSet.TemplateBody } : {}),
      parameterKeys: (StackSet.Parameters ?? []).flatMap((p) => p.ParameterKey ?? []),
      instances: await listStackInstances(cloudformation, STACKSET_NAMES.members, callAs),
    };
  } catch (error) {
    if (error instanceof Error && error.name === 'StackSetNotFoundException') {
      return { exists: false, parameterKeys: [], instances: [] };
    }
    throw error;
  }
}

/** First rollout: the whole parent stack, with the member StackSet narrowed to the canary OU. */
async function deployNarrowed(ctx: CommandContext<unknown>, canary: CanaryTarget, options: CanaryOptions) {
  const outdir = `${options.outdir}.canary`;
  ctx.note(`\nSynthesizing the canary stage into ${outdir}…`);
  synthesize(ctx.config, outdir, options.buildApp, { memberOrganizationalUnits: [canary.ou] });
  if (!canary.listed) {
    ctx.print(
      `Note: ${canary.ou} is nested in a configured OU. When the full targets follow, CloudFormation deletes its stack\n` +
        'instances and creates them again through the configured OU (a few minutes without TrailGuard there; the log\n' +
        'groups stay). A canary OU listed in organizationalUnits avoids that.',
    );
  }
  const args = cdkDeployArguments(outdir);
  ctx.print(`\nStage 1 of 2, canary ${canary.ou} (${canary.name}): cdk ${args.join(' ')}\n`);
  const { status } = await options.runCdk(args, { env: options.env });
  return status === 0
    ? undefined
    : `cdk deploy of the canary stage exited ${status}; its events above say why`;
}

/** What the update stage did, so that it can be undone. */
interface CanaryUpdate {
  readonly problem?: string;
  readonly regions: readonly string[];
  readonly location: TemplateLocation;
}

/** Update: the new member template to the canary OU's instances only, through the StackSets API. */
async function updateCanary(
  ctx: CommandContext<unknown>,
  canary: CanaryTarget,
  members: MemberStackSet,
  options: CanaryOptions,
): Promise<CanaryUpdate> {
  const accounts = new Set(canary.expected.map((e) => e.account));
  const regions = [...new Set(members.instances.filter((i) => accounts.has(i.account)).map((i) => i.region))];
  if (regions.length === 0) {
    throw new UsageError(
      `the canary OU ${canary.ou} (${canary.name}) has no stack instance of ${STACKSET_NAMES.members} yet, so an update cannot be tried there first: pick an OU TrailGuard already covers, or deploy once without --canary`,
    );
  }
  const account = await ctx.clients.callerAccountId(ctx.config.homeRegion);
  const location = memberTemplateLocation(options.outdir, account, ctx.config.homeRegion);
  ctx.print(
    `\nStage 1 of 2, canary ${canary.ou} (${canary.name}): the new member template to its stack instances only\n` +
      `  (UpdateStackSet ${STACKSET_NAMES.members}, template s3://${location.bucket}/${location.key}, regions ${regions.join(', ')})`,
  );
  await publishTemplate(ctx, location);
  const problem = await updateAndWait(ctx, canary, members, regions, location.url, options);
  return { ...(problem ? { problem } : {}), regions, location };
}

async function updateAndWait(
  ctx: CommandContext<unknown>,
  canary: CanaryTarget,
  members: MemberStackSet,
  regions: readonly string[],
  templateUrl: string,
  options: CanaryOptions,
): Promise<string | undefined> {
  const operationId = await updateCanaryInstances(ctx, {
    templateUrl,
    canary: canary.ou,
    regions,
    parameterKeys: members.parameterKeys,
  });
  const operation = await waitForOperation(ctx, operationId, options.timing).finally(() =>
    ctx.progress.done(),
  );
  if (operation.status === 'SUCCEEDED') return undefined;
  return `the operation ${operationId} ended ${operation.status}${operation.reason ? `: ${operation.reason}` : ''}`;
}

/**
 * Puts the template deployed before back on the StackSet and the canary's instances, so that
 * nothing (new accounts enrolled meanwhile included) keeps the template that failed.
 */
async function rollBack(
  ctx: CommandContext<unknown>,
  canary: CanaryTarget,
  before: MemberStackSet,
  update: CanaryUpdate,
  options: CanaryOptions,
): Promise<string> {
  if (!before.templateBody) return 'The previous template could not be read: the StackSet keeps the new one.';
  ctx.print(`\nRolling the canary back to the previous template (UpdateStackSet ${STACKSET_NAMES.members})…`);
  try {
    const url = await publishBody(ctx, update.location, before.templateBody);
    const problem = await updateAndWait(ctx, canary, before, update.regions, url, options);
    return problem
      ? `The rollback did not succeed (${problem}): look at ${STACKSET_NAMES.members} in the CloudFormation console.`
      : `Rolled back: ${STACKSET_NAMES.members} and the canary's stack instances have the previous template again.`;
  } catch (error) {
    return `The rollback failed (${error instanceof Error ? error.message : String(error)}): the StackSet keeps the new template.`;
  }
}

/**
 * Stage 1 of a staged rollout: the canary OU first, then a check that each of its account ×
 * region instances is CURRENT and SUCCEEDED. Resolves to true when the rest may follow; on a
 * failure it has said what failed, and nothing beyond the canary was changed.
 */
export async function runCanaryStage(
  ctx: CommandContext<unknown>,
  canary: CanaryTarget,
  options: CanaryOptions,
): Promise<boolean> {
  const before = await readMemberStackSet(ctx);
  const accounts = new Set(canary.expected.map((e) => e.account));
  const elsewhere = before.instances.filter((i) => !accounts.has(i.account));
  // Narrowing the targets of a StackSet that reaches further would delete the other instances.
  const update =
    before.exists && elsewhere.length > 0 ? await updateCanary(ctx, canary, before, options) : undefined;
  const problem = update ? update.problem : await deployNarrowed(ctx, canary, options);
  const after = await readMemberStackSet(ctx);
  const failures = unsuccessfulInstances(STACKSET_NAMES.members, canary.expected, after.instances);
  if (problem === undefined && failures.length === 0) {
    ctx.print(
      `\nCanary ${canary.ou} (${canary.name}) succeeded: ${plural(canary.expected.length, 'stack instance')} CURRENT and SUCCEEDED.`,
    );
    return true;
  }
  const lines = ['', `The canary ${canary.ou} (${canary.name}) failed${problem ? `: ${problem}` : '.'}`];
  if (failures.length) {
    lines.push(
      `${plural(failures.length, 'stack instance')} of ${canary.expected.length} did not succeed:`,
      renderFailures(failures),
    );
  }
  ctx.print(lines.join('\n'));
  const closing = update ? [await rollBack(ctx, canary, before, update, options)] : [];
  closing.push(
    update
      ? `Stopped after the canary: the other ${plural(elsewhere.length, 'stack instance')} were not changed.`
      : 'Stopped after the canary: no account outside it was changed.',
    `Fix the cause, then run \`pnpm run deploy --canary ${canary.ou}\` again.`,
  );
  ctx.print(closing.join('\n'));
  return false;
}
