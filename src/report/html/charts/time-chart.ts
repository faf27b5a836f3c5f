import type { TopLevelSpec } from 'vega-lite';
import { DASHES, MARKER_INK } from '../chart-theme.js';
import type { MarkerKind, NamedSeries, ReportMarker } from '../report-data.js';
import { axisTime, CHART_WIDTH, type Chart, type TimeAxis } from './chart.js';

export interface TimeChartInput {
  readonly series: readonly NamedSeries[];
  readonly axis: TimeAxis;
  readonly yTitle: string;
  /** Vertical markers (deployments, scale events, faults, incidents), labelled at the top. */
  readonly markers?: readonly ReportMarker[];
  /** Horizontal reference lines, e.g. a scaling target. */
  readonly targets?: readonly { readonly label: string; readonly value: number }[];
  /** Counts change in steps: draw them as steps, not slopes. */
  readonly steps?: boolean;
  /** Whole numbers only on the value axis (counts). */
  readonly integer?: boolean;
  readonly height?: number;
}

/** Charts with at most this many points get a hover tooltip per point. */
export const MAX_HOVER_POINTS = 240;

/** The row (from the top) where each kind of marker prints its label, so labels of different kinds do not collide. */
const MARKER_ROW: Readonly<Record<MarkerKind, number>> = { incident: 0, deployment: 1, scale: 2, fault: 3 };

/**
 * Lines over the run's time axis, one per series, told apart by colour and dash pattern (the
 * legend shows both); markers as thin vertical rules with a letter or number at the top (their
 * tooltip says what happened); targets as dashed horizontal rules with their label.
 *
 * The spec is a template: what differs from run to run (the axis's end and titles, the series'
 * names, the rows) is in its data and in its parameters' values, which the renderer sets on each
 * chart's view (vega-svg.ts), so every chart drawn with the same options (steps, integer, which
 * layers) is one shape to Vega-Lite and Vega: compiled and parsed once per page, whatever the
 * run (the cost of a chart's shape is most of the cost of a chart: docs/performance.md).
 */
export function timeChart(input: TimeChartInput): Chart {
  const { axis } = input;
  const names = input.series.map((s) => s.name);
  const rows: { x: number; s: string; v: number }[] = [];
  for (const s of input.series) for (let i = 0; i < s.t.length; i++) rows.push({ x: axisTime(s.t[i]!, axis), s: s.name, v: s.v[i]! });
  const params = [
    { name: 'xEnd', value: round3(axis.end) },
    { name: 'xTitle', value: axis.title },
    { name: 'yTitle', value: input.yTitle },
    // All zeros: a domain of [0, 1], or the axis prints 0 to six decimals at mid-height.
    { name: 'yMax', value: rows.every((r) => r.v === 0) ? 1 : null },
    { name: 'names', value: names },
  ];
  const x = { field: 'x', type: 'quantitative', axis: { title: { expr: 'xTitle' } }, scale: { domain: [0, { expr: 'xEnd' }], nice: false } } as const;
  const layers: object[] = [
    {
      data: { values: rows },
      mark: { type: 'line', interpolate: input.steps === true ? 'step-after' : 'linear' },
      encoding: {
        x,
        y: {
          field: 'v',
          type: 'quantitative',
          scale: { domainMax: { expr: 'yMax' }, nice: true },
          axis: { title: { expr: 'yTitle' }, ...(input.integer === true ? { tickMinStep: 1, format: 'd' } : {}) },
        },
        color: { field: 's', type: 'nominal', scale: { domain: { expr: 'names' } }, legend: { title: null } },
        // The whole list: an ordinal range longer than its domain maps the first names to the first patterns.
        strokeDash: { field: 's', type: 'nominal', scale: { domain: { expr: 'names' }, range: DASHES }, legend: { title: null } },
        description: { field: 's' },
      },
    },
  ];
  // Few points: each gets an invisible dot whose tooltip gives its value (hover a line to read it).
  if (rows.length <= MAX_HOVER_POINTS) {
    const tips = rows.map((r) => ({ x: r.x, v: r.v, tip: `${r.s}: ${r.v} at ${r.x} ${axis.divisor === 60 ? 'min' : 'h'}` }));
    layers.push({ data: { values: tips }, mark: { type: 'point', opacity: 0, size: 60 }, encoding: { x, y: { field: 'v', type: 'quantitative' }, description: { field: 'tip' } } });
  }
  const targets = input.targets ?? [];
  if (targets.length > 0) {
    layers.push(
      { data: { values: targets }, mark: { type: 'rule', color: MARKER_INK, strokeDash: [5, 3] }, encoding: { y: { field: 'value', type: 'quantitative' }, description: { field: 'label' } } },
      { data: { values: targets }, mark: { type: 'text', align: 'right', dy: -6, x: 'width', color: MARKER_INK, aria: false }, encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } } },
    );
  }
  const markers = (input.markers ?? []).map((m) => ({ x: axisTime(m.atS, axis), label: m.label, text: `${m.label}: ${m.text}`, row: 9 + 12 * MARKER_ROW[m.kind] }));
  if (markers.length > 0) {
    layers.push(
      { data: { values: markers }, mark: { type: 'rule', color: MARKER_INK, strokeDash: [2, 2], strokeWidth: 1 }, encoding: { x, description: { field: 'text' } } },
      { data: { values: markers }, mark: { type: 'text', fontWeight: 'bold', dx: 3, align: 'left', color: MARKER_INK }, encoding: { x, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' }, description: { field: 'text' } } },
    );
  }
  const spec = { width: CHART_WIDTH, height: input.height ?? 180, params, layer: layers } as unknown as TopLevelSpec;
  return { spec, table: seriesTable(input.series, axis, markers) };
}

/** One row per time any series has a point (blank where a series has none), then the markers. */
function seriesTable(series: readonly NamedSeries[], axis: TimeAxis, markers: readonly { x: number; text: string }[]): Chart['table'] {
  const byTime = new Map<number, (number | null)[]>();
  series.forEach((s, k) => {
    for (let i = 0; i < s.t.length; i++) {
      const t = axisTime(s.t[i]!, axis);
      let row = byTime.get(t);
      if (row === undefined) byTime.set(t, (row = new Array<number | null>(series.length).fill(null)));
      row[k] = s.v[i]!;
    }
  });
  const rows: (string | number | null)[][] = [...byTime].sort((a, b) => a[0] - b[0]).map(([t, values]) => [t, ...values, null]);
  const hasMarkers = markers.length > 0;
  for (const m of markers) rows.push([m.x, ...series.map(() => null), m.text]);
  if (hasMarkers) rows.sort((a, b) => (a[0] as number) - (b[0] as number));
  const columns = [axis.title, ...series.map((s) => s.name)];
  return hasMarkers ? { columns: [...columns, 'marker'], rows } : { columns, rows: rows.map((r) => r.slice(0, -1)) };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
