import type { CommandIo } from './context';
import { UsageError } from './run-command';

/**
 * A command that changes things asks first, unless --yes; with no terminal to ask on (a
 * pipeline), it refuses at once rather than hang, as bad input (exit 2).
 */
export function requireWayToConfirm(io: CommandIo, yes: boolean, command: string): void {
  if (yes || io.ask) return;
  throw new UsageError(
    `${command} asks before it changes anything, and there is no terminal to ask on. ` +
      `Run \`${command} --yes\` to go ahead without asking (pipelines).`,
  );
}

/** Asks a yes/no question; only `y` or `yes` is yes. */
export async function confirm(io: CommandIo, question: string): Promise<boolean> {
  if (!io.ask) return false;
  const answer = await io.ask(`${question} [y/N] `);
  return /^\s*y(es)?\s*$/i.test(answer);
}
