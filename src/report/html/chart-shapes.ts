import type { TopLevelSpec } from 'vega-lite';
import { barChart } from './charts/bar-chart.js';
import { timeAxis } from './charts/chart.js';
import { ganttChart } from './charts/gantt-chart.js';
import { startupChart } from './charts/startup-chart.js';
import { MAX_HOVER_POINTS, timeChart } from './charts/time-chart.js';
import { BIN_LABELS, ORDERED_STARTUP_PHASES } from './startup-phases.js';

/**
 * One spec of each shape a run's report can draw (run-report-html.ts), for compiling them ahead
 * of time (vega-svg.ts, `compileChartShapes`). The charts are templates: what differs from run to
 * run is in their data and parameters, so a chart's shape depends only on the options below, and
 * made-up values stand for any run's. The time chart's options: steps or slopes, whole numbers
 * or not, a hover dot per point (few points) or not, target lines or not, markers or not; the
 * others have one shape each. test/report/html/chart-shapes.test.ts checks that the reports of
 * the scenarios draw no chart outside this list.
 */
export function reportChartShapes(): TopLevelSpec[] {
  const axis = timeAxis(3600);
  const specs: TopLevelSpec[] = [];
  const flags = [false, true];
  for (const steps of flags)
    for (const integer of flags)
      for (const hover of flags)
        for (const targets of flags)
          for (const markers of flags) {
            const points = hover ? 2 : MAX_HOVER_POINTS + 1;
            const t = Array.from({ length: points }, (_, i) => i);
            specs.push(
              timeChart({
                series: [{ name: 'series', t, v: t }],
                axis,
                yTitle: 'value',
                steps,
                integer,
                targets: targets ? [{ label: 'target', value: 1 }] : [],
                markers: markers ? [{ atS: 0, kind: 'fault', label: 'F', text: 'fault' }] : [],
              }).spec,
            );
          }
  const startup = startupChart({ phases: [...ORDERED_STARTUP_PHASES], bins: [...BIN_LABELS], counts: ORDERED_STARTUP_PHASES.map(() => BIN_LABELS.map(() => 1)) });
  const gantt = ganttChart([{ label: 'scale-out', service: 'service', atS: 0, from: 1, to: 2, detectionS: 1, provisioningS: 1, imagePullS: 1, containerStartS: 1, healthCheckS: 1, totalS: 5 }]);
  const bars = barChart([{ label: 'item', value: 1 }], 'value', String);
  for (const chart of [startup, gantt, bars]) if (chart !== null) specs.push(chart.spec);
  return specs;
}
