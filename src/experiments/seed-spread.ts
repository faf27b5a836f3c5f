import { percentile } from '../report/percentile.js';

/**
 * Seed-robust table cells (issue 19): a figure of the seed's tables is measured once per seed
 * over several seeds and reported as the median with the p5-p95 range of the seeds beside it;
 * an "in range" verdict is judged on the median, and the cell says how many single seeds would
 * have fallen outside. One lucky (or unlucky) seed then no longer decides what the table says.
 */

/** Most seeds a table may run per cell (each seed is a whole simulation per cell). */
export const MAX_TABLE_SEEDS = 1_000;

/**
 * The seeds a table runs from its base seed (`--seed`): `<base>-1` .. `<base>-<count>`. Every
 * base gives its own set (base 1 and base 2 share no seed), so that regenerating a table with
 * another base seed is an independent check of its verdicts; any one of them can be replayed
 * alone (`--seed-count 1` runs exactly `<base>-1`).
 */
export function tableSeeds(base: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_TABLE_SEEDS) throw new RangeError(`tableSeeds: count must be a whole number in 1..${MAX_TABLE_SEEDS}, got ${count}`);
  return Array.from({ length: count }, (_, i) => `${base}-${i + 1}`);
}

/** One figure over the seeds: the median and the p5-p95 range (linear interpolation, report/percentile.ts). */
export interface SeedSpread {
  /** Seeds that gave a value. */
  readonly n: number;
  readonly p5: number;
  readonly median: number;
  readonly p95: number;
}

/** The spread of the values the seeds gave (nulls are seeds without a value); null when none gave one. */
export function seedSpread(values: readonly (number | null)[]): SeedSpread | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return { n: sorted.length, p5: percentile(sorted, 5)!, median: percentile(sorted, 50)!, p95: percentile(sorted, 95)! };
}

/** How many of the seeds' values lie outside `[low, high]` (a seed without a value counts as outside). */
export function seedsOutside(values: readonly (number | null)[], range: readonly [number, number]): number {
  return values.filter((v) => v === null || v < range[0] || v > range[1]).length;
}

/** Whether the median lies in `[low, high]`: the verdict of a seed-robust cell. */
export function medianInRange(spread: SeedSpread | null, range: readonly [number, number]): boolean {
  return spread !== null && spread.median >= range[0] && spread.median <= range[1];
}

/**
 * `3/21 seeds outside`: how often a single seed would fall outside the range, as a cell prints it
 * beside its verdict (nothing when every seed is inside, to keep the tables readable).
 */
export function formatOutside(outside: number, seeds: number): string {
  return outside === 0 ? '' : `; ${outside}/${seeds} seeds outside`;
}
