import { type CommandIo, createContext, numberFlag, parseFlags } from '../../context';
import { renderJson } from '../../output';
import { renderTrails } from '../../trails';
import { computeOnlinePlan } from '../plan';
import { TRAIL_OPTIONS, TRAIL_USAGE, trailReportFor } from '../plan/trails';
import { fullyCovered } from './coverage';
import { renderCoverage } from './render';
import { readCoverage } from './stack-instances';
import { trailPairsOfCoverage } from './trail-pairs';

export const COVERAGE_USAGE = `Usage: pnpm trailguard coverage [--all] [--json] [--concurrency N] [--account-trails [--trail-role NAME]]
                                 [--config FILE] [--endpoint-url URL]

After a deployment: the plan (every account × region that should have TrailGuard) against the
stack instances of the member StackSet and the management account's stacks. Each account ×
region is protected, missing, failed or outdated; --all lists the protected ones too. The
central topic and bus is shown on its own line (it is not an account × region of its own):
unconfirmed (a gap) while an e-mail subscription awaits its recipient's confirmation. The
coverage line counts the gaps (--json: summary.gaps, summary.unconfirmedRecipients) and claims
no protection (0%) while no notice reaches anyone: no recipient confirmed, or no central stack.
Then the version each StackSet records beside this checkout's, and which trail records each
account × region (an organization trail, the account's own, or none):
${TRAIL_USAGE}
Exit status: 0 everything protected, 1 anything missing, failed or outdated, 2 bad input.`;

/** `trailguard coverage`. */
export async function coverageCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseFlags(
    args,
    {
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      concurrency: { type: 'string' },
      ...TRAIL_OPTIONS,
    },
    COVERAGE_USAGE,
  );
  if (values.help) {
    io.stdout(COVERAGE_USAGE);
    return 0;
  }
  const concurrency = numberFlag(values.concurrency, 'concurrency', 8, 1);
  const ctx = createContext(values, io);
  try {
    const report = await (async () => {
      const plan = await computeOnlinePlan(ctx.config, ctx.clients, ctx.progress, concurrency);
      return readCoverage(ctx.config, plan, ctx.clients, (message, phaseStart) =>
        ctx.progress.update(message, phaseStart),
      );
    })().finally(() => ctx.progress.done());
    const trails = await trailReportFor(ctx, trailPairsOfCoverage(report), values, concurrency);
    ctx.print(
      values.json
        ? renderJson({ ...report, trails })
        : `${renderCoverage(report, values.all === true)}\n\n${renderTrails(trails)}`,
    );
    return fullyCovered(report) ? 0 : 1;
  } finally {
    ctx.dispose();
  }
}
