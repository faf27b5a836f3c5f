import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, type Chart } from './chart.js';

/** One bar: its label, its segments' values in the order of the chart's segments (null or 0: none), the text at its end. */
export interface SegmentedRow {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly total: string;
}

export interface SegmentedBarInput {
  readonly rows: readonly SegmentedRow[];
  /** The segments, left to right: full name (legend, tooltip, table) and the short name written inside a wide segment. */
  readonly segments: readonly { readonly name: string; readonly short: string }[];
  readonly valueTitle: string;
  readonly unit: string;
  readonly totalTitle: string;
}

/**
 * Horizontal bars split into segments laid end to end (a Gantt of phases, or a bill by
 * category). A segment of at least 7 % of the longest bar carries its short name, and each bar
 * its total at its end, so the chart reads without colour; every segment's tooltip gives its value.
 * Null without rows.
 */
export function segmentedBarChart(input: SegmentedBarInput): Chart | null {
  if (input.rows.length === 0) return null;
  const sum = (r: SegmentedRow): number => r.values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const longest = Math.max(Number.MIN_VALUE, ...input.rows.map(sum));
  const parts: { row: string; name: string; short: string; start: number; end: number; mid: number; tip: string }[] = [];
  for (const r of input.rows) {
    let at = 0;
    input.segments.forEach((seg, k) => {
      const v = r.values[k] ?? null;
      if (v === null || v <= 0) return;
      parts.push({ row: r.label, name: seg.name, short: v / longest >= 0.07 ? seg.short : '', start: round(at), end: round(at + v), mid: round(at + v / 2), tip: `${r.label}: ${seg.name} ${round(v)}${input.unit}` });
      at += v;
    });
  }
  const totals = input.rows.map((r) => ({ row: r.label, end: round(sum(r)), text: r.total }));
  // The bars' order is a parameter, so the charts of one set of segments are one shape (vega-svg.ts).
  const y = { field: 'row', type: 'nominal', scale: { domain: { expr: 'rows' } }, title: null, axis: { labelLimit: 320 } } as const;
  const names = input.segments.map((s) => s.name);
  const spec = {
    width: CHART_WIDTH - 200,
    height: { step: 20 },
    params: [{ name: 'rows', value: input.rows.map((r) => r.label) }],
    layer: [
      {
        data: { values: parts },
        mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: { y, x: { field: 'start', type: 'quantitative', title: input.valueTitle }, x2: { field: 'end' }, color: { field: 'name', type: 'nominal', scale: { domain: names }, legend: { title: null } }, description: { field: 'tip' } },
      },
      { data: { values: parts }, mark: { type: 'text', color: '#ffffff', fontSize: 10, aria: false }, encoding: { y, x: { field: 'mid', type: 'quantitative' }, text: { field: 'short' } } },
      { data: { values: totals }, mark: { type: 'text', align: 'left', dx: 4, aria: false }, encoding: { y, x: { field: 'end', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  } as unknown as TopLevelSpec;
  return { spec, table: { columns: ['', ...names, input.totalTitle], rows: input.rows.map((r) => [r.label, ...input.segments.map((_, k) => r.values[k] ?? null), r.total]) } };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
