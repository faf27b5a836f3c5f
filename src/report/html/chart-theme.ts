import type { Config } from 'vega-lite';

/**
 * How charts look, in one place: the Vega-Lite config every chart is compiled with, and the CSS
 * that themes the SVG Vega draws for light and dark pages and for print.
 *
 * Vega writes colours into the SVG as presentation attributes. The neutral ones (text, axes,
 * grid, marker rules) are drawn in sentinel colours below, which the page's CSS repaints by
 * attribute selector for the light and dark schemes; data colours come from PALETTE, chosen to
 * be told apart by people with colour vision deficiencies (Okabe and Ito's set) and readable on
 * both backgrounds. Colour is never the only cue: series also differ by dash pattern (legends
 * show it), bars and markers carry text labels.
 */
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#999999', '#7f3c8d'];

/** Dash patterns for series, in the palette's order: solid, dashed, dotted, dash-dot, ... */
export const DASHES: readonly (readonly number[])[] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 3, 1, 3]];

/** Sentinel colours of the neutral parts, repainted by CHART_CSS. */
const INK = '#111111';
const AXIS = '#777777';
const GRID = '#dddddd';
export const MARKER_INK = '#555555';

export const CHART_CONFIG: Config = {
  background: null as unknown as undefined,
  font: 'system-ui, sans-serif',
  padding: 4,
  view: { stroke: null },
  // A fixed minimum width for the value axis lines up the time axes of charts stacked on a page.
  axisY: { minExtent: 44 },
  axis: { labelColor: INK, titleColor: INK, domainColor: AXIS, tickColor: AXIS, gridColor: GRID, labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' },
  legend: { labelColor: INK, titleColor: INK, labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', symbolStrokeWidth: 2, symbolSize: 200, orient: 'bottom', direction: 'horizontal', columns: 4, labelLimit: 260 },
  header: { labelColor: INK, titleColor: INK, labelFontSize: 11 },
  title: { color: INK, fontSize: 12, fontWeight: 'normal', anchor: 'start' },
  text: { color: INK, fontSize: 11 },
  range: { category: PALETTE },
  mark: { color: PALETTE[0] },
  line: { strokeWidth: 2 },
};

/** The CSS that repaints the sentinel colours: `--ink`, `--axis`, `--grid` and `--marker` come from the page's scheme. */
export const CHART_CSS = [
  `.chart [fill="${INK}"]{fill:var(--ink)}`,
  `.chart [stroke="${AXIS}"]{stroke:var(--axis)}`,
  `.chart [stroke="${GRID}"]{stroke:var(--grid)}`,
  `.chart [stroke="${MARKER_INK}"]{stroke:var(--marker)}`,
  `.chart [fill="${MARKER_INK}"]{fill:var(--marker)}`,
  // On a dark page the darkest palette colour is lifted; everything else reads on both.
  `@media screen and (prefers-color-scheme: dark){.chart [stroke="${PALETTE[0]}"]{stroke:#3d9ee0}.chart [fill="${PALETTE[0]}"]{fill:#3d9ee0}.chart [stroke="${PALETTE[7]}"]{stroke:#b07cc6}.chart [fill="${PALETTE[7]}"]{fill:#b07cc6}}`,
].join('\n');
