// Structured JSON logs in Powertools Logger's shape (level, message, timestamp, service, then the
// keys). Written by hand because Powertools Logger alone is ~23 KB of the 40 KB bundle budget
// (measurements in README).

const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 99 } as const;

/** A log level name, as POWERTOOLS_LOG_LEVEL or AWS_LAMBDA_LOG_LEVEL spell it. */
export type LogLevel = keyof typeof LEVELS;

function serialise(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return {
    name: value.name,
    message: value.message,
    ...('code' in value ? { code: value.code } : {}),
    ...(value.cause !== undefined ? { cause: serialise(value.cause) } : {}),
  };
}

/** One JSON line per log call, with the keys of the decision or action it records. */
export class Logger {
  private readonly threshold: number;
  /** The Lambda request id of the current invocation, added to every line. */
  requestId: string | undefined;

  constructor(
    private readonly service: string,
    level: string | undefined = 'INFO',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly clock: () => number = Date.now,
  ) {
    this.threshold = LEVELS[(level?.toUpperCase() ?? 'INFO') as LogLevel] ?? LEVELS.INFO;
  }

  debug(message: string, keys: object = {}): void {
    this.log('DEBUG', message, keys);
  }

  info(message: string, keys: object = {}): void {
    this.log('INFO', message, keys);
  }

  warn(message: string, keys: object = {}): void {
    this.log('WARN', message, keys);
  }

  error(message: string, keys: object = {}): void {
    this.log('ERROR', message, keys);
  }

  private log(level: Exclude<LogLevel, 'SILENT'>, message: string, keys: object): void {
    if (LEVELS[level] < this.threshold) return;
    const entries = Object.entries(keys).map(([k, v]) => [k, serialise(v)]);
    this.write(
      JSON.stringify({
        level,
        message,
        timestamp: new Date(this.clock()).toISOString(),
        service: this.service,
        ...(this.requestId ? { function_request_id: this.requestId } : {}),
        ...Object.fromEntries(entries),
      }),
    );
  }
}
