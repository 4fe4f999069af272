import { allPassed, renderChecklist } from '../../checklist';
import { configurationWarnings } from '../../configuration-warnings';
import { type CommandIo, createContext, parseFlags } from '../../context';
import { renderJson } from '../../output';
import { runDeliveryChecks } from './delivery';
import { runPreflight } from './preflight';

export const DOCTOR_USAGE = `Usage: pnpm trailguard doctor [--json] [--config FILE] [--endpoint-url URL]

Checks everything a deployment needs: the caller is the management account (or, with
stackSet.callAs DELEGATED_ADMIN, a delegated administrator for StackSets); the organization and
root ids; all features; with prevention.enabled, service control policies enabled on the root;
trusted access for CloudFormation StackSets; every configured OU exists; the security account is
an active member; the home region is CDK-bootstrapped (version, bucket and roles); the regions
are enabled; the caller is allowed what deployer-policy.json lists (IAM policy simulator); once
deployed, every e-mail subscription is confirmed, the chat channel configuration is fed, and
Security Hub is enabled where findings go (read in the security account through
OrganizationAccountAccessRole) and aggregates them: every targeted account × region an enabled
member of the organization's Security Hub administrator (ListOrganizationAdminAccounts, then
ListMembers in that account through the same role). Prints ✓/✗ with the exact fix for each ✗, ! for a check that
could not decide (it does not fail); --json also lists the checks that do not apply.
Warns, without failing, when us-east-1 (where Organizations records its calls) is not among
regions. \`pnpm run deploy\` and \`pnpm run destroy\` run the same checks first.
Exit status: 0 all passed, 1 a check failed, 2 bad input.`;

/** `trailguard doctor`. */
export async function doctorCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseFlags(args, { json: { type: 'boolean' } }, DOCTOR_USAGE);
  if (values.help) {
    io.stdout(DOCTOR_USAGE);
    return 0;
  }
  const ctx = createContext(values, io);
  try {
    ctx.progress.update('Checking the organization…', true);
    const checks = await (async () => {
      const preflight = await runPreflight(ctx.config, ctx.clients, ctx.configFile);
      // Once deployed: whether incidents reach people (needs working credentials).
      if (preflight[0]?.status !== 'pass') return preflight;
      return [...preflight, ...(await runDeliveryChecks(ctx.config, ctx.clients, ctx.configFile))];
    })().finally(() => ctx.progress.done());
    // Warnings name what the configuration leaves unseen; they do not fail the doctor.
    const warnings = configurationWarnings(ctx.config);
    if (values.json) ctx.print(renderJson({ ok: allPassed(checks), checks, warnings }));
    else {
      const warned = warnings.map((w) => `\nwarning: ${w}`).join('');
      ctx.print(`TrailGuard doctor — ${ctx.configFile}\n\n${renderChecklist(checks)}${warned}`);
    }
    return allPassed(checks) ? 0 : 1;
  } finally {
    ctx.dispose();
  }
}
