/** The part of a stream the progress indicator needs (process.stderr in commands). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A one-line progress indicator on a terminal. It draws only when the stream is a TTY, so piped
 * output and `--json` stay clean; redraws are throttled to `intervalMs`.
 */
export class Progress {
  private frame = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    private readonly intervalMs = 80,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether anything will be drawn at all. */
  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /** Shows `message` (throttled unless `force`). */
  update(message: string, force = false): void {
    if (!this.enabled) return;
    const now = this.now();
    if (!force && this.drawn && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.drawn = true;
    const frame = FRAMES[this.frame++ % FRAMES.length];
    this.stream.write(`\r\x1b[2K${frame} ${message}`);
  }

  /** Erases the indicator, leaving the line for real output. */
  done(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
