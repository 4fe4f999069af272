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

/** Renders a zod issue path the way a person reads it: `stackSet.callAs`, `regions[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
