import type { TopLevelSpec } from 'vega-lite';
import { PALETTE } from '../chart-theme.js';
import { CHART_WIDTH, type Chart } from './chart.js';

/**
 * Horizontal bars, one per item in the given order, each labelled with its formatted value at
 * its end. Null without items.
 */
export function barChart(items: readonly { readonly label: string; readonly value: number }[], valueTitle: string, format: (value: number) => string): Chart | null {
  if (items.length === 0) return null;
  const values = items.map((i) => ({ label: i.label, value: i.value, text: format(i.value), tip: `${i.label}: ${format(i.value)}` }));
  // The order and the title are parameters, so every bar chart is one shape (vega-svg.ts).
  const y = { field: 'label', type: 'nominal', scale: { domain: { expr: 'labels' } }, title: null, axis: { labelLimit: 300 } } as const;
  const x = { field: 'value', type: 'quantitative', axis: { title: { expr: 'valueTitle' } } } as const;
  const spec = {
    width: CHART_WIDTH - 220,
    height: { step: 20 },
    params: [
      { name: 'labels', value: items.map((i) => i.label) },
      { name: 'valueTitle', value: valueTitle },
    ],
    data: { values },
    layer: [
      { mark: { type: 'bar', color: PALETTE[0] }, encoding: { y, x, description: { field: 'tip' } } },
      { mark: { type: 'text', align: 'left', dx: 4, aria: false }, encoding: { y, x, text: { field: 'text' } } },
    ],
  } as unknown as TopLevelSpec;
  return { spec, table: { columns: ['', valueTitle], rows: values.map((v) => [v.label, v.text]) } };
}
