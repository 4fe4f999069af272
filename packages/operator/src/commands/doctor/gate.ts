import { allPassed, renderChecklist } from '../../checklist';
import { configurationWarnings } from '../../configuration-warnings';
import type { CommandContext } from '../../context';
import { runPreflight } from './preflight';

/**
 * The doctor's checks before a command changes anything: prints the checklist and answers
 * whether every check passed (when one failed, the command stops and says so).
 */
export async function passesPreflight(ctx: CommandContext<unknown>, command: string): Promise<boolean> {
  ctx.note(`Checking the prerequisites (as \`pnpm trailguard doctor\`) for ${ctx.configFile}…`);
  ctx.progress.update('Checking the organization…', true);
  const checks = await runPreflight(ctx.config, ctx.clients, ctx.configFile).finally(() =>
    ctx.progress.done(),
  );
  const warnings = configurationWarnings(ctx.config).map((w) => `\nwarning: ${w}`);
  ctx.print(`${renderChecklist(checks)}${warnings.join('')}`);
  if (allPassed(checks)) return true;
  ctx.print(`\nNothing was changed. Fix each ✗ above as shown, then run \`${command}\` again.`);
  return false;
}
