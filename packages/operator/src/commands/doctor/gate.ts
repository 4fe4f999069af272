import { allPassed, renderChecklist } from '../../checklist';
import { configurationWarnings } from '../../configuration-warnings';
import { type CommandContext, type CommandIo, createContext } from '../../context';
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

/**
 * Runs a command that changes the organization in a context of its own: the doctor's checks
 * first (exit 1 when one fails, nothing changed), then `body`; the context is disposed either way.
 */
export async function runAfterPreflight<V extends Parameters<typeof createContext>[0]>(
  values: V,
  io: CommandIo,
  command: string,
  body: (ctx: CommandContext<V>) => Promise<number>,
): Promise<number> {
  const ctx = createContext(values, io);
  try {
    if (!(await passesPreflight(ctx, command))) return 1;
    return await body(ctx);
  } finally {
    ctx.dispose();
  }
}
