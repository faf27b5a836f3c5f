import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, type Chart } from './chart.js';

/** One group's values (e.g. one parameter set across its seeds), each with a label for its tooltip. */
export interface DistributionGroup {
  readonly label: string;
  readonly values: readonly { readonly value: number; readonly label: string }[];
}

/**
 * The distribution of a metric per group: a box plot (quartiles, whiskers at min and max) with
 * every value drawn as a point over it (its tooltip names it, e.g. its seed). Groups without a
 * value are left out; null when none has one.
 */
export function distributionChart(groups: readonly DistributionGroup[], valueTitle: string): Chart | null {
  const rows = groups.flatMap((g) => g.values.map((v) => ({ group: g.label, run: v.label, value: v.value, tip: `${g.label}, ${v.label}: ${v.value}` })));
  if (rows.length === 0) return null;
  const order = groups.filter((g) => g.values.length > 0).map((g) => g.label);
  const y = { field: 'group', type: 'nominal', sort: order, title: null, axis: { labelLimit: 300 } } as const;
  // One value everywhere: widen the domain around it, or the axis prints it to six decimals.
  const min = Math.min(...rows.map((r) => r.value));
  const max = Math.max(...rows.map((r) => r.value));
  const pad = min === max ? Math.max(1, Math.abs(min) * 0.1) : 0;
  const x = { field: 'value', type: 'quantitative', title: valueTitle, scale: pad === 0 ? { zero: false } : { domain: [min - pad, max + pad] } } as const;
  const spec = {
    width: CHART_WIDTH - 200,
    height: { step: 26 },
    data: { values: rows },
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', size: 14, median: { color: '#111111' }, box: { opacity: 0.35 } }, encoding: { y, x } },
      { mark: { type: 'point', shape: 'circle', size: 18, opacity: 0.7, filled: true }, encoding: { y, x, description: { field: 'tip' } } },
    ],
  } as unknown as TopLevelSpec;
  return { spec, table: { columns: ['', 'run', valueTitle], rows: rows.map((r) => [r.group, r.run, r.value]) } };
}
