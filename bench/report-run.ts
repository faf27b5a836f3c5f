import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { finishRunWithPage } from '../src/cli/report-renderer.js';
import { startRunOutputs } from '../src/experiments/run-outputs.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import type { TextSink } from '../src/report/text-sink.js';
import { withReportSection } from './report-section.js';
import { scaleScenario } from './workloads/scale-scenario.js';

/**
 * What report.json and report.html add to a run (issue 18: at most 10 % on the 10,000-host day).
 * The scale workload's day (bench/workloads/scale-scenario.ts) runs as `fleetsim run` makes it,
 * every output included (events.csv too), into sinks that count the bytes and drop them: without
 * the report (`report: false`) and with it (recorded during the run, report.html drawn by Vega in
 * the drawing process `fleetsim run` forks when the simulation ends: src/cli/report-renderer.ts), alternating,
 * each run in a fresh Node process as `fleetsim run` has it (one run per process: Vega is loaded
 * and its code compiled for that run's page, and no earlier run's garbage is collected during it).
 * Wall time is what the run's user waits; it moves with the machine's load (2 cores shared). CPU
 * time counts every thread of the run's process (V8 compiles and collects garbage on helper
 * threads) plus all the CPU time of the drawing process, its start and Vega's loading included.
 *
 * Usage: npm run build && node dist/bench/report-run.js [hosts=10000] [--pairs 2] [--write]
 * (`--child with|without` is one measured run, printed as JSON: what the parent spawns.)
 * `--write` (what `npm run bench:report` passes) replaces this benchmark's section of
 * results/bench.md; bench/run-all.ts keeps that section when it rewrites the file.
 */
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};
const hosts = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const pairs = Number(flag('--pairs') ?? 2);

const loaded = loadScenario(`scale-${hosts}`, scaleScenario(hosts));
if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
const spec = loaded.spec;

/** Counts what a file would hold; keeps nothing. */
class CountingSink implements TextSink {
  bytes = 0;
  write(chunk: string): void {
    this.bytes += Buffer.byteLength(chunk);
  }
}

interface Measured {
  readonly wallS: number;
  readonly cpuS: number;
  /** How long the run waited for report.html after its other files were done (included in wallS). */
  readonly renderS: number;
  /** CPU time of the drawing process, from its start (included in cpuS). */
  readonly renderCpuS: number;
  readonly bytes: ReadonlyMap<string, number>;
  /** The run's process's peak resident set, MiB (one run per process: the run's). */
  readonly rssMiB: number;
}

async function once(withReport: boolean): Promise<Measured> {
  const sinks = new Map<string, CountingSink>();
  const open = (name: string): CountingSink => {
    const sink = new CountingSink();
    sinks.set(name, sink);
    return sink;
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const started = startRunOutputs(spec, { report: withReport }, open);
  started.run.advance();
  let renderS = 0;
  let renderCpuS = 0;
  if (withReport) {
    // What `fleetsim run` does (src/cli/commands/run.ts).
    const finished = await finishRunWithPage(started, open);
    // No CPU from a drawing process: the page was drawn here (no compiled entry).
    if (finished.drawingCpuS === 0) throw new Error('no compiled drawing process: run `npm run build` first');
    renderS = finished.waitS;
    renderCpuS = finished.drawingCpuS;
  } else started.finish();
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wallS, cpuS: (cpu.user + cpu.system) / 1e6 + renderCpuS, renderS, renderCpuS, bytes: new Map([...sinks].map(([n, s]) => [n, s.bytes])), rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

/** One run in a fresh process (this script with `--child`), its figures back as JSON. */
function inChild(withReport: boolean): Measured {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), String(hosts), '--child', withReport ? 'with' : 'without'], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const m = JSON.parse(out) as Omit<Measured, 'bytes'> & { bytes: [string, number][] };
  return { ...m, bytes: new Map(m.bytes) };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const child = flag('--child');
if (child !== undefined) {
  const m = await once(child === 'with');
  process.stdout.write(JSON.stringify({ ...m, bytes: [...m.bytes] }));
  process.exit(0);
}

const without: Measured[] = [];
const withReport: Measured[] = [];
for (let i = 0; i < pairs; i++) {
  // Alternate which goes first, so a drift in the machine's load falls on both.
  for (const report of i % 2 === 0 ? [false, true] : [true, false]) {
    const m = inChild(report);
    (report ? withReport : without).push(m);
    process.stderr.write(`${report ? 'with' : 'without'} report: wall ${m.wallS.toFixed(2)} s, CPU ${m.cpuS.toFixed(2)} s${report ? `, rendering ${m.renderS.toFixed(2)} s (CPU ${m.renderCpuS.toFixed(2)} s)` : ''}\n`);
  }
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const s = (x: number): string => `${x.toFixed(1)} s`;
const list = (ms: readonly Measured[], pick: (m: Measured) => number): string => ms.map((m) => pick(m).toFixed(2)).join(', ');
const w0 = median(without.map((m) => m.wallS));
const c0 = median(without.map((m) => m.cpuS));
const w1 = median(withReport.map((m) => m.wallS));
const c1 = median(withReport.map((m) => m.cpuS));
// Each pair ran back to back, so its own ratio cancels the machine's slower drifts.
const pairRatios = (pick: (m: Measured) => number): number => median(withReport.map((m, i) => pick(m) / pick(without[i]!)));
const last = withReport[withReport.length - 1]!;

const section = [
  '## HTML report: what report.json and report.html add to a run',
  '',
  "The scale workload's day (above) as `fleetsim run` makes it: every output (events.csv included),",
  'written to sinks that count and drop the bytes, without the report and with it (recording',
  "report.json's data during the run; report.html drawn by Vega in the process `fleetsim run` forks",
  'when the simulation ends, which loads Vega and the chart shapes `npm run build` compiled while the run builds its summary and draws the page while',
  'the run writes its other files: src/cli/report-renderer.ts), alternating, each run in a fresh process as `fleetsim run`',
  'has it (bench/report-run.ts; `npm run bench:report` rewrites this section). Wall time is what the',
  "user waits, and moves with the machine's load; CPU time counts all the run's threads (V8's compiler",
  "and garbage collector included) and all of the drawing process's, its start and Vega's loading included.",
  '',
  '| hosts | runs | without report: wall / CPU (median) | with report: wall / CPU (median) | ratio, wall | ratio, CPU | waiting for report.html / drawing process CPU | report.json | report.html | peak RSS without / with |',
  '|---|---|---|---|---|---|---|---|---|---|',
  `| ${hosts.toLocaleString('en-US')} | ${pairs} + ${pairs} | ${s(w0)} / ${s(c0)} | ${s(w1)} / ${s(c1)} | **${(w1 / w0).toFixed(3)}x** | **${(c1 / c0).toFixed(3)}x** | ${list(withReport, (m) => m.renderS)} s / ${list(withReport, (m) => m.renderCpuS)} s | ${mb(last.bytes.get('report.json') ?? 0)} | **${mb(last.bytes.get('report.html') ?? 0)}** | ${median(without.map((m) => m.rssMiB)).toLocaleString('en-US')} / ${median(withReport.map((m) => m.rssMiB)).toLocaleString('en-US')} MiB |`,
  '',
  `Median of the ${pairs} pairs' own ratios (each pair ran back to back): wall ${pairRatios((m) => m.wallS).toFixed(3)}x, CPU ${pairRatios((m) => m.cpuS).toFixed(3)}x.`,
  `Every run, wall: without ${list(without, (m) => m.wallS)} s, with ${list(withReport, (m) => m.wallS)} s; CPU: without ${list(without, (m) => m.cpuS)} s, with ${list(withReport, (m) => m.cpuS)} s.`,
  'Targets: the report adds at most 10 % to the 10,000-host day; the 100,000-host day gives a report.html under 10 MB.',
  'Every series the page draws is bounded whatever the cluster size (docs/report.md, "Bounds"), so the page grows little with it;',
  '`node dist/bench/report-run.js 100000 --pairs 1` measures the 100,000-host day (not part of `npm run bench:report`: about 15 minutes and 3 GB here).',
];
process.stdout.write(`${section.join('\n')}\n`);

if (args.includes('--write')) {
  const path = 'results/bench.md';
  process.stdout.write(`\n(written to ${path})\n`);
  writeFileSync(path, withReportSection(readFileSync(path, 'utf8'), section));
}
