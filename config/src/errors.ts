/** One problem found in a configuration, at a path such as `regions[2]`. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** A configuration that cannot be used; carries every problem found, not just the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
    options?: ErrorOptions,
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n'),
      options,
    );
  }
}

/**
 * An empty name where a configuration file is named (`--config=`, `TRAILGUARD_CONFIG=`): a usage
 * error, never a silent fall back to the default file.
 */
export class ConfigFileNameError extends Error {
  override readonly name = 'ConfigFileNameError';

  /** `where` is the flag or variable that named no file, such as `--config` or `TRAILGUARD_CONFIG`. */
  constructor(readonly where: string) {
    super(
      where === 'TRAILGUARD_CONFIG'
        ? 'TRAILGUARD_CONFIG is set but empty; set it to a configuration file, such as TRAILGUARD_CONFIG=config/trailguard.yaml, or unset it to use config/trailguard.yaml'
        : `${where === 'FILE' ? 'the FILE argument' : where} is empty: it names no file; name a configuration file, such as ` +
            `${where === 'FILE' ? 'pnpm validate' : where} config/trailguard.yaml, or leave it out to use TRAILGUARD_CONFIG, else config/trailguard.yaml`,
    );
  }
}

/** Renders a zod issue path the way a person reads it: `stackSet.callAs`, `regions[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
