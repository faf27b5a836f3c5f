/**
 * The p-th percentile (0-100) of already sorted values by linear interpolation between closest
 * ranks (the method of numpy's default and of most spreadsheets). Undefined for an empty list.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}
