/**
 * The progress line `fleetsim run` draws on stderr when it is a terminal:
 * `quickstart: 12m of 20m simulated (60%), 1,234,567 events, 820,000 events/s, eta 8s`.
 *
 * Shown only for runs that last: nothing until `showAfterMs` of wall time have passed, so short
 * runs print exactly what they did before. Redrawn in place (`\r`, erase to the end of the line)
 * at most every `intervalMs`, cut to the terminal's width, and erased by `finish`, so the summary
 * that follows starts on a clean line. The clock is injected (tests; nothing below cli/ reads it).
 */
export class RunProgress {
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly label: string,
    private readonly durationMs: number,
    private readonly clock: () => number,
    private readonly options: { readonly showAfterMs?: number; readonly intervalMs?: number; readonly columns?: number } = {},
  ) {
    this.started = clock();
  }

  /** Draws the line for `nowMs` simulated and `events` fired (throttled; silent in the first seconds). */
  update(nowMs: number, events: number): void {
    const now = this.clock();
    const elapsed = now - this.started;
    if (elapsed < (this.options.showAfterMs ?? 2_000) || now - this.lastDraw < (this.options.intervalMs ?? 200)) return;
    this.lastDraw = now;
    this.drawn = true;
    const fraction = this.durationMs > 0 ? Math.min(1, nowMs / this.durationMs) : 1;
    const rate = elapsed > 0 ? (events * 1000) / elapsed : 0;
    const simPerWall = elapsed > 0 ? nowMs / elapsed : 0;
    const left = simPerWall > 0 ? (this.durationMs - nowMs) / simPerWall : Number.NaN;
    const eta = Number.isFinite(left) ? `, eta ${left < 1000 ? 'under 1s' : formatClock(left)}` : '';
    const line = `${this.label}: ${formatClock(nowMs)} of ${formatClock(this.durationMs)} simulated (${Math.floor(fraction * 100)}%), ${events.toLocaleString('en-US')} events, ${Math.round(rate).toLocaleString('en-US')} events/s${eta}`;
    // One column short of the terminal's width, so the cursor never wraps (100 when it is unknown).
    const columns = this.options.columns === undefined || this.options.columns <= 0 ? 100 : this.options.columns;
    const width = Math.max(20, columns - 1);
    this.write(`\r${line.length > width ? `${line.slice(0, width - 3)}...` : line}\x1b[K`);
  }

  /** Erases the line if one was drawn. */
  finish(): void {
    if (this.drawn) this.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** `45s`, `12m30s`, `20m`, `3h05m`, `2d04h`, `400d`: a duration in ms, to the second, in two units at most. */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  const two = (big: number, bigUnit: string, small: number, smallUnit: string): string => (small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit}${String(small).padStart(2, '0')}${smallUnit}`);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return two(m, 'm', s % 60, 's');
  const h = Math.floor(m / 60);
  if (h < 48) return two(h, 'h', m % 60, 'm');
  return two(Math.floor(h / 24), 'd', h % 24, 'h');
}
