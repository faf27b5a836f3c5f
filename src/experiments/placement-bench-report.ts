/**
 * The placement benchmark's outputs: one row per policy, cluster size, mix (figures averaged over
 * the seeds, placements/s as their median), as a table, CSV, JSON and a Markdown report.
 */
import type { BenchCellResult } from '../run/placement-bench/bench-run.js';

/** A cell's figures over its seeds: means, the median placements/s, the reasons summed and worded `CODE xN; ...`. */
export type PlacementBenchRow = Omit<BenchCellResult, 'seed' | 'decisions' | 'reasons'> & {
  readonly seeds: number;
  /** `CODE xN` joined by '; ' (most frequent first). */
  readonly reasons: string;
};

export const PLACEMENT_BENCH_COLUMNS = [
  'policy',
  'hosts',
  'mix',
  'seeds',
  'placementsPerSecond',
  'placed',
  'unschedulable',
  'reasons',
  'hostsUsed',
  'cpuUtilization',
  'memoryUtilization',
  'strandedVcpu',
  'strandedMemoryGiB',
  'azImbalance',
  'monthlyCostUsd',
] as const satisfies readonly (keyof PlacementBenchRow)[];

/** Cells grouped by (policy, hosts, mix) in the order first seen; means over seeds, the median placements/s. */
export function summarizeCells(cells: readonly BenchCellResult[]): PlacementBenchRow[] {
  const groups = new Map<string, BenchCellResult[]>();
  for (const c of cells) {
    const key = `${c.policy}\u0000${c.hosts}\u0000${c.mix}`;
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(c);
  }
  return [...groups.values()].map((list) => {
    const first = list[0]!;
    const mean = (f: (c: BenchCellResult) => number, digits: number): number => round(list.reduce((s, c) => s + f(c), 0) / list.length, digits);
    const reasons = new Map<string, number>();
    for (const c of list) for (const r of c.reasons) reasons.set(r.code, (reasons.get(r.code) ?? 0) + r.count);
    return {
      policy: first.policy,
      hosts: first.hosts,
      mix: first.mix,
      seeds: list.length,
      placementsPerSecond: median(list.map((c) => c.placementsPerSecond)),
      placed: mean((c) => c.placed, 1),
      unschedulable: mean((c) => c.unschedulable, 1),
      reasons: [...reasons]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([code, n]) => `${code} x${n}`)
        .join('; '),
      hostsUsed: mean((c) => c.hostsUsed, 1),
      cpuUtilization: mean((c) => c.cpuUtilization, 3),
      memoryUtilization: mean((c) => c.memoryUtilization, 3),
      strandedVcpu: mean((c) => c.strandedVcpu, 1),
      strandedMemoryGiB: mean((c) => c.strandedMemoryGiB, 1),
      azImbalance: mean((c) => c.azImbalance, 3),
      monthlyCostUsd: mean((c) => c.monthlyCostUsd, 0),
    };
  });
}

export interface ReportContext {
  /** The command that produced it, for the report's header. */
  readonly command: string;
  /** Where it ran (machine, Node version): the CLI knows, the report does not ask. */
  readonly machine: string;
  readonly fill: number;
  readonly churn: number;
  readonly churnRounds: number;
  readonly seeds: readonly string[];
}

const HEADINGS: Readonly<Record<(typeof PLACEMENT_BENCH_COLUMNS)[number], string>> = {
  policy: 'policy',
  hosts: 'hosts',
  mix: 'mix',
  seeds: 'seeds',
  placementsPerSecond: 'placements/s',
  placed: 'placed',
  unschedulable: 'unschedulable',
  reasons: 'reasons (codes)',
  hostsUsed: 'hosts used',
  cpuUtilization: 'CPU util.',
  memoryUtilization: 'memory util.',
  strandedVcpu: 'stranded vCPU',
  strandedMemoryGiB: 'stranded GiB',
  azImbalance: 'AZ imbalance',
  monthlyCostUsd: 'monthly cost (USD)',
};

/** The Markdown report: what was run, how to read it, one table per cluster size and mix. */
export function renderPlacementBenchMarkdown(rows: readonly PlacementBenchRow[], ctx: ReportContext): string {
  const out: string[] = [
    '# Placement policies compared',
    '',
    `Command: \`${ctx.command}\`. Machine: ${ctx.machine}.`,
    '',
    `Each policy places the same tasks in the same order on the same generated cluster (seeds ${ctx.seeds.join(', ')}): hosts round-robin over three AZs, every tenth a g4dn.xlarge (1 GPU), the rest m5.xlarge; tasks drawn from the mix until they ask for ${Math.round(ctx.fill * 100)} % of the cluster's CPU or memory (whichever binds), then ${ctx.churnRounds} round(s) replacing ${Math.round(ctx.churn * 100)} % of the running tasks. ECS policies place on container instances (bridge mode), Kubernetes ones on nodes with their max pods.`,
    '',
    '- placements/s: decisions (found a host or not) per second of deciding and binding, median over the seeds;',
    '- hosts used, CPU and memory utilisation: of the hosts running at least one task at the end;',
    "- stranded: free vCPU on used hosts without memory for the mix's smallest task, and free GiB without its CPU;",
    '- AZ imbalance: (most - fewest tasks in an AZ) / mean per AZ; monthly cost: on-demand price of the hosts used for 730 h.',
    '',
  ];
  const sections = new Map<string, PlacementBenchRow[]>();
  for (const r of rows) {
    const key = `${r.hosts.toLocaleString('en-US')} hosts, mix ${r.mix}`;
    let list = sections.get(key);
    if (list === undefined) sections.set(key, (list = []));
    list.push(r);
  }
  const columns = PLACEMENT_BENCH_COLUMNS.filter((c) => c !== 'hosts' && c !== 'mix' && c !== 'seeds');
  for (const [title, list] of sections) {
    out.push(`## ${title}`, '', `| ${columns.map((c) => HEADINGS[c]).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`);
    for (const r of list) out.push(`| ${columns.map((c) => formatCell(r[c])).join(' | ')} |`);
    out.push('');
  }
  return `${out.join('\n')}`;
}

function formatCell(v: string | number): string {
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
  return v === '' ? '-' : v;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
