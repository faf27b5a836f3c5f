import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { produceRunOutputs, writeReportHtml } from '../src/experiments/run-outputs.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import type { TextSink } from '../src/report/text-sink.js';
import { withReportSection } from './report-section.js';
import { scaleScenario } from './workloads/scale-scenario.js';

/**
 * What report.json and report.html add to a run (issue 18: at most 10 % on the 10,000-host day).
 * The scale workload's day (bench/workloads/scale-scenario.ts) runs as `fleetsim run` makes it,
 * every output included (events.csv too), into sinks that count the bytes and drop them: without
 * the report (`report: false`) and with it (recorded during the run, then report.html rendered by
 * Vega), alternating, each run in a fresh Node process as `fleetsim run` has it (one run per
 * process: Vega is loaded and its code compiled for that run's page, and no earlier run's garbage
 * is collected during it). Wall time moves with the machine's load (2 cores shared); CPU time
 * (every thread of the process: V8 compiles and collects garbage on helper threads) is the
 * steadier figure. Vega is imported before the clock starts in both (the CLI loads it only for
 * the page), so the comparison is the run and its outputs, not module loading.
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
  /** Rendering report.html alone (included in wallS). */
  readonly renderS: number;
  /** CPU time of rendering report.html alone (included in cpuS). */
  readonly renderCpuS: number;
  readonly bytes: ReadonlyMap<string, number>;
  /** The process's peak resident set, MiB (one run per process: the run's). */
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
  const outputs = produceRunOutputs(spec, { report: withReport }, open);
  let renderS = 0;
  let renderCpuS = 0;
  if (withReport) {
    const r0 = performance.now();
    const rc0 = process.cpuUsage();
    await writeReportHtml(outputs.report!, open);
    const rc = process.cpuUsage(rc0);
    renderS = (performance.now() - r0) / 1000;
    renderCpuS = (rc.user + rc.system) / 1e6;
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wallS, cpuS: (cpu.user + cpu.system) / 1e6, renderS, renderCpuS, bytes: new Map([...sinks].map(([n, s]) => [n, s.bytes])), rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
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
  // Rendering loads Vega on first use; load it before timing so no run pays for the import.
  await import('../src/report/html/run-report-html.js');
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
const last = withReport[withReport.length - 1]!;

const section = [
  '## HTML report: what report.json and report.html add to a run',
  '',
  "The scale workload's day (above) as `fleetsim run` makes it: every output (events.csv included),",
  'written to sinks that count and drop the bytes, without the report and with it (recording',
  "report.json's data during the run, then rendering report.html with Vega), alternating, each run in",
  'a fresh process as `fleetsim run` has it, Vega imported before the clock starts (bench/report-run.ts;',
  "`npm run bench:report` rewrites this section). Wall time moves with the machine's load; CPU time (all",
  "the process's threads, V8's compiler and garbage collector included) is the steadier figure.",
  '',
  '| hosts | runs | without report: wall / CPU (median) | with report: wall / CPU (median) | ratio, CPU | ratio, wall | report.html rendering: wall / CPU | report.json | report.html | peak RSS without / with |',
  '|---|---|---|---|---|---|---|---|---|---|',
  `| ${hosts.toLocaleString('en-US')} | ${pairs} + ${pairs} | ${s(w0)} / ${s(c0)} | ${s(w1)} / ${s(c1)} | **${(c1 / c0).toFixed(3)}x** | ${(w1 / w0).toFixed(3)}x | ${list(withReport, (m) => m.renderS)} s / ${list(withReport, (m) => m.renderCpuS)} s | ${mb(last.bytes.get('report.json') ?? 0)} | **${mb(last.bytes.get('report.html') ?? 0)}** | ${median(without.map((m) => m.rssMiB)).toLocaleString('en-US')} / ${median(withReport.map((m) => m.rssMiB)).toLocaleString('en-US')} MiB |`,
  '',
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
