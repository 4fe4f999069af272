/** Renders rows as a plain-text table with a header and aligned columns. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** A document for `--json`: stable key order as built, two-space indent. */
export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** `n word(s)`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A ratio as a percentage rounded down to one decimal, e.g. 97.5; 100 when nothing was expected. */
export function percentOf(part: number, whole: number): number {
  if (whole === 0) return 100;
  return Math.floor((part / whole) * 1000) / 10;
}

/** A ratio as a percentage with one decimal, e.g. `97.5%`; 100% when nothing was expected. */
export function percent(part: number, whole: number): string {
  return `${percentOf(part, whole)}%`;
}
