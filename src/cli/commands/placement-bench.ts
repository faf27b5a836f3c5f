import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Argv } from 'yargs';
import { SimulationError } from '../../engine/errors.js';
import { PLACEMENT_BENCH_COLUMNS, renderPlacementBenchMarkdown, summarizeCells, type PlacementBenchRow } from '../../experiments/placement-bench-report.js';
import { PluginRegistrationError } from '../../policy/placement-registry.js';
import { DEFAULT_BENCH_POLICIES, resolveBenchPolicy, type BenchPolicy } from '../../run/placement-bench/bench-policies.js';
import { runBenchCell, type BenchCellResult } from '../../run/placement-bench/bench-run.js';
import { DEFAULT_WORKLOAD, WORKLOAD_MIXES } from '../../run/placement-bench/bench-workload.js';
import { OutputDir, writeOutputDir } from '../file-output.js';
import { Interruption } from '../interruption.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import { renderRows, type OutputFormat } from '../output-format.js';
import { loadPlugins, PLUGIN_OPTIONS } from '../plugin-loader.js';
import { SHARED_OPTIONS, wholeNumber } from '../shared-options.js';
import { tableWidth } from '../text-table.js';

export const command = 'placement-bench';
export const describe = 'Compare placement policies (built-in and your plugins) on the same generated clusters, workloads and seeds';

/** Most hosts one cluster of the benchmark may have (docs/limits.md). */
export const MAX_BENCH_HOSTS = 100_000;
/** Most seeds per cell. */
export const MAX_BENCH_SEEDS = 20;
/** The files `--out` receives. */
export const PLACEMENT_BENCH_FILES = ['placement-bench.md', 'placement-bench.csv', 'placement-bench.json'] as const;

export function builder(y: Argv) {
  return y
    .option('policy', {
      type: 'string',
      array: true,
      default: [...DEFAULT_BENCH_POLICIES],
      describe: 'A policy to compare; repeatable: binpack, spread, random, kube-default, ecs:<strategy type>[:<field>], kube-default+<plugin>[=<weight>], or a registered policy',
    })
    .option('plugin', PLUGIN_OPTIONS.plugin)
    .option('plugin-budget', PLUGIN_OPTIONS['plugin-budget'])
    .option('hosts', { type: 'string', array: true, default: ['100', '1000'], describe: 'Cluster sizes, in hosts; repeatable' })
    .option('mix', { type: 'string', array: true, default: Object.keys(WORKLOAD_MIXES), describe: `Workload mixes; repeatable: ${Object.keys(WORKLOAD_MIXES).join(', ')}` })
    .option('seeds', { type: 'number', nargs: 1, default: 3, coerce: wholeNumber('seeds', 1, MAX_BENCH_SEEDS), describe: 'Seeds per cell (1..n); every policy gets the same ones' })
    .option('fill', { type: 'number', nargs: 1, default: DEFAULT_WORKLOAD.fill, coerce: fraction('fill'), describe: "Fraction of the cluster's CPU or memory (whichever binds) the tasks ask for" })
    .option('churn', { type: 'number', nargs: 1, default: DEFAULT_WORKLOAD.churn, coerce: fraction('churn', true), describe: 'Fraction of the running tasks replaced per churn round' })
    .option('churn-rounds', { type: 'number', nargs: 1, default: DEFAULT_WORKLOAD.churnRounds, coerce: wholeNumber('churn-rounds', 0, 100), describe: 'Churn rounds after the fill' })
    .option('out', { ...SHARED_OPTIONS.out, describe: 'Also write placement-bench.md, .csv and .json into this folder' })
    .option('output', SHARED_OPTIONS.output)
    .example('$0 placement-bench --hosts 1000', 'The four default policies, both mixes')
    .example('$0 placement-bench --plugin ./p.js', 'With plugins of yours (docs/placement.md)');
}

export interface PlacementBenchArgs {
  readonly policy: readonly string[];
  readonly plugin?: readonly string[];
  readonly pluginBudget?: number;
  readonly hosts: readonly string[];
  readonly mix: readonly string[];
  readonly seeds: number;
  readonly fill: number;
  readonly churn: number;
  readonly churnRounds: number;
  readonly out?: string;
  readonly output: OutputFormat;
}

/**
 * `fleetsim placement-bench`: every policy on every (cluster size, mix) with the same seeds; one
 * row per (policy, size, mix) on stdout, and with --out the Markdown report, CSV and JSON. Exit 2
 * for bad options, a plugin that cannot be loaded, or a plugin that misbehaves during the
 * benchmark (its name, what it did, the task; nothing written).
 */
export async function handler(args: PlacementBenchArgs, io: CliIo): Promise<number> {
  const hosts = args.hosts.map(hostCount);
  // A wrong --out is reported before the work, not after it.
  if (args.out !== undefined) OutputDir.check(io, args.out, PLACEMENT_BENCH_FILES);
  for (const mix of args.mix) if (WORKLOAD_MIXES[mix] === undefined) throw new UsageError(`--mix ${mix}: use one of ${Object.keys(WORKLOAD_MIXES).join(', ')}`);
  const plugins = await loadPlugins(io.cwd, args.plugin, args.pluginBudget);
  if (!plugins.ok) {
    io.stderr(`error: ${plugins.message}\n`);
    return ExitCode.BadInput;
  }
  const policies: BenchPolicy[] = [];
  for (const name of args.policy) {
    const resolved = resolveBenchPolicy(name, plugins.registry);
    if (!resolved.ok) {
      io.stderr(`error: ${resolved.message}\n`);
      return ExitCode.BadInput;
    }
    policies.push(resolved.policy);
  }
  const seeds = Array.from({ length: args.seeds }, (_, i) => String(i + 1));
  const cells: BenchCellResult[] = [];
  try {
    for (const n of hosts) {
      for (const mix of args.mix) {
        for (const policy of policies) {
          for (const seed of seeds) {
            const workload = { mix, fill: args.fill, churn: args.churn, churnRounds: args.churnRounds };
            cells.push(runBenchCell({ policy, hosts: n, workload, seed }, plugins.registry, () => performance.now()));
          }
        }
      }
    }
  } catch (error) {
    if (error instanceof SimulationError || error instanceof PluginRegistrationError) {
      io.stderr(`error: ${error.message.split('\n')[0]}\n`);
      return ExitCode.BadInput;
    }
    throw error;
  }
  const rows = summarizeCells(cells);
  io.stdout(renderRows(rows as unknown as Record<string, string | number>[], PLACEMENT_BENCH_COLUMNS, args.output, tableWidth(io)));
  if (args.out !== undefined) {
    const markdown = renderPlacementBenchMarkdown(rows, {
      command: commandLine(args),
      machine: `${availableParallelism()} x ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`,
      fill: args.fill,
      churn: args.churn,
      churnRounds: args.churnRounds,
      seeds,
    });
    await Interruption.during(io, (interruption) =>
      writeOutputDir(io, args.out!, PLACEMENT_BENCH_FILES, interruption, (out) => {
        out.open('placement-bench.md').write(markdown);
        out.open('placement-bench.csv').write(renderRows(rows as unknown as Record<string, string | number>[], PLACEMENT_BENCH_COLUMNS, 'csv'));
        out.open('placement-bench.json').write(`${JSON.stringify({ rows, cells }, null, 2)}\n`);
      }),
    );
  }
  return ExitCode.Ok;
}

/** The command line that reproduces a report (for its header). */
function commandLine(args: PlacementBenchArgs): string {
  const parts = ['fleetsim placement-bench'];
  for (const p of args.plugin ?? []) parts.push(`--plugin ${p}`);
  for (const p of args.policy) parts.push(`--policy ${p}`);
  for (const h of args.hosts) parts.push(`--hosts ${h}`);
  for (const m of args.mix) parts.push(`--mix ${m}`);
  parts.push(`--seeds ${args.seeds}`);
  if (args.fill !== DEFAULT_WORKLOAD.fill) parts.push(`--fill ${args.fill}`);
  if (args.churn !== DEFAULT_WORKLOAD.churn) parts.push(`--churn ${args.churn}`);
  if (args.churnRounds !== DEFAULT_WORKLOAD.churnRounds) parts.push(`--churn-rounds ${args.churnRounds}`);
  return parts.join(' ');
}

function hostCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(String(text).trim()) || !Number.isInteger(n) || n < 1) throw new UsageError(`--hosts ${text}: must be a whole number of hosts, at least 1`);
  if (n > MAX_BENCH_HOSTS) throw new UsageError(`--hosts ${text}: at most ${MAX_BENCH_HOSTS.toLocaleString('en-US')} (docs/limits.md)`);
  return n;
}

/** A `coerce` for a fraction option: (0, 1], or [0, 1] when zero is allowed. */
function fraction(flag: string, zero = false): (value: unknown) => number {
  return (value) => {
    if (Array.isArray(value)) throw new UsageError(`--${flag} is given ${value.length} times (${value.map(String).join(', ')}); give it once`);
    if (typeof value === 'number' && Number.isFinite(value) && value <= 1 && (zero ? value >= 0 : value > 0)) return value;
    throw new UsageError(`--${flag} ${String(value)}: must be a fraction ${zero ? 'from 0' : 'above 0'} to 1`);
  };
}
