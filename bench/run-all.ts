import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { engineBench } from './engine.bench.js';
import { karpenterBench } from './karpenter.bench.js';
import { reportSection } from './report-section.js';
import { riskSeedsBench } from './risk-seeds.js';
import { scaleBench } from './scale.bench.js';

/**
 * `npm run bench`: the engine benchmark (fleetsim's event loop against a hand-written one, same
 * process), the Karpenter solver on a 1,000-pod batch (against a first-fit packer, same process)
 * and the end-to-end scale benchmark at 1k, 10k and 100k hosts; prints the figures
 * and writes them to results/bench.md and results/bench.json; then the placement benchmarks
 * (bench/placement-report.ts -> results/placement-bench.md). Also 1,000 seeds of the quick start
 * through `fleetsim run --seeds` (bench/risk-seeds.ts). The report benchmark's section of
 * results/bench.md (bench/report-run.ts, `npm run bench:report`) is kept as it is.
 * `--sizes 1000,10000` runs other cluster sizes (then nothing is written, to keep the record).
 */
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [1000, 10_000, 100_000];
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const engine = await engineBench();
const out: string[] = [];
const say = (line = ''): void => {
  out.push(line);
  process.stdout.write(`${line}\n`);
};
say('# Benchmarks');
say();
say(`Machine: ${machine}. Command: \`npm run bench\` (bench/run-all.ts).`);
say();
say('## Engine: M/M/c queue, 200,000 customers (tinybench, same process)');
say();
say('| loop | events/s |');
say('|---|---|');
for (const r of engine.rows) say(`| ${r.name} | ${fmt(r.eventsPerSecond)} |`);
say();
say(`Ratio fleetsim engine / hand-written heap loop: **${engine.ratio.toFixed(2)}x** (target: at least 0.5x).`);
say();

const karpenter = await karpenterBench();
say(`## Karpenter solver: one batch of ${fmt(karpenter.pods)} pods, about a hundred instance types (tinybench, same process)`);
say();
say('| packer | ms per batch | pods/s | nodes |');
say('|---|---|---|---|');
for (const r of karpenter.rows) say(`| ${r.name} | ${r.meanMs.toFixed(1)} | ${fmt(r.podsPerSecond)} | ${fmt(r.nodes)} |`);
say();
say(`Solver time / first-fit time: **${karpenter.ratio.toFixed(1)}x** (the solver also narrows instance type options, checks requirements, offerings, zones and limits, and prices the launch).`);
say();

const scale = scaleBench(sizes);
say('## End to end: a day of diurnal traffic, ECS target tracking on every service');
say();
say('One service per 100 m5.large hosts; each swings between about 25 and 330 tasks four times a day');
say('(bench/workloads/scale-scenario.ts), awsvpc with ENI trunking. Every model runs: load, CloudWatch alarms, the service');
say('scheduler, the indexed placement engine (default AZ then instanceId spread), the container');
say('agent, task ENIs and subnet addresses, image pulls, health checks. Records are streamed to a listener, nothing is kept.');
say('Each size runs in its own process (bench/scale-run.ts), so peak RSS is that run alone.');
say();
say('| hosts | services | task starts | events | wall time | events/s | peak RSS |');
say('|---|---|---|---|---|---|---|');
for (const r of scale.rows) {
  say(`| ${fmt(r.hosts)} | ${fmt(r.services)} | ${fmt(r.taskStarts)} | ${fmt(r.events)} | ${r.wallS.toFixed(1)} s | ${fmt(r.eventsPerSecond)} | ${fmt(r.peakRssMiB)} MiB |`);
}
say();
say(`Wall time per event, ${fmt(scale.rows[scale.rows.length - 1]!.hosts)} hosts over ${fmt(scale.rows[0]!.hosts)}: **${scale.costPerEventRatio.toFixed(2)}x** (target: at most 2x).`);
say('Targets for the largest size: under 60 s and under 2 GB peak RSS.');

const risk = riskSeedsBench(1000);
say();
say('## Risk over seeds: `fleetsim run scenarios/quickstart.yaml --seeds 1000`');
say();
say('The compiled CLI in its own process, timed from outside (bench/risk-seeds.ts): every seed run as `run --seed` would,');
say('on worker threads, risk.json and risk.csv written.');
say();
say('| seeds | worker threads | wall time | seeds/s |');
say('|---|---|---|---|');
say(`| ${fmt(risk.seeds)} | ${risk.workers} | ${risk.wallS.toFixed(1)} s | ${fmt(risk.seedsPerSecond)} |`);
say();
say('Target: 1,000 seeds in under 60 s on a 2-core machine.');

if (sizesArg < 0) {
  say();
  say('Placement engine and kube-scheduler benchmarks: results/placement-bench.md (also `npm run bench:placement`).');
  say('One scale run alone: `npm run build && node dist/bench/scale-run.js 100000` (prints a JSON line).');
  // The report benchmark's section (bench/report-run.ts, `npm run bench:report`) is its own to rewrite.
  const kept = existsSync('results/bench.md') ? reportSection(readFileSync('results/bench.md', 'utf8')) : undefined;
  writeFileSync('results/bench.md', `${out.join('\n')}\n${kept === undefined ? '' : `\n${kept}\n`}`);
  writeFileSync('results/bench.json', `${JSON.stringify({ machine, engine, karpenter, scale, risk }, null, 2)}\n`);
  process.stdout.write('\nplacement benchmarks (about a minute and a half)...\n');
  await import('./placement-report.js');
}
