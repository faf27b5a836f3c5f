/** How reports write times: `h:mm:ss` for instants, `20 min` for durations. */

/** An instant, seconds into the run, as `h:mm:ss` (whole seconds, rounded down). */
export function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** A duration in seconds as `2 h`, `20 min` or `90 s`. */
export function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
