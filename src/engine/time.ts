/**
 * Simulated time: integer milliseconds since the start of the run. Integers keep event order
 * exact (no floating-point drift when delays are summed) and make outputs byte-stable.
 */
export type Millis = number;

export const MS = 1;
export const SECOND: Millis = 1000;
export const MINUTE: Millis = 60 * SECOND;
export const HOUR: Millis = 60 * MINUTE;
export const DAY: Millis = 24 * HOUR;

/** Rounds a duration computed in floating point (e.g. a random draw) to whole, non-negative ms. */
export function toMillis(value: number): Millis {
  if (!Number.isFinite(value)) throw new RangeError(`duration is not finite: ${value}`);
  return value <= 0 ? 0 : Math.round(value);
}

/** `754123` -> `00:12:34.123`; hours grow past 99 if needed. Used in events.csv and summaries. */
export function formatClock(t: Millis): string {
  const ms = t % 1000;
  const totalSeconds = Math.floor(t / 1000);
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms, 3)}`;
}

/** A compact human duration: `850ms`, `12.4s`, `3m05s`, `2h10m`. */
export function formatDuration(d: Millis): string {
  if (d < SECOND) return `${d}ms`;
  if (d < MINUTE) return `${(d / SECOND).toFixed(d % SECOND === 0 ? 0 : 1)}s`;
  if (d < HOUR) {
    const m = Math.floor(d / MINUTE);
    const s = Math.round((d % MINUTE) / SECOND);
    return s === 0 ? `${m}m` : `${m}m${pad(s, 2)}s`;
  }
  const h = Math.floor(d / HOUR);
  const m = Math.round((d % HOUR) / MINUTE);
  return m === 0 ? `${h}h` : `${h}h${pad(m, 2)}m`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
