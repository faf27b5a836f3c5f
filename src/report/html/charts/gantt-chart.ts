import type { GanttRow } from '../report-data.js';
import type { Chart } from './chart.js';
import { segmentedBarChart } from './segmented-bar-chart.js';

const PHASES = [
  { key: 'detectionS', name: 'detection', short: 'det' },
  { key: 'provisioningS', name: 'provisioning', short: 'prov' },
  { key: 'imagePullS', name: 'image pull', short: 'pull' },
  { key: 'containerStartS', name: 'container start', short: 'start' },
  { key: 'healthCheckS', name: 'health check', short: 'hc' },
] as const;

/**
 * The scaling Gantt: one bar per scale-out, from the load change (or the decision) to the median
 * new task serving, split into detection, provisioning, image pull, container start and health
 * check; the total at the end of each bar. Null without scale-outs.
 */
export function ganttChart(rows: readonly GanttRow[]): Chart | null {
  return segmentedBarChart({
    rows: rows.map((r) => ({ label: r.label, values: PHASES.map((p) => r[p.key]), total: r.totalS === null ? 'not serving' : `${Math.round(r.totalS * 10) / 10} s` })),
    segments: PHASES,
    valueTitle: 'seconds from the load change (or the decision)',
    unit: ' s',
    totalTitle: 'total (load change to serving), s',
  });
}
