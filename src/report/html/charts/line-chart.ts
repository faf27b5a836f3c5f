import type { TopLevelSpec } from 'vega-lite';
import { DASHES, MARKER_INK } from '../chart-theme.js';
import { CHART_WIDTH, type Chart } from './chart.js';

export interface XySeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export interface LineChartInput {
  readonly series: readonly XySeries[];
  readonly xTitle: string;
  readonly yTitle: string;
  /** Axis label formats (d3-format), e.g. `.0%` or `$,.0f`. */
  readonly xFormat?: string;
  readonly yFormat?: string;
  /** Vertical reference lines with a label at the top (e.g. where two lines cross). */
  readonly rules?: readonly { readonly x: number; readonly label: string }[];
}

/**
 * Lines over a quantitative x (not time): one per series, told apart by colour and dash pattern,
 * each point with a tooltip; vertical rules labelled at the top. Null without points.
 */
export function lineChart(input: LineChartInput): Chart | null {
  const rows: { x: number; y: number; s: string; tip: string }[] = [];
  for (const s of input.series) for (let i = 0; i < s.x.length; i++) rows.push({ x: s.x[i]!, y: s.y[i]!, s: s.name, tip: `${s.name}: ${round(s.y[i]!)} at ${round(s.x[i]!)}` });
  if (rows.length === 0) return null;
  const names = input.series.map((s) => s.name);
  const x = { field: 'x', type: 'quantitative', title: input.xTitle, ...(input.xFormat === undefined ? {} : { axis: { format: input.xFormat } }) } as const;
  const y = { field: 'y', type: 'quantitative', title: input.yTitle, ...(input.yFormat === undefined ? {} : { axis: { format: input.yFormat } }) } as const;
  const layers: object[] = [
    {
      data: { values: rows },
      mark: { type: 'line' },
      encoding: {
        x,
        y,
        color: { field: 's', type: 'nominal', scale: { domain: names }, legend: { title: null, columns: 2 } },
        strokeDash: { field: 's', type: 'nominal', scale: { domain: names, range: DASHES.slice(0, names.length) }, legend: { title: null } },
        description: { field: 's' },
      },
    },
    { data: { values: rows }, mark: { type: 'point', opacity: 0, size: 60 }, encoding: { x, y, description: { field: 'tip' } } },
  ];
  const rules = (input.rules ?? []).map((r, i) => ({ ...r, row: 9 + 12 * i }));
  if (rules.length > 0) {
    layers.push(
      { data: { values: rules }, mark: { type: 'rule', color: MARKER_INK, strokeDash: [2, 2] }, encoding: { x: { field: 'x', type: 'quantitative' }, description: { field: 'label' } } },
      { data: { values: rules }, mark: { type: 'text', align: 'left', dx: 3, color: MARKER_INK, aria: false }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' } } },
    );
  }
  const spec = { width: CHART_WIDTH, height: 220, layer: layers } as unknown as TopLevelSpec;
  const xs = [...new Set(rows.map((r) => r.x))].sort((a, b) => a - b);
  const table = {
    columns: [input.xTitle, ...names],
    rows: xs.map((xv) => [xv, ...input.series.map((s) => {
      const i = s.x.indexOf(xv);
      return i < 0 ? null : round(s.y[i]!);
    })]),
  };
  return { spec, table };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
