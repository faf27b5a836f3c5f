import type { TopLevelSpec } from 'vega-lite';
import type { StartupHistogram } from '../report-data.js';
import { CHART_WIDTH, type Chart } from './chart.js';

/**
 * The start-up histogram: one small bar chart per phase (a row each, phase named on the left),
 * tasks per duration bin, each bar labelled with its count. Phases no task went through are left
 * out. Null when no task started.
 */
export function startupChart(h: StartupHistogram): Chart | null {
  const rows: { phase: string; order: number; bin: string; tasks: number; tip: string }[] = [];
  const phases = h.phases.filter((_, p) => h.counts[p]!.some((c) => c > 0));
  if (phases.length === 0) return null;
  for (const phase of phases) {
    const p = h.phases.indexOf(phase);
    h.bins.forEach((bin, b) => rows.push({ phase, order: p, bin, tasks: h.counts[p]![b]!, tip: `${phase}, ${bin}: ${h.counts[p]![b]!} tasks` }));
  }
  const x = { field: 'bin', type: 'ordinal', sort: h.bins, title: 'time in the phase', axis: { labelAngle: 0 } } as const;
  const y = { field: 'tasks', type: 'quantitative', title: null, axis: { tickCount: 2 } } as const;
  const spec = {
    data: { values: rows },
    // Rows in the phases' order by a field, not a list of the phases drawn: one shape (vega-svg.ts) whichever phases a run has.
    facet: { row: { field: 'phase', type: 'nominal', sort: { field: 'order', op: 'min' }, title: null, header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top', labelFontWeight: 'bold' } } },
    spec: {
      width: CHART_WIDTH,
      height: 48,
      layer: [
        { mark: { type: 'bar' }, encoding: { x, y, description: { field: 'tip' } } },
        { transform: [{ filter: 'datum.tasks > 0' }], mark: { type: 'text', dy: -2, baseline: 'bottom', aria: false }, encoding: { x, y, text: { field: 'tasks' } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as unknown as TopLevelSpec;
  return { spec, table: { columns: ['phase', ...h.bins], rows: phases.map((phase) => [phase, ...h.counts[h.phases.indexOf(phase)]!]) } };
}
