/** One moment of the story. */
export interface TimelineEntry {
  readonly at: number;
  readonly who: string;
  readonly what: string;
}

/** Records what happened when, and renders it relative to the first entry. */
export class Timeline {
  private readonly entries: TimelineEntry[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Records `what` done by `who`, now (or at a given time). */
  mark(who: string, what: string, at = this.now()): void {
    this.entries.push({ at, who, what });
  }

  /** `+  0.000 s  who  what`, sorted by time; continuation lines of `what` are indented. */
  render(): string {
    const sorted = [...this.entries].sort((a, b) => a.at - b.at);
    const start = sorted[0]?.at ?? 0;
    const whoWidth = Math.max(0, ...sorted.map((e) => e.who.length));
    return sorted
      .map((e) => {
        const offset = `+${((e.at - start) / 1000).toFixed(3).padStart(7)} s`;
        const [first, ...rest] = e.what.split('\n');
        const indent = ' '.repeat(offset.length + whoWidth + 4);
        return [`${offset}  ${e.who.padEnd(whoWidth)}  ${first}`, ...rest.map((l) => `${indent}${l}`)].join(
          '\n',
        );
      })
      .join('\n');
  }
}
