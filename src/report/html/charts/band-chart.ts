import type { TopLevelSpec } from 'vega-lite';
import { DASHES } from '../chart-theme.js';
import { CHART_WIDTH, type Chart } from './chart.js';

/** One line of a band chart: at each x, the median and the p5-p95 range of the values there. */
export interface BandSeries {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly p5: number; readonly p50: number; readonly p95: number; readonly n: number }[];
}

/**
 * A metric against a parameter: per series a line through the medians and a shaded band from
 * p5 to p95, with points at the measured x values. Null without points.
 */
export function bandChart(series: readonly BandSeries[], xTitle: string, yTitle: string): Chart | null {
  const rows = series.flatMap((s) => s.points.map((p) => ({ s: s.name, ...p, tip: `${s.name}: at ${p.x}, median ${p.p50}, p5-p95 ${p.p5} to ${p.p95} (${p.n} runs)` })));
  if (rows.length === 0) return null;
  const names = series.map((s) => s.name);
  const whole = rows.every((r) => Number.isInteger(r.x));
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false }, ...(whole ? { axis: { tickMinStep: 1, format: 'd' } } : {}) } as const;
  const color = { field: 's', type: 'nominal', scale: { domain: names }, legend: names.length > 1 ? { title: null } : null } as const;
  const spec = {
    width: CHART_WIDTH,
    height: 200,
    data: { values: rows },
    layer: [
      { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'p5', type: 'quantitative', title: yTitle, ...(rows.every((r) => r.p95 === 0 && r.p5 === 0) ? { scale: { domain: [0, 1] } } : {}) }, y2: { field: 'p95' }, color, description: { field: 's' } } },
      { mark: { type: 'line', point: { filled: true, size: 30 } }, encoding: { x, y: { field: 'p50', type: 'quantitative' }, color, strokeDash: { field: 's', type: 'nominal', scale: { domain: names, range: DASHES.slice(0, names.length) }, legend: null }, description: { field: 'tip' } } },
    ],
  } as unknown as TopLevelSpec;
  return { spec, table: { columns: ['', xTitle, 'p5', 'median', 'p95', 'runs'], rows: rows.map((r) => [r.s, r.x, r.p5, r.p50, r.p95, r.n]) } };
}
