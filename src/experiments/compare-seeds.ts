import type { CostByCategory, CostSummary } from '../report/cost.js';
import { COMPARE_FIGURES, type CompareFigure, type VariantResult, type VariantSpread } from './compare-result.js';
import { seedSpread, type SeedSpread } from './seed-spread.js';

/**
 * `fleetsim compare` over several seeds (issue 19, seed-robust tables): each variant runs once
 * per seed, and each figure of its column becomes the median of the seeds' values, with the
 * p5-p95 range beside it. A cell then says what the platform does, not what one seed happened
 * to draw (the Spot variants' interruptions, image pulls and health checks are random).
 *
 * Figures are combined one by one: the medians of a column need not come from the same seed.
 */

export { COMPARE_FIGURES, type CompareFigure, type VariantSpread } from './compare-result.js';

/**
 * One column from the runs of one variant (one per seed, at least one): every figure is the
 * median over the runs, and `spread` gives each figure's p5, median and p95. The cost summary's
 * amounts are medians too, category by category; its method and window are the first run's
 * (the same for every seed). Notes are every run's, once each.
 */
export function combineVariantRuns(runs: readonly VariantResult[]): VariantResult & { readonly spread: VariantSpread } {
  const first = runs[0];
  if (first === undefined) throw new RangeError('combineVariantRuns: no runs');
  const spread = Object.fromEntries(Object.entries(COMPARE_FIGURES).map(([name, pick]) => [name, seedSpread(runs.map(pick))])) as Record<CompareFigure, SeedSpread | null>;
  const median = (figure: CompareFigure): number | null => {
    const s = spread[figure];
    return s === null ? null : round(s.median, 6);
  };
  const count = (figure: CompareFigure): number => median(figure) ?? 0;
  return {
    variant: first.variant,
    startup: {
      firstP50: median('firstP50'),
      firstP90: median('firstP90'),
      coldP50: median('coldP50'),
      coldP90: median('coldP90'),
      cachedP50: median('cachedP50'),
      cachedP90: median('cachedP90'),
      tasks: count('startupTasks'),
    },
    stepAtS: first.stepAtS,
    scaleOutS: median('scaleOutS'),
    errorsDuringStep: median('errorsDuringStep'),
    errorRateDuringStep: median('errorRateDuringStep'),
    nodesEnd: count('nodesEnd'),
    nodesPeak: count('nodesPeak'),
    tasksPerNode: median('tasksPerNode'),
    utilization: median('utilization'),
    ipsPeak: count('ipsPeak'),
    cost: medianCost(runs.map((r) => r.cost)),
    pendingAtEnd: count('pendingAtEnd'),
    notes: [...new Set(runs.flatMap((r) => r.notes))],
    spread,
  };
}

/** The cost summaries' amounts, each the median over the runs. */
function medianCost(costs: readonly CostSummary[]): CostSummary {
  const first = costs[0]!;
  const med = (pick: (c: CostSummary) => number): number => round(seedSpread(costs.map(pick))!.median, 6);
  const byCategory = (pick: (c: CostSummary) => CostByCategory): CostByCategory =>
    Object.fromEntries(Object.keys(pick(first)).map((k) => [k, med((c) => pick(c)[k as keyof CostByCategory] ?? 0)])) as unknown as CostByCategory;
  return {
    ...first,
    totalUsd: med((c) => c.totalUsd),
    byCategory: byCategory((c) => c.byCategory),
    monthly: { ...first.monthly, totalUsd: med((c) => c.monthly.totalUsd), byCategory: byCategory((c) => c.monthly.byCategory) },
  };
}

/**
 * ` [12-40]`: a figure's p5-p95 over the seeds as a table cell appends it, in the figure's own
 * format; nothing for a single seed or when every seed gave the same value.
 */
export function formatSpread(s: SeedSpread | null | undefined, format: (x: number) => string): string {
  if (s === null || s === undefined || s.n < 2 || s.p5 === s.p95) return '';
  return ` [${format(s.p5)}-${format(s.p95)}]`;
}

/** Rounded to `digits` decimals: medians of an even number of seeds are means of two, and lose float noise here. */
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
