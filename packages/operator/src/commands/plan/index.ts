import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../../aws-clients';
import { isMissingCredentials } from '../../aws-clients';
import { type CommandIo, createContext, numberFlag, parseFlags } from '../../context';
import { walkOrganization } from '../../organization';
import { renderJson } from '../../output';
import type { Progress } from '../../progress';
import { type DeploymentPlan, planOffline, planOnline } from './deployment-plan';
import { renderPlan } from './render';

export const PLAN_USAGE = `Usage: pnpm trailguard plan [--offline] [--json] [--concurrency N] [--endpoint-url URL]

Shows what goes where. With credentials of the management account, resolves the configured
OUs (nested OUs included) to the accounts × regions that receive a stack instance, and shows
excluded and suspended accounts as such; the management account is covered separately.
Without credentials (or with --offline), shows the plan from the configuration alone.`;

/** Walks the organization and computes the online plan, with progress on a terminal. */
export async function computeOnlinePlan(
  config: TrailGuardConfig,
  clients: AwsClients,
  progress: Progress,
  concurrency = 8,
): Promise<DeploymentPlan> {
  const tree = await walkOrganization(
    clients.client(OrganizationsClient, 'us-east-1'),
    config.organizationalUnits,
    {
      concurrency,
      onProgress: ({ units, accounts }) =>
        progress.update(`Walking the organization… ${units} OUs, ${accounts} accounts`),
    },
  );
  return planOnline(config, tree);
}

/** `trailguard plan`. */
export async function planCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseFlags(
    args,
    { json: { type: 'boolean' }, offline: { type: 'boolean' }, concurrency: { type: 'string' } },
    PLAN_USAGE,
  );
  if (values.help) {
    io.stdout(PLAN_USAGE);
    return 0;
  }
  const concurrency = numberFlag(values.concurrency, 'concurrency', 8, 1);
  const ctx = createContext(values, io);
  try {
    let plan: DeploymentPlan;
    if (values.offline) {
      plan = planOffline(ctx.config);
    } else {
      try {
        plan = await computeOnlinePlan(ctx.config, ctx.clients, ctx.progress, concurrency);
      } catch (error) {
        if (!isMissingCredentials(error)) throw error;
        ctx.note('No AWS credentials found: showing the plan from the configuration alone.');
        plan = planOffline(ctx.config);
      } finally {
        ctx.progress.done();
      }
    }
    ctx.print(values.json ? renderJson(plan) : renderPlan(plan));
    return 0;
  } finally {
    ctx.dispose();
  }
}
