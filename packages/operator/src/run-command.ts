import { ConfigError, ConfigFileNameError } from '@trailguard/config';

/** Input the user must correct (a bad flag or argument); exits with status 2 like a bad config. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs a command's main function with the exit statuses every TrailGuard command shares:
 * 0 success, 1 a failed step or check, 2 bad input (configuration or arguments). Users see a
 * message, never a stack trace, unless TRAILGUARD_DEBUG is set.
 */
export function runCommand(main: () => Promise<number | undefined> | number | undefined): void {
  Promise.resolve()
    .then(main)
    .then(
      (status) => {
        process.exitCode = status ?? 0;
      },
      (error: unknown) => {
        if (error instanceof ConfigError) {
          console.error(`Invalid configuration in ${error.message}`);
          process.exitCode = 2;
          return;
        }
        if (error instanceof UsageError || error instanceof ConfigFileNameError) {
          console.error(error.message);
          process.exitCode = 2;
          return;
        }
        console.error(error instanceof Error ? `Error: ${error.message}` : `Error: ${String(error)}`);
        if (process.env.TRAILGUARD_DEBUG && error instanceof Error) console.error(error.stack);
        process.exitCode = 1;
      },
    );
}
