import { readFileSync, type Stats, statSync } from 'node:fs';
import * as path from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { isMap, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { ConfigError, ConfigFileNameError, type ConfigProblem, formatPath } from './errors';
import { type TrailGuardConfig, TrailGuardConfigSchema } from './schema';

/** The example configuration shipped with the project, used when TRAILGUARD_CONFIG is unset. */
export const DEFAULT_CONFIG_FILE = path.resolve(__dirname, '..', 'trailguard.yaml');

/**
 * The configuration file every command uses: the one named on the command line (`--config
 * FILE`, or what `flagName` calls it) when given, else `TRAILGUARD_CONFIG` when set, else the
 * default file. A relative name is relative to the directory the command was started from. An
 * empty name is a ConfigFileNameError: it never means the default file.
 */
export function configFilePath(
  env: NodeJS.ProcessEnv = process.env,
  flag?: string,
  flagName = '--config',
): string {
  if (flag === '') throw new ConfigFileNameError(flagName);
  if (flag === undefined && env.TRAILGUARD_CONFIG === '') throw new ConfigFileNameError('TRAILGUARD_CONFIG');
  const named = flag ?? env.TRAILGUARD_CONFIG;
  if (named === undefined) return DEFAULT_CONFIG_FILE;
  // pnpm runs package scripts from the package directory; INIT_CWD is where the user typed.
  return path.resolve(env.INIT_CWD ?? process.cwd(), named);
}

/** Validates an already-parsed configuration object, reporting every problem at once. */
export function parseConfig(input: unknown, file = '(inline)'): TrailGuardConfig {
  // reportInput: an issue without input is a missing key; with it, a value of the wrong type.
  const result = TrailGuardConfigSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new ConfigError(file, result.error.issues.flatMap(toProblems));
}

/** Reads, parses and validates a YAML configuration file. */
export function loadConfig(file = configFilePath()): TrailGuardConfig {
  const text = readConfigText(file);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
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

/** The file's text, or a ConfigError naming the file and what to do: never a bare EISDIR. */
function readConfigText(file: string): string {
  const problem = (message: string) => new ConfigError(file, [{ path: '(file)', message }]);
  const unreadable = (error: unknown) =>
    problem(
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'an error'}); check its permissions and those of its folders`,
    );
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    // A folder on the way that may not be searched (EACCES) is no missing file.
    if (!['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw unreadable(error);
    throw problem(
      'not found; create it from config/trailguard.yaml, or name the file to use with --config FILE or TRAILGUARD_CONFIG',
    );
  }
  if (stats.isDirectory())
    throw problem('is a directory, not a file; name the YAML file itself, such as config/trailguard.yaml');
  if (!stats.isFile())
    throw problem(
      'is not a regular file (a pipe, socket or device); name the YAML file itself, such as config/trailguard.yaml',
    );
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(error);
  }
}

/** How a YAML value reads to a person, for "got …" in messages. */
function kindOf(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value}"`;
  return `the ${typeof value} ${String(value)}`;
}

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  array: 'a list',
  object: 'a mapping of keys',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** A value of the wrong type: what was expected, what was found, and how to write it right. */
function wrongType(issue: z.core.$ZodIssueInvalidType): string {
  const custom = issue.message.startsWith('Invalid input') ? null : issue.message;
  // A schema's own message that already says what was found (account ids) is complete.
  if (custom?.includes('; got ')) return custom;
  const expected = custom ?? `expected ${EXPECTED_WORDS[issue.expected] ?? issue.expected}`;
  const got = kindOf(issue.input);
  if (issue.expected === 'string' && (typeof issue.input === 'number' || typeof issue.input === 'boolean'))
    return `${expected}; got ${got}, which YAML reads as a ${typeof issue.input}: write it in quotes, such as "${String(issue.input)}"`;
  if (issue.expected === 'array' && !Array.isArray(issue.input))
    return `${expected}; got ${got}, where a list belongs: write each item on its own line starting with "- "`;
  return `${expected}; got ${got}`;
}

/** The keys the schema allows at a path (for "did you mean"); empty when it cannot tell. */
function keysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = TrailGuardConfigSchema;
  for (const key of [...path, null]) {
    // Defaults, optionals and transforms wrap the object schema; unwrap them to reach its shape.
    while (schema && typeof schema === 'object' && !('shape' in schema)) {
      if ('unwrap' in schema) schema = (schema as { unwrap: () => unknown }).unwrap();
      else if ('in' in schema) schema = (schema as { in: unknown }).in;
      else break;
    }
    const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
    if (!shape) return [];
    if (key === null) return Object.keys(shape);
    schema = shape[String(key)];
  }
  return [];
}

function unknownKey(path: readonly PropertyKey[], key: string): string {
  const known = keysAt(path);
  const lower = key.toLowerCase();
  // A shortened key (failureTolerance) or a misspelt one (remediationMod, callas).
  const guess =
    known.find((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase())) ??
    (known.length > 0 ? closest(key, known) : null);
  if (
    guess &&
    (guess.toLowerCase().includes(lower) ||
      lower.includes(guess.toLowerCase()) ||
      distance(lower, guess.toLowerCase()) <= Math.max(2, Math.floor(guess.length / 4)))
  )
    return `unknown key; did you mean "${guess}"?`;
  return `unknown key; the keys allowed here are ${known.join(', ') || 'listed in config/trailguard.schema.json'}`;
}

/** The closest of `options` to a mistyped `given`, when it is close enough to be what was meant. */
function nearest(given: string, options: readonly string[]): string | null {
  if (options.length === 0) return null;
  const lower = given.toLowerCase();
  const guess = options.find((o) => o.toLowerCase() === lower) ?? closest(given, [...options]);
  const near = distance(lower, guess.toLowerCase()) <= Math.max(2, Math.floor(guess.length / 3));
  return near ? guess : null;
}

/** A value outside a fixed set (remediationMode, stackSet.callAs…): what was given, what is allowed. */
function notAnOption(issue: z.core.$ZodIssueInvalidValue): string {
  const options = issue.values.map(String);
  const given = typeof issue.input === 'string' ? `"${issue.input}"` : kindOf(issue.input);
  const guess = typeof issue.input === 'string' ? nearest(issue.input, options) : null;
  const meant = guess ? `; did you mean "${guess}"?` : '';
  // A schema's own message (regions, severities) keeps its words; the found value is added.
  if (!issue.message.startsWith('Invalid option'))
    return issue.message.includes(given) ? issue.message : `${issue.message}; got ${given}${meant}`;
  return `got ${given}; expected one of ${options.join(', ')}${meant}`;
}

function toProblems(issue: z.core.$ZodIssue): ConfigProblem[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: unknownKey(issue.path, key),
      }));
    case 'invalid_type':
      if (issue.input === undefined) {
        const detail = issue.message.startsWith('Invalid input') ? '' : `: ${issue.message}`;
        return [{ path: formatPath(issue.path), message: `is required${detail}` }];
      }
      return [{ path: formatPath(issue.path), message: wrongType(issue) }];
    case 'too_small':
    case 'too_big':
      return [{ path: formatPath(issue.path), message: `${issue.message}; got ${kindOf(issue.input)}` }];
    case 'invalid_union': {
      // A value that is one of the forms but wrong inside (an address with a bad minimumSeverity)
      // is reported as that form's problems, not as "matches no form".
      const near = issue.errors.filter(
        (branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      if (near.length === 1)
        return (near[0] ?? []).flatMap((i) => toProblems({ ...i, path: [...issue.path, ...i.path] }));
      return [{ path: formatPath(issue.path), message: `${issue.message}; got ${kindOf(issue.input)}` }];
    }
    case 'invalid_value':
      return [{ path: formatPath(issue.path), message: notAnOption(issue) }];
    case 'invalid_key':
      return [{ path: formatPath(issue.path), message: issue.issues.map((i) => i.message).join('; ') }];
    default:
      return [{ path: formatPath(issue.path), message: issue.message }];
  }
}
