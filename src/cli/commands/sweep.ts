import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { parseSetOption, type SweepParameter } from '../../experiments/sweep-overrides.js';
import { PART_FILE, renderSweepCsv, renderSweepMarkdown, renderSweepPart, type SweepHeader } from '../../experiments/sweep-report.js';
import {
  MAX_PARAMETER_SETS,
  MAX_RUNS,
  formatSeeds,
  parameterSetCount,
  parameterSetLabel,
  parseSeeds,
  parseShard,
  prepareParameterSet,
  runCount,
  shardRuns,
  sweepId,
  sweepRun,
  type Shard,
  type SweepDefinition,
  type SweepInput,
} from '../../experiments/sweep.js';
import type { NamedFileReader } from '../../scenario/named-files.js';
import { OutputDir, writeOutputDir } from '../file-output.js';
import { Interruption } from '../interruption.js';
import { ExitCode, InterruptedError, type CliIo } from '../io.js';
import { ProgressBar } from '../progress-bar.js';
import { formatDiagnostics, readScenarioText } from '../read-scenario.js';
import { scenarioFileReader } from '../scenario-files.js';
import { SCENARIO_POSITIONAL, SHARED_OPTIONS, wholeNumber } from '../shared-options.js';
import { DEFAULT_WORKER_MEMORY_MB, runSweepPool, SweepRunFailed, SweepStopped } from '../sweep-pool.js';

export const command = 'sweep <scenario>';
export const describe = 'Run a scenario over parameter values x seeds on worker threads; write sweep.csv and sweep.md';

export function builder(y: Argv) {
  return y
    .positional('scenario', SCENARIO_POSITIONAL)
    .option('set', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'path=v1,v2,... overrides a field by its YAML path (repeatable)' })
    .option('seeds', { type: 'string', nargs: 1, describe: "Seeds: 1..100, 1,2,7 or both (default: the scenario's seed)" })
    .option('workers', { type: 'number', nargs: 1, coerce: wholeNumber('workers'), describe: 'Worker threads (default: the number of CPUs)' })
    .option('out', { ...SHARED_OPTIONS.out, describe: 'Output directory (default results/sweep-<scenario name>; {shard} = the shard index)' })
    .option('shard', { type: 'string', nargs: 1, describe: 'Run one slice: INDEX/COUNT (INDEX from 0; auto = $JOB_COMPLETION_INDEX or $AWS_BATCH_JOB_ARRAY_INDEX)' })
    .option('max-hosts', SHARED_OPTIONS.maxHosts)
    .option('worker-memory', { type: 'number', nargs: 1, coerce: wholeNumber('worker-memory', MIN_WORKER_MEMORY_MB, MAX_WORKER_MEMORY_MB), describe: `Heap limit of each worker thread, MiB (default ${DEFAULT_WORKER_MEMORY_MB.toLocaleString('en-US')})` })
    .option('quiet', SHARED_OPTIONS.quiet)
    .example('$0 sweep scenarios/quickstart.yaml --set services[0].desiredCount=6,12 --seeds 1..20', '2 values x 20 seeds = 40 runs')
    .example('$0 sweep scenarios/quickstart.yaml --seeds 1..100 --shard 0/4 --out /results/shard-0', 'One shard of four (then fleetsim merge)');
}

export interface SweepArgs {
  readonly scenario: string;
  /** `--set path=v1,v2,...`, in order. */
  readonly set: readonly string[];
  /** `--seeds 1..100`; default: the scenario's own seed. */
  readonly seeds?: string;
  /** Worker threads; default: the number of CPUs. */
  readonly workers?: number;
  /** Output directory; `{shard}` is replaced by the shard index. */
  readonly out?: string;
  /** `INDEX/COUNT`, or `auto/COUNT` to take INDEX from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX. */
  readonly shard?: string;
  readonly quiet?: boolean;
  /** `--max-hosts`: the most hosts each run may have at once. */
  readonly maxHosts?: number;
  /** `--worker-memory`: each worker thread's heap limit, MiB. */
  readonly workerMemory?: number;
}

/** `--worker-memory` bounds, MiB: below 64 a worker cannot load the simulator; 64 GiB is more than any run the scenario limits allow. */
const MIN_WORKER_MEMORY_MB = 64;
const MAX_WORKER_MEMORY_MB = 65_536;

/** What a test may substitute for the process: environment, CPU count, worker entry, clock. */
export interface SweepContext {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cpus?: number;
  readonly workerUrl?: URL;
  readonly clock?: () => number;
}

/** Environment variables `--shard auto/COUNT` reads the index from, in this order. */
export const SHARD_INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

/**
 * `fleetsim sweep`: checks every parameter set of the sweep (a bad path or value stops it before
 * any run), runs this shard's runs (all of them without `--shard`) on worker threads, and writes
 * `sweep.csv`, `sweep.json` and, when it ran the whole sweep, `sweep.md`, atomically.
 * Exit 0 when every run finished (failed expectations are a metric here, not a failure);
 * 2 for bad input or a run that hit its event limit.
 */
export async function handler(args: SweepArgs, io: CliIo, context: SweepContext = {}): Promise<number> {
  const bad = (message: string): number => {
    io.stderr(`error: ${message}\n`);
    return ExitCode.BadInput;
  };
  const clock = context.clock ?? Date.now;
  const started = clock();

  const parameters: SweepParameter[] = [];
  for (const option of args.set) {
    const parsed = parseSetOption(option);
    if (!parsed.ok) return bad(parsed.message);
    if (parameters.some((p) => p.path === parsed.value.path)) return bad(`--set ${parsed.value.path} is given twice; list all its values in one --set`);
    parameters.push(parsed.value);
  }
  let shard: Shard | undefined;
  if (args.shard !== undefined) {
    const resolved = resolveShardIndex(args.shard, context.env ?? process.env);
    if (resolved === undefined) return bad(`--shard ${args.shard}: auto needs ${SHARD_INDEX_VARIABLES.join(' or ')} in the environment`);
    const parsed = parseShard(resolved);
    if (!parsed.ok) return bad(parsed.message);
    shard = parsed.value;
  }

  // Read the scenario once; record every file it refers to, so workers get the same bytes.
  const read = readScenarioText(io.cwd, args.scenario);
  if (!read.ok) {
    io.stderr(formatDiagnostics(read.diagnostics));
    return ExitCode.BadInput;
  }
  const text = read.text;
  const files: Record<string, string> = {};
  const readIncluded = scenarioFileReader(io.cwd, args.scenario);
  const readFile: NamedFileReader = (relative) => {
    if (Object.hasOwn(files, relative)) return files[relative];
    const included = readIncluded(relative);
    if (typeof included === 'string') files[relative] = included;
    return included;
  };

  let seeds: string[] | undefined;
  if (args.seeds !== undefined) {
    const parsed = parseSeeds(args.seeds);
    if (!parsed.ok) return bad(parsed.message);
    seeds = parsed.value;
  }
  const maxHosts = args.maxHosts === undefined ? {} : { maxHosts: args.maxHosts };
  // The grid's size first: every parameter set is loaded and checked before any run.
  const probe: SweepDefinition = { parameters, seeds: seeds ?? ['-'] };
  const sets = parameterSetCount(probe);
  if (sets > MAX_PARAMETER_SETS) return bad(`--set: ${sets.toLocaleString('en-US')} parameter sets (the product of the values of each --set), more than ${MAX_PARAMETER_SETS.toLocaleString('en-US')} (docs/limits.md); split the sweep into several`);
  if (sets * probe.seeds.length > MAX_RUNS) return bad(`the sweep has ${(sets * probe.seeds.length).toLocaleString('en-US')} runs, more than ${MAX_RUNS.toLocaleString('en-US')}; split it into several sweeps`);
  // Check every parameter set before running anything.
  let scenarioName = '';
  let scenarioSeed = '';
  for (let set = 0; set < parameterSetCount(probe); set++) {
    const prepared = prepareParameterSet({ file: args.scenario, text, definition: probe, ...maxHosts }, set, readFile);
    if (!prepared.ok) {
      if (prepared.message !== undefined) return bad(prepared.message);
      const label = parameterSetLabel(parameters, sweepRun(probe, set * probe.seeds.length).values);
      io.stderr(`${parameters.length > 0 ? `with ${label}:\n` : ''}${formatDiagnostics(prepared.diagnostics ?? [])}`);
      return ExitCode.BadInput;
    }
    if (set === 0) {
      scenarioName = prepared.spec.name;
      scenarioSeed = prepared.spec.seed;
    }
  }
  const definition: SweepDefinition = { parameters, seeds: seeds ?? [scenarioSeed] };
  const total = runCount(definition);
  if (total > MAX_RUNS) return bad(`the sweep has ${total.toLocaleString('en-US')} runs, more than ${MAX_RUNS.toLocaleString('en-US')}; split it into several sweeps`);
  if (shard !== undefined && shard.count > total) return bad(`--shard ${shard.index}/${shard.count}: more shards than the ${total} runs of the sweep`);

  const input: SweepInput = { file: args.scenario, text, files, definition, ...maxHosts };
  const header: SweepHeader = { sweepId: sweepId(input), scenario: scenarioName, parameters: parameters.map((p) => ({ path: p.path, values: p.values })), seeds: definition.seeds, totalRuns: total };
  const runs = shardRuns(total, shard);
  const whole = shard === undefined || shard.count === 1;
  const outArg = args.out ?? (whole ? `results/sweep-${scenarioName}` : `results/sweep-${scenarioName}/shard-{shard}`);
  const outGiven = outArg.replaceAll('{shard}', String(shard?.index ?? 0));
  const outNames = ['sweep.csv', PART_FILE, 'sweep.md'];
  // Checked before the runs (hours, maybe); written after them.
  const outDir = OutputDir.check(io, outGiven, outNames);

  const requested = args.workers ?? Math.max(1, context.cpus ?? availableParallelism());
  const outcome = await Interruption.during(io, async (interruption) => {
    const bar = io.isTTY && !args.quiet && runs.length > 0 ? new ProgressBar(io.stderr, runs.length, shard === undefined ? 'sweep' : `shard ${shard.index}/${shard.count}`, clock) : undefined;
    bar?.update(0);
    let pool;
    try {
      pool = await runSweepPool(input, runs, { workers: requested, workerUrl: context.workerUrl, onProgress: (done) => bar?.update(done), interruption, ...(args.workerMemory === undefined ? {} : { workerMemoryMb: args.workerMemory }) });
    } catch (error) {
      bar?.finish();
      if (error instanceof SweepStopped) throw new InterruptedError(error.signal, `interrupted after ${error.done} of ${runs.length} runs; nothing written: ${outDir} is as it was`);
      if (!(error instanceof SweepRunFailed)) throw error;
      const run = sweepRun(definition, error.run);
      const what = `run ${error.run} (seed ${run.seed}${parameters.length > 0 ? `; ${parameterSetLabel(parameters, run.values)}` : ''})`;
      if (error.simulation) {
        io.stderr(`${args.scenario}: ${what}: error: ${error.message}\n`);
        return undefined;
      }
      const internal = new Error(`${what}: ${error.message}`);
      internal.stack = `${what}: ${error.detail}`;
      throw internal;
    }
    bar?.finish();
    await writeOutputDir(io, outGiven, outNames, interruption, (out) => {
      out.open('sweep.csv').write(renderSweepCsv(header, pool.results));
      out.open(PART_FILE).write(renderSweepPart(header, shard ?? { index: 0, count: 1 }, pool.results));
      if (whole) out.open('sweep.md').write(renderSweepMarkdown(header, pool.results));
    });
    return pool;
  });
  // A run stopped by the simulation (its event limit): reported above.
  if (outcome === undefined) return ExitCode.BadInput;

  if (outcome.mode === 'in-process: no compiled worker entry' && requested > 1) {
    io.stderr('note: worker threads run the compiled CLI (npm run build); from the sources the runs ran in this thread\n');
  }
  if (!args.quiet) {
    const sets = parameterSetCount(definition);
    const where = outcome.workers > 1 ? `on ${outcome.workers} worker threads` : 'in one thread';
    const seconds = ((clock() - started) / 1000).toFixed(1);
    const scope = whole ? `${total} runs` : `shard ${shard!.index}/${shard!.count}: ${runs.length} of ${total} runs`;
    io.stdout(`sweep ${header.sweepId} of ${scenarioName}: ${scope} (${sets} parameter set${sets === 1 ? '' : 's'} x seeds ${formatSeeds(definition.seeds)}) ${where} in ${seconds}s\n`);
    io.stdout(`wrote ${outArg.replaceAll('{shard}', String(shard?.index ?? 0))}/: sweep.csv, ${PART_FILE}${whole ? ', sweep.md' : ''}\n`);
    if (!whole) io.stdout(`when every shard is done: fleetsim merge <shard dirs...> --out <dir>\n`);
  }
  return ExitCode.Ok;
}

/**
 * `auto/COUNT` -> `INDEX/COUNT` with INDEX from the first of SHARD_INDEX_VARIABLES that is set
 * (undefined when none is); any other text is returned as is.
 */
function resolveShardIndex(text: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const m = /^\s*auto\s*\/(.*)$/.exec(text);
  if (m === null) return text;
  for (const name of SHARD_INDEX_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return `${value.trim()}/${m[1]}`;
  }
  return undefined;
}
