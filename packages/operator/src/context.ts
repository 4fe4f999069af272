import { parseArgs } from 'node:util';
import { configFilePath, loadConfig, type TrailGuardConfig } from '@trailguard/config';
import { AwsClients } from './aws-clients';
import { Progress, type ProgressStream } from './progress';
import { UsageError } from './run-command';
import { askOnTerminal } from './terminal';

/** Where a command writes, and what it may be handed instead of the real thing (tests). */
export interface CommandIo {
  /** Standard output, for results. */
  readonly stdout: (text: string) => void;
  /** Standard error, for progress and messages. */
  readonly stderr: ProgressStream;
  /** Clients to use instead of ones built from the flags and the environment. */
  readonly clients?: AwsClients;
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
  /** Asks the person at the terminal and resolves to the answer; absent without a terminal. */
  readonly ask?: (question: string) => Promise<string>;
}

/** The real terminal. */
export const PROCESS_IO: CommandIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: process.stderr,
  ...(process.stdin.isTTY ? { ask: askOnTerminal } : {}),
};

/** What every command gets once its arguments are parsed. */
export interface CommandContext<V> {
  readonly values: V;
  readonly config: TrailGuardConfig;
  readonly configFile: string;
  readonly clients: AwsClients;
  /** The endpoint of --endpoint-url, if given, for child processes (the CDK CLI) to use too. */
  readonly endpoint?: string;
  readonly progress: Progress;
  readonly io: CommandIo;
  readonly print: (text: string) => void;
  readonly note: (text: string) => void;
  /** Closes the clients this context made (not those handed in through `io`). */
  readonly dispose: () => void;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Flags every command understands. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
  'endpoint-url': { type: 'string' },
} as const satisfies OptionSpec;

/** What `parseFlags` returns: node's parsed values (named, as declaration files need a name). */
export type ParsedFlags<O extends OptionSpec> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: typeof COMMON_OPTIONS & O;
    strict: true;
    allowPositionals: boolean;
  }>
>['values'];

/**
 * The line a usage text ends its option list with, for --config of COMMON_OPTIONS, its text at
 * `column` as the other options' descriptions are.
 */
export function configOptionHelp(column: number): string {
  return `${'  --config'.padEnd(column)}the configuration file; by default TRAILGUARD_CONFIG, else config/trailguard.yaml`;
}

const HELP_FLAGS = new Set(['--help', '-h']);

/** Whether the arguments ask for help (before a `--` that ends the options). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => HELP_FLAGS.has(arg));
}

/**
 * Parses a command's flags and up to `maxPositionals` arguments; an unknown flag or a stray
 * argument is a UsageError (exit 2). `--help` anywhere wins over everything else, so that asking
 * for help never runs the command, whatever else is on the line.
 */
export function parseCommandLine<O extends OptionSpec>(
  args: readonly string[],
  options: O,
  usage: string,
  maxPositionals = 0,
): { values: ParsedFlags<O>; positionals: string[] } {
  if (asksForHelp(args)) return { values: { help: true } as unknown as ParsedFlags<O>, positionals: [] };
  let parsed: { values: ParsedFlags<O>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...COMMON_OPTIONS, ...options },
      strict: true,
      allowPositionals: maxPositionals > 0,
    }) as { values: ParsedFlags<O>; positionals: string[] };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"\n\n${usage}`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Parses a command's flags (no other arguments); see parseCommandLine. */
export function parseFlags<O extends OptionSpec>(
  args: readonly string[],
  options: O,
  usage: string,
): ParsedFlags<O> {
  return parseCommandLine(args, options, usage).values;
}

/** A positive number given as a flag, or the default. */
export function numberFlag(value: unknown, flag: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < min) {
    throw new UsageError(`--${flag} expects a number ≥ ${min}, got "${String(value)}"`);
  }
  return n;
}

/** The file of `--config`, when given. */
export function configFlag(values: { config?: string | boolean }): string | undefined {
  return typeof values.config === 'string' ? values.config : undefined;
}

/** Loads the configuration and builds the clients for a command. */
export function createContext<V extends { 'endpoint-url'?: string | boolean; config?: string | boolean }>(
  values: V,
  io: CommandIo,
): CommandContext<V> {
  const configFile = configFilePath(process.env, configFlag(values));
  const config = loadConfig(configFile);
  const endpoint = typeof values['endpoint-url'] === 'string' ? values['endpoint-url'] : undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    throw new UsageError(`--endpoint-url expects a URL such as http://127.0.0.1:5000, got "${endpoint}"`);
  }
  const clients = io.clients ?? new AwsClients(endpoint ? { endpoint } : {});
  const write = (text: string) => io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  return {
    values,
    config,
    configFile,
    clients,
    ...(endpoint ? { endpoint } : {}),
    progress: new Progress(io.stderr),
    io,
    print: io.stdout,
    note: write,
    dispose: () => {
      if (!io.clients) clients.destroy();
    },
  };
}
