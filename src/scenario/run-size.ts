/**
 * How much work a run will be, computed before it starts: its length, the rows timeline.csv
 * gets, the fault arrivals it injects. The compiler checks a scenario with these (at the fields'
 * positions); `fleetsim run --until` checks the run's own end with them. Pure.
 */
import type { ArrivalRate, SimulationSpec } from '../model/simulation-spec.js';
import { formatCount, MAX_DURATION_MS, MAX_FAULT_ARRIVALS, MAX_TIMELINE_CELLS, MAX_TIMELINE_ROWS } from './limits.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Why a run of `durationMs` is too long, or undefined. */
export function durationProblem(durationMs: number): string | undefined {
  if (durationMs <= MAX_DURATION_MS) return undefined;
  return `${formatSpan(durationMs)} is longer than the longest run fleetsim simulates, ${formatSpan(MAX_DURATION_MS)} (docs/limits.md); split the run or shorten it`;
}

/** Columns of timeline.csv: time and five cluster figures, four per service, two per subnet (report/timeline-csv.ts). */
export function timelineColumns(services: number, subnets: number): number {
  return 6 + 4 * services + 2 * subnets;
}

/** Rows of timeline.csv for a run: one at every sample from 0 while the run lasts, and the final one. */
export function timelineRows(durationMs: number, sampleIntervalMs: number): number {
  return Math.floor((durationMs - 1) / sampleIntervalMs) + 2;
}

/**
 * Why sampling every `sampleIntervalMs` over `durationMs` writes too much, or undefined: more than
 * MAX_TIMELINE_ROWS rows, or more than MAX_TIMELINE_CELLS cells. Says the rows it would write and
 * the shortest interval that fits.
 */
export function timelineProblem(durationMs: number, sampleIntervalMs: number, columns: number): string | undefined {
  const rows = timelineRows(durationMs, sampleIntervalMs);
  const maxRows = Math.min(MAX_TIMELINE_ROWS, Math.floor(MAX_TIMELINE_CELLS / columns));
  if (rows <= maxRows) return undefined;
  const shortest = Math.ceil(durationMs / Math.max(1, maxRows - 2));
  const limit =
    maxRows === MAX_TIMELINE_ROWS
      ? `more than the limit of ${formatCount(MAX_TIMELINE_ROWS)} rows`
      : `${formatCount(rows * columns)} cells of ${columns} columns, more than the limit of ${formatCount(MAX_TIMELINE_CELLS)} cells`;
  return `sampling every ${formatSpan(sampleIntervalMs)} for ${formatSpan(durationMs)} writes ${formatCount(rows)} rows to timeline.csv, ${limit} (docs/limits.md); sample every ${formatSpan(shortest)} or more`;
}

/** The arrivals a repeated fault is expected to have before `endMs` (the run's end): every its period, or ratePerHour x the hours. */
export function expectedArrivals(at: number, rate: ArrivalRate, endMs: number): number {
  const window = Math.max(0, Math.min(rate.until, endMs) - at);
  if ('everyMs' in rate) return window === 0 ? 0 : Math.ceil(window / rate.everyMs);
  return (rate.perHour * window) / HOUR_MS;
}

/** Why the spec's repeated faults bring too many arrivals before `endMs`, or undefined. */
export function arrivalsProblem(spec: Pick<SimulationSpec, 'events'>, endMs: number): string | undefined {
  let total = 0;
  for (const e of spec.events) if (e.rate !== undefined) total += expectedArrivals(e.at, e.rate, endMs);
  return total <= MAX_FAULT_ARRIVALS ? undefined : arrivalsMessage(total);
}

/** "about N fault arrivals, more than ..." */
export function arrivalsMessage(total: number): string {
  return `about ${formatCount(Math.round(total))} fault arrivals in the run, more than the limit of ${formatCount(MAX_FAULT_ARRIVALS)} (docs/limits.md); lower the rate, lengthen every, or bring until closer to at`;
}

/**
 * A span of time as people write it: `1ms`, `90s`, `2h30m`, `366d`, whole units down to the
 * millisecond (larger than a thousand days: in days).
 */
export function formatSpan(ms: number): string {
  if (ms >= 1000 * DAY_MS) return `${formatCount(Math.round(ms / DAY_MS))}d`;
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['d', DAY_MS],
    ['h', HOUR_MS],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length === 0 ? '0s' : parts.join('');
}
