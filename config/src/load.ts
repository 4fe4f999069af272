import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { ConfigError, type ConfigProblem, formatPath } from './errors';
import { type TrailGuardConfig, TrailGuardConfigSchema } from './schema';

/** The example configuration shipped with the project, used when TRAILGUARD_CONFIG is unset. */
export const DEFAULT_CONFIG_FILE = path.resolve(__dirname, '..', 'trailguard.yaml');

/**
 * The configuration file every command uses: `TRAILGUARD_CONFIG` when set (relative to the
 * directory the command was started from), the default file otherwise.
 */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.TRAILGUARD_CONFIG;
  if (!named) return DEFAULT_CONFIG_FILE;
  // pnpm runs package scripts from the package directory; INIT_CWD is where the user typed.
  return path.resolve(env.INIT_CWD ?? process.cwd(), named);
}

/** Validates an already-parsed configuration object, reporting every problem at once. */
export function parseConfig(input: unknown, file = '(inline)'): TrailGuardConfig {
  const result = TrailGuardConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(file, result.error.issues.flatMap(toProblems));
}

/** Reads, parses and validates a YAML configuration file. */
export function loadConfig(file = configFilePath()): TrailGuardConfig {
  if (!existsSync(file)) {
    throw new ConfigError(file, [
      {
        path: '(file)',
        message:
          'not found; create it from config/trailguard.yaml or set TRAILGUARD_CONFIG to the file to use',
      },
    ]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((e) => {
        const at = e.linePos?.[0];
        return {
          path: at ? `line ${at.line}, column ${at.col}` : '(file)',
          message: `not valid YAML: ${e.message.split('\n')[0]}`,
        };
      }),
    );
  }
  if (!isMap(document.contents)) {
    throw new ConfigError(file, [
      { path: '(top level)', message: 'expected a YAML mapping of keys such as organizationId' },
    ]);
  }
  return parseConfig(document.toJS(), file);
}

function toProblems(issue: z.core.$ZodIssue): ConfigProblem[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: 'unknown key; check its spelling against config/trailguard.schema.json',
      }));
    case 'invalid_type':
      if (issue.input === undefined) {
        const detail = issue.message.startsWith('Invalid input') ? '' : `: ${issue.message}`;
        return [{ path: formatPath(issue.path), message: `is required${detail}` }];
      }
      return [{ path: formatPath(issue.path), message: issue.message }];
    case 'invalid_key':
      return [{ path: formatPath(issue.path), message: issue.issues.map((i) => i.message).join('; ') }];
    default:
      return [{ path: formatPath(issue.path), message: issue.message }];
  }
}
