import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../../aws-clients';
import { isMissingCredentials } from '../../aws-clients';
import type { AppBuilder } from '../../cdk/assembly';
import { type CommandContext, type CommandIo, createContext, numberFlag, parseFlags } from '../../context';
import { walkOrganization } from '../../organization';
import { renderJson } from '../../output';
import type { Progress } from '../../progress';
import { UsageError } from '../../run-command';
import type { UnitDiff } from '../../stackset-diff';
import { renderTrails, type TrailReport } from '../../trails';
import { computeDeploymentDiff, renderDeploymentDiff } from './deployment-diff';
import { type DeploymentPlan, planOffline, planOnline } from './deployment-plan';
import { renderPlan } from './render';
import { TRAIL_OPTIONS, TRAIL_USAGE, trailPairsOfPlan, trailReportFor } from './trails';

export const PLAN_USAGE = `Usage: pnpm trailguard plan [--offline] [--diff [--outdir DIR]] [--account-trails [--trail-role NAME]] [--json]
                             [--concurrency N] [--config FILE] [--endpoint-url URL]

Shows what goes where. With credentials of the management account, resolves the configured
OUs (nested OUs included) to the accounts × regions that receive a stack instance, and shows
excluded and suspended accounts as such; the management account is covered separately.
Without credentials (or with --offline), shows the plan from the configuration alone.
  --diff     also synthesize and compare each StackSet's template and parameters with what is
             deployed (DescribeStackSet): resources added, removed and changed, with IAM, SCP and
             function-environment changes called out and the stack instances each change reaches
  --outdir   with --diff, where the cloud assembly goes; by default a temporary directory
With credentials it also says which trail records each account × region (an organization trail,
the account's own, or none) and whether AWS Control Tower governs the organization:
${TRAIL_USAGE}
Exit status: 0 a plan, 1 the configuration does not fit the organization (an OU not found, a
security account outside the organization), 2 bad input.`;

/** What `plan` can be handed instead of the real app (tests). */
export interface PlanDeps {
  readonly buildApp?: AppBuilder;
}

/** Walks the organization and computes the online plan, with progress on a terminal. */
export async function computeOnlinePlan(
  config: TrailGuardConfig,
  clients: AwsClients,
  progress: Progress,
  concurrency = 8,
): Promise<DeploymentPlan> {
  const organizations = clients.client(OrganizationsClient, 'us-east-1');
  const tree = await walkOrganization(organizations, config.organizationalUnits, {
    concurrency,
    onProgress: ({ units, accounts }) =>
      progress.update(`Walking the organization… ${units} OUs, ${accounts} accounts`),
  });
  // The walk sees only the accounts under the OUs; the security account may be elsewhere.
  const underTargets = tree.accounts.some((a) => a.id === config.securityAccountId);
  return planOnline(config, tree, {
    securityAccountInOrganization: underTargets || (await isMember(organizations, config.securityAccountId)),
  });
}

async function isMember(organizations: OrganizationsClient, accountId: string): Promise<boolean> {
  try {
    await organizations.send(new DescribeAccountCommand({ AccountId: accountId }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'AccountNotFoundException') return false;
    throw error;
  }
}

/** `trailguard plan`. */
export async function planCommand(
  args: readonly string[],
  io: CommandIo,
  deps: PlanDeps = {},
): Promise<number> {
  const values = parseFlags(
    args,
    {
      json: { type: 'boolean' },
      offline: { type: 'boolean' },
      concurrency: { type: 'string' },
      diff: { type: 'boolean' },
      outdir: { type: 'string' },
      ...TRAIL_OPTIONS,
    },
    PLAN_USAGE,
  );
  if (values.help) {
    io.stdout(PLAN_USAGE);
    return 0;
  }
  if (values.diff && values.offline) {
    throw new UsageError('--diff compares with what is deployed, which needs credentials: drop --offline');
  }
  if (values.outdir !== undefined && !values.diff) throw new UsageError('--outdir goes with --diff');
  const concurrency = numberFlag(values.concurrency, 'concurrency', 8, 1);
  const ctx = createContext(values, io);
  try {
    const plan = await planFor(ctx, values.offline === true, values.diff === true, concurrency);
    const trails: TrailReport | undefined =
      plan.mode === 'online'
        ? await trailReportFor(ctx, trailPairsOfPlan(plan), values, concurrency)
        : undefined;
    const diffs = values.diff ? await diffFor(ctx, plan, values.outdir, deps) : undefined;
    if (values.json)
      ctx.print(renderJson({ ...plan, ...(trails ? { trails } : {}), ...(diffs ? { diff: diffs } : {}) }));
    else {
      const parts = [
        renderPlan(plan),
        ...(trails ? [renderTrails(trails)] : []),
        ...(diffs ? [renderDeploymentDiff(diffs)] : []),
      ];
      ctx.print(parts.join('\n\n'));
    }
    return plan.errors?.length ? 1 : 0;
  } finally {
    ctx.dispose();
  }
}

async function planFor(
  ctx: CommandContext<unknown>,
  offline: boolean,
  needsCredentials: boolean,
  concurrency: number,
): Promise<DeploymentPlan> {
  if (offline) return planOffline(ctx.config);
  try {
    return await computeOnlinePlan(ctx.config, ctx.clients, ctx.progress, concurrency);
  } catch (error) {
    if (needsCredentials || !isMissingCredentials(error)) throw error;
    ctx.note('No AWS credentials found: showing the plan from the configuration alone.');
    return planOffline(ctx.config);
  } finally {
    ctx.progress.done();
  }
}

/** Synthesizes (into `outdir`, or a temporary directory removed afterwards) and compares. */
async function diffFor(
  ctx: CommandContext<unknown>,
  plan: DeploymentPlan,
  outdirFlag: string | undefined,
  deps: PlanDeps,
): Promise<UnitDiff[]> {
  // aws-cdk-lib (a second to load) loads only for --diff: the plain plan stays quick.
  const { resolveOutdir, synthesize } = require('../../cdk/assembly') as typeof import('../../cdk/assembly');
  const scratch = outdirFlag === undefined ? mkdtempSync(path.join(tmpdir(), 'trailguard-plan-')) : undefined;
  const outdir = scratch ? path.join(scratch, 'cdk.out') : resolveOutdir(outdirFlag);
  try {
    ctx.note(`Synthesizing into ${outdir}…`);
    synthesize(ctx.config, outdir, deps.buildApp);
    return await computeDeploymentDiff(ctx, outdir, plan);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
