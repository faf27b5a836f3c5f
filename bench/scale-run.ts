import { performance } from 'node:perf_hooks';
import { runSimulation } from '../src/run.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { scaleScenario } from './workloads/scale-scenario.js';

/**
 * One end-to-end scale run in its own process (so peak RSS is this run's): prints a JSON line
 * with hosts, task starts, events, wall time, events per second and peak RSS.
 * Usage: node dist/bench/scale-run.js <hosts>
 */
const hosts = Number(process.argv[2] ?? 1000);
const loaded = loadScenario(`scale-${hosts}`, scaleScenario(hosts));
if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
let starts = 0;
let records = 0;
const t0 = performance.now();
const result = runSimulation(loaded.spec, {
  listeners: [
    (r) => {
      records++;
      if (r.type === 'task.status-changed' && r.to === 'RUNNING') starts++;
    },
  ],
});
const wallS = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({ hosts, services: loaded.spec.services.length, taskStarts: starts, events: result.events, records, wallS: Math.round(wallS * 100) / 100, eventsPerSecond: Math.round(result.events / wallS), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), expectationsFailed: result.expectationsFailed })}\n`,
);
