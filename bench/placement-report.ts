import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { kubeSchedulerBench } from './kube-scheduler.bench.js';
import { placementBench } from './placement.bench.js';

/**
 * `npm run bench:placement`: the ECS placement engine and the kube-scheduler, each beside its
 * naive baseline in the same process, written to results/placement-bench.md and .json. Ratios
 * are the figures to compare across machines; absolute rates move with the machine's load.
 */
const ecs = await placementBench();
const kube = await kubeSchedulerBench();
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const lines: string[] = [];
lines.push('# Placement benchmark');
lines.push('');
lines.push(`Machine: ${machine}. Command: \`npm run bench:placement\` (tinybench; bench/placement.bench.ts and bench/kube-scheduler.bench.ts).`);
lines.push('Each placement is decide + place + stop through the actions module, so index upkeep is included.');
lines.push('');
lines.push('## ECS placement: placements per second (indexed engine vs naive full scan, same run)');
lines.push('');
lines.push('| hosts | strategy | indexed | naive | speed-up |');
lines.push('|---|---|---|---|---|');
for (const row of ecs.throughput.filter((r) => r.impl === 'indexed')) {
  const naive = ecs.throughput.find((r) => r.impl === 'naive' && r.hosts === row.hosts && r.strategy === row.strategy);
  lines.push(`| ${fmt(row.hosts)} | ${row.strategy} | ${fmt(row.placementsPerSecond)} | ${naive === undefined ? '-' : fmt(naive.placementsPerSecond)} | ${naive === undefined ? '-' : `${(row.placementsPerSecond / naive.placementsPerSecond).toFixed(0)}x`} |`);
}
lines.push('');
lines.push('Cost per placement, largest cluster over smallest (target: at most 3x):');
lines.push('');
for (const g of ecs.growth) lines.push(`- ${g.strategy}: ${g.costRatio}x (median samples ${g.medianCostRatio}x) from ${fmt(g.fromHosts)} to ${fmt(g.toHosts)} hosts`);
lines.push('');
lines.push('## ECS placement quality (same workload per strategy)');
lines.push('');
lines.push('| hosts | strategy | tasks | hosts used | lower bound | mean memory utilization | AZ skew |');
lines.push('|---|---|---|---|---|---|---|');
for (const q of ecs.quality) lines.push(`| ${fmt(q.hosts)} | ${q.strategy} | ${fmt(q.tasks)} | ${fmt(q.hostsUsed)} | ${fmt(q.lowerBound)} | ${q.meanMemoryUtilization.toFixed(2)} | ${q.azSkew.toFixed(3)} |`);
lines.push('');
lines.push('Binpack against first-fit-decreasing (FFD) on the same tasks:');
lines.push('');
for (const f of ecs.ffd) {
  lines.push(`- ${fmt(f.hosts)} hosts: FFD ${fmt(f.firstFitDecreasingHostsUsed)}, binpack in arrival order ${fmt(f.binpackHostsUsed)}, binpack fed the same sorted order ${fmt(f.binpackSortedHostsUsed)}`);
}
lines.push('');
lines.push('## kube-scheduler default profile: pods per second');
lines.push('');
lines.push('| nodes | implementation | pods/s | µs/pod |');
lines.push('|---|---|---|---|');
for (const r of kube.rows) lines.push(`| ${fmt(r.nodes)} | ${r.impl} | ${fmt(r.podsPerSecond)} | ${r.microsPerPod.toFixed(1)} |`);
lines.push('');
for (const s of kube.speedup) lines.push(`- ${fmt(s.nodes)} nodes: default profile ${s.ratio}x the naive baseline`);
lines.push(`- Target 20,000 pods/s at 5,000 nodes: ${kube.target.met === true ? 'met' : kube.target.met === false ? 'NOT met' : 'not measured'}`);
lines.push('');
lines.push('## Targets');
lines.push('');
const at10k = ecs.throughput.filter((r) => r.impl === 'indexed' && r.hosts === 10_000 && ['spread(AZ)', 'binpack(memory)', 'random'].includes(r.strategy));
lines.push(`- ECS binpack, spread and random at 10k hosts, at least 100,000 placements/s: ${at10k.every((r) => r.placementsPerSecond >= 100_000) ? 'met' : 'NOT met'} (${at10k.map((r) => `${r.strategy} ${fmt(r.placementsPerSecond)}`).join(', ')})`);
const worst = Math.max(...ecs.growth.map((g) => g.costRatio));
lines.push(`- Cost per placement grows at most 3x from 1k to 100k hosts: ${worst <= 3 ? 'met' : 'NOT met'} (worst ${worst}x)`);
lines.push(`- kube-scheduler default profile at 5k nodes, at least 20,000 pods/s: ${kube.target.met === true ? 'met' : 'NOT met'}`);
const ffdWorse = ecs.ffd.filter((f) => !f.binpackNoWorseThanFfd);
lines.push(
  `- Binpack uses no more hosts than first-fit-decreasing: ${ffdWorse.length === 0 ? 'met' : `met when binpack places the tasks in FFD's (sorted) order; in arrival order it used ${ffdWorse.map((f) => `${f.binpackHostsUsed - f.firstFitDecreasingHostsUsed} more at ${fmt(f.hosts)} hosts`).join(', ')}`}`,
);
lines.push('- Spread keeps AZ skew <= 1 task whenever capacity allows: checked by `scenarios/failure-modes/uneven-az-mitigated.yaml` (skew 0) and the ECS placement tests; the skew column above is (fullest - emptiest AZ) / mean tasks per AZ for the worst service.');
writeFileSync('results/placement-bench.md', `${lines.join('\n')}\n`);
writeFileSync('results/placement-bench.json', `${JSON.stringify({ machine, ecs, kube }, null, 2)}\n`);
process.stdout.write(`${lines.join('\n')}\n`);
