/**
 * A one-line progress bar redrawn in place with `\r` (for stderr when it is a terminal):
 * `sweep [############------------] 12/30  40%  3.2 runs/s  eta 6s`.
 *
 * Written here rather than taken from a package: it is thirty lines, it writes through the
 * CliIo's `stderr(text)` function (which tests capture) instead of a stream with cursor
 * methods, and the clock is injected. Redraws at most every `intervalMs`, and always at the end.
 */
export class ProgressBar {
  private readonly started: number;
  private lastDraw = -Infinity;

  constructor(
    private readonly write: (text: string) => void,
    private readonly total: number,
    private readonly label = 'sweep',
    private readonly clock: () => number = Date.now,
    private readonly intervalMs = 100,
    private readonly width = 28,
  ) {
    this.started = clock();
  }

  /** Draws `done` of `total` (throttled). */
  update(done: number): void {
    const now = this.clock();
    if (done < this.total && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const fraction = this.total === 0 ? 1 : done / this.total;
    const filled = Math.round(fraction * this.width);
    const elapsedS = (now - this.started) / 1000;
    const rate = elapsedS > 0 ? done / elapsedS : 0;
    const eta = rate > 0 && done < this.total ? `  eta ${formatSeconds((this.total - done) / rate)}` : done >= this.total ? `  ${formatSeconds(elapsedS)}` : '';
    const bar = `${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}`;
    this.write(`\r${this.label} [${bar}] ${done}/${this.total}  ${Math.floor(fraction * 100)}%  ${rate.toFixed(1)} runs/s${eta}\x1b[K`);
  }

  /** Ends the line. */
  finish(): void {
    this.write('\n');
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.ceil(s - m * 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
