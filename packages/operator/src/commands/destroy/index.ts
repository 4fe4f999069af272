import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PARENT_STACK_ID, TEMPLATE_FILES } from '@trailguard/central-stack/names';
import { type AppBuilder, resolveOutdir, synthesize } from '../../cdk/assembly';
import { type CdkCli, cdkDestroyArguments, runCdkCli } from '../../cdk/cli';
import { confirm, requireWayToConfirm } from '../../consent';
import { type CommandContext, type CommandIo, configOptionHelp, parseFlags } from '../../context';
import { runAfterPreflight } from '../doctor/gate';
import { type Inventory, isEmpty, readInventory } from './inventory';
import {
  type ParentTemplate,
  renderLeftovers,
  renderRemovalPlan,
  renderWhatStays,
  stackSetDeletionWaves,
} from './removal';

export const DESTROY_USAGE = `Usage: pnpm run destroy [--yes] [--outdir DIR] [--config FILE]

Removes everything \`pnpm run deploy\` created: runs the checks of \`pnpm trailguard doctor\`, shows
what is deployed and the order it goes in (each StackSet's stack instances, then the StackSet,
then the stack TrailGuard), asks, and runs \`cdk destroy\`. Afterwards it checks that nothing is
left, and says what stays on purpose (the notification topic's KMS key) and how to remove it.
  --yes      remove without asking (pipelines); without a terminal, destroy refuses to run without it
  --outdir   where the cloud assembly goes; by default cdk.out at the repository root
${configOptionHelp(13)}
Exit status: 0 removed or nothing deployed, 1 a check failed, the answer was no, or something is
left (each with how to remove it), 2 bad input (or no terminal to ask on, without --yes).`;

/** What `destroy` can be handed instead of the real app and CLI. */
export interface DestroyDeps {
  readonly buildApp?: AppBuilder;
  readonly runCdk?: CdkCli;
}

/** `pnpm run destroy`. */
export async function destroyCommand(
  args: readonly string[],
  io: CommandIo,
  deps: DestroyDeps = {},
): Promise<number> {
  const values = parseFlags(
    args,
    { yes: { type: 'boolean', short: 'y' }, outdir: { type: 'string' } },
    DESTROY_USAGE,
  );
  if (values.help) {
    io.stdout(DESTROY_USAGE);
    return 0;
  }
  const yes = values.yes === true;
  requireWayToConfirm(io, yes, 'pnpm run destroy');
  return runAfterPreflight(values, io, 'pnpm run destroy', (ctx) =>
    removeAfterAsking(ctx, deps, values.outdir, yes),
  );
}

/** Shows what is deployed and the order it goes in, asks (unless `yes`), and removes it. */
async function removeAfterAsking(
  ctx: CommandContext<unknown>,
  deps: DestroyDeps,
  outdirFlag: string | undefined,
  yes: boolean,
): Promise<number> {
  const before = await inventory(ctx);
  if (isEmpty(before)) {
    ctx.print(
      `\nNothing to remove: no stack ${PARENT_STACK_ID} and no TrailGuard StackSet in ${ctx.config.homeRegion}.`,
    );
    return 0;
  }
  if (!before.parentStack) {
    ctx.print(`\n${renderLeftovers(before, ctx.config)}`);
    return 1;
  }
  const outdir = resolveOutdir(outdirFlag);
  ctx.note(`\nSynthesizing into ${outdir}…`);
  synthesize(ctx.config, outdir, deps.buildApp);
  const waves = stackSetDeletionWaves(readParentTemplate(outdir));
  ctx.print(`\n${renderRemovalPlan(before, waves, ctx.config)}\n\n${renderWhatStays(ctx.config)}`);
  if (!yes && !(await confirm(ctx.io, '\nRemove TrailGuard from the organization?'))) {
    ctx.print('Nothing was removed.');
    return 1;
  }
  return destroyAndCheck(ctx, deps.runCdk ?? runCdkCli, outdir);
}

async function inventory(ctx: CommandContext<unknown>): Promise<Inventory> {
  ctx.progress.update('Reading what is deployed…', true);
  return readInventory(ctx.config, ctx.clients).finally(() => ctx.progress.done());
}

function readParentTemplate(outdir: string): ParentTemplate {
  const file = path.join(outdir, TEMPLATE_FILES.parent);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ParentTemplate;
  } catch {
    // An app without TrailGuard's parent template (a stand-in) has no StackSets to order.
    return { Resources: {} };
  }
}

async function destroyAndCheck(
  ctx: CommandContext<unknown>,
  runCdk: CdkCli,
  outdir: string,
): Promise<number> {
  const args = cdkDestroyArguments(outdir);
  ctx.print(`\nRemoving: cdk ${args.join(' ')}\n`);
  const { status } = await runCdk(args, ctx.endpoint ? { env: { AWS_ENDPOINT_URL: ctx.endpoint } } : {});
  const after = await inventory(ctx);
  if (isEmpty(after)) {
    ctx.print(
      '\nRemoved: the stack TrailGuard and every StackSet it created are gone. What stays is listed above.',
    );
    return 0;
  }
  if (status !== 0)
    ctx.print(`\ncdk destroy failed (exit ${status}); its events above name the resource and the reason.`);
  ctx.print(`\n${renderLeftovers(after, ctx.config)}`);
  return 1;
}
