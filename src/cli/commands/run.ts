import type { Argv } from 'yargs';
import { SimulationError } from '../../engine/errors.js';
import { formatHumanSummary } from '../../report/human-summary.js';
import { RUN_OUTPUT_FILES, startRunOutputs } from '../../experiments/run-outputs.js';
import type { SimulationRun } from '../../run.js';
import { arrivalsProblem, durationProblem, timelineColumns, timelineProblem } from '../../scenario/run-size.js';
import { parseDuration } from '../../scenario/units.js';
import { OutputDir } from '../file-output.js';
import { formatImportReport } from '../import-report.js';
import { Interruption } from '../interruption.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import { formatDiagnostics, readScenario } from '../read-scenario.js';
import { formatClock, RunProgress } from '../run-progress.js';
import { finishRunWithPage } from '../report-renderer.js';
import { runOverSeeds, type RunSeedsContext } from '../run-seeds.js';
import { SCENARIO_POSITIONAL, SHARED_OPTIONS } from '../shared-options.js';
import { loadPlugins, PLUGIN_OPTIONS } from '../plugin-loader.js';
import { didYouMean } from '../../engine/did-you-mean.js';

export const command = 'run <scenario>';
export const describe = 'Run a scenario and write summary.json, events.csv, tasks.csv, timeline.csv, metrics.csv, scaling.csv, cost.csv and report.html; with --seeds, over many seeds: risk.json, risk.csv and risk.html';

export function builder(y: Argv) {
  return y
    .positional('scenario', SCENARIO_POSITIONAL)
    .option('seed', SHARED_OPTIONS.seed)
    .option('out', { ...SHARED_OPTIONS.out, describe: 'Output directory (default results/<scenario name>)' })
    .option('until', { type: 'string', nargs: 1, describe: "Override the scenario's duration (e.g. 2h)" })
    .option('max-events', SHARED_OPTIONS.maxEvents)
    .option('max-hosts', SHARED_OPTIONS.maxHosts)
    .option('quiet', SHARED_OPTIONS.quiet)
    .option('events', { type: 'boolean', default: true, describe: 'Write events.csv, the largest output (--no-events skips it)' })
    .option('output', { ...SHARED_OPTIONS.output, choices: ['table', 'json'] as const, describe: 'Summary on stdout: table (readable) or json' })
    .option('seeds', { ...SHARED_OPTIONS.seeds, describe: 'Run over these seeds (200 = 1..200, 1..200, 1,5,9) on worker threads and report how often each expectation held and each incident happened (docs/risk.md)' })
    .option('workers', { ...SHARED_OPTIONS.workers, describe: 'With --seeds: worker threads (default: the number of CPUs)' })
    .option('keep-runs', { type: 'boolean', describe: "With --seeds: also write each seed's own outputs under runs/seed-<seed>/" })
    .option('plugin', PLUGIN_OPTIONS.plugin)
    .option('plugin-budget', PLUGIN_OPTIONS['plugin-budget'])
    .option('placement-policy', { type: 'string', nargs: 1, describe: 'Place with this registered policy (default: ecs-placement on ECS, kube-scheduler on EKS)' })
    .example('$0 run scenarios/quickstart.yaml', 'Run the quick-start scenario')
    .example('$0 run examples/gpu-cluster.yaml --plugin examples/gpu-most-allocated.js', 'Run with a scheduler plugin of your own')
    .example('$0 run scenarios/quickstart.yaml --seed 7 --out /tmp/qs', 'Another seed, another folder')
    .example('$0 run scenarios/war-stories/fargate-spot-termination-during-deploy.yaml --seeds 200', 'How often the deployment fails, with a 95 % interval (results/risk-<name>/)');
}

export interface RunArgs {
  readonly scenario: string;
  readonly seed?: string;
  readonly out?: string;
  readonly until?: string;
  readonly quiet: boolean;
  readonly maxEvents?: number;
  /** `--max-hosts`: the most hosts the run may have at once. */
  readonly maxHosts?: number;
  /** Write events.csv (default true); `--no-events` skips it for large runs. */
  readonly events?: boolean;
  readonly output: 'table' | 'json';
  /** Run over these seeds and report risk (run-seeds.ts). */
  readonly seeds?: string;
  readonly workers?: number;
  readonly keepRuns?: boolean;
  /** ES modules adding placement plugins. */
  readonly plugin?: readonly string[];
  readonly pluginBudget?: number;
  readonly placementPolicy?: string;
}

/**
 * `fleetsim run`: load, simulate, write the outputs (summary.json, the CSVs, cost.csv, report.json
 * and report.html) into a staging folder swapped in whole at the end (file-output.ts), print the
 * summary. Exit 0 when every judged expectation passed (one with a stated probability is not
 * judged by one run), 1 when one failed, 2 for bad input or a run that hit the event limit (the
 * scenario never settles), 130/143 when Ctrl-C or SIGTERM stopped it (nothing written). With
 * `--seeds`: run-seeds.ts.
 */
export async function handler(args: RunArgs, io: CliIo, context: RunSeedsContext = {}): Promise<number> {
  if (args.seeds !== undefined && args.seed !== undefined) throw new UsageError('--seed and --seeds: give one seed or several, not both');
  if (args.seeds === undefined) {
    if (args.keepRuns !== undefined) throw new UsageError('--keep-runs keeps the runs of --seeds; without --seeds the run writes its outputs anyway');
    if (args.workers !== undefined) throw new UsageError('--workers: one run uses one thread; give --seeds to run several');
  }
  const untilMs = parseUntil(args.until, io);
  if (untilMs === null) return ExitCode.BadInput;
  if (args.seeds !== undefined) {
    // Worker threads load no plugin modules yet: a policy of your own runs one seed at a time.
    if (args.plugin !== undefined && args.plugin.length > 0) throw new UsageError('--plugin with --seeds: plugins run in one run for now; run each seed with --seed');
    if (args.placementPolicy !== undefined) throw new UsageError('--placement-policy with --seeds: not yet; run each seed with --seed');
    return runOverSeeds({ ...args, seeds: args.seeds, untilMs }, io, context);
  }
  const plugins = await loadPlugins(io.cwd, args.plugin, args.pluginBudget);
  if (!plugins.ok) {
    io.stderr(`error: ${plugins.message}\n`);
    return ExitCode.BadInput;
  }
  const registry = plugins.registry;
  if (args.placementPolicy !== undefined && !registry.policies.has(args.placementPolicy)) {
    io.stderr(`error: --placement-policy ${args.placementPolicy}: no such policy; registered: ${[...registry.policies.keys()].join(', ')}${didYouMean(args.placementPolicy, registry.policies.keys())}\n`);
    return ExitCode.BadInput;
  }
  const loaded = readScenario(io.cwd, args.scenario, { maxHosts: args.maxHosts, registry });
  if (!loaded.ok) {
    io.stderr(formatDiagnostics(loaded.diagnostics));
    return ExitCode.BadInput;
  }
  const spec = loaded.spec;
  if (loaded.imports !== undefined && !args.quiet) io.stderr(formatImportReport(args.scenario, loaded.imports));
  if (untilMs !== undefined) {
    // The scenario's own duration was checked with it; a run to --until is checked the same way.
    const tooMuch = durationProblem(untilMs) ?? timelineProblem(untilMs, spec.sampleIntervalMs, timelineColumns(spec.services.length, spec.cluster.subnets.length)) ?? arrivalsProblem(spec, untilMs);
    if (tooMuch !== undefined) {
      io.stderr(`error: --until ${args.until}: ${tooMuch}\n`);
      return ExitCode.BadInput;
    }
  }
  const outArg = args.out ?? `results/${spec.name}`;
  return Interruption.during(io, async (interruption) => {
    const out = OutputDir.open(io, outArg, RUN_OUTPUT_FILES, interruption);
    let summary;
    try {
      const started = startRunOutputs(spec, {
          seed: args.seed,
          untilMs,
          maxEvents: args.maxEvents,
          events: args.events,
          imports: loaded.imports,
          registry,
          ...(args.placementPolicy === undefined ? {} : { placementPolicy: args.placementPolicy }),
        }, (name) => out.open(name));
      const progress = io.isTTY && !args.quiet ? new RunProgress(io.stderr, spec.name, started.run.durationMs, Date.now, { columns: io.columns }) : undefined;
      try {
        await advanceInSlices(started.run, interruption, progress, () => out.abortMessage());
      } finally {
        progress?.finish();
      }
      // report.html is drawn in a process of its own while the other files are written.
      const { outputs } = await finishRunWithPage(started, (name) => out.open(name));
      summary = outputs.summary;
      await out.commit();
    } catch (error) {
      out.abort();
      if (error instanceof SimulationError) {
        io.stderr(`${args.scenario}: error: ${error.message}\n`);
        return ExitCode.BadInput;
      }
      throw error;
    }
    if (args.output === 'json') io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else if (!args.quiet) {
      // summary.json first, then the rest in the order they were opened.
      const files = ['summary.json', ...out.fileNames.filter((f) => f !== 'summary.json')];
      io.stdout(formatHumanSummary(summary, { dir: outArg, files }));
    }
    return summary.passed ? ExitCode.Ok : ExitCode.ExpectationFailed;
  });
}

/** `--until` in ms (undefined when not given), or null after printing why it is wrong. */
function parseUntil(until: string | undefined, io: CliIo): number | undefined | null {
  if (until === undefined) return undefined;
  const parsed = parseDuration(until);
  if (!parsed.ok || parsed.value <= 0 || !Number.isSafeInteger(parsed.value)) {
    io.stderr(`error: --until ${!parsed.ok ? parsed.message : parsed.value <= 0 ? 'must be longer than 0' : `${until} is longer than the simulator's clock can count`}\n`);
    return null;
  }
  return parsed.value;
}

/** Slices start at this many events, then adapt to last about SLICE_TARGET_MS each. */
const FIRST_SLICE = 10_000;
const SLICE_TARGET_MS = [20, 100] as const;
const SLICE_RANGE = [1_000, 1_000_000] as const;

/**
 * Runs the simulation in slices of events, yielding to the event loop between them so that a
 * Ctrl-C is answered within about a tenth of a second, and redrawing the progress line. The
 * slice adapts to the scenario's speed (events differ in cost by orders of magnitude). Slicing
 * does not change the run: the same events fire in the same order (SimulationRun).
 */
async function advanceInSlices(run: SimulationRun, interruption: Interruption, progress: RunProgress | undefined, kept: () => string): Promise<void> {
  let slice: number = FIRST_SLICE;
  let first = true;
  for (;;) {
    const started = Date.now();
    if (run.advance(slice)) return;
    const took = Date.now() - started;
    if (took < SLICE_TARGET_MS[0]) slice = Math.min(slice * 2, SLICE_RANGE[1]);
    else if (took > SLICE_TARGET_MS[1]) slice = Math.max(Math.floor(slice / 2), SLICE_RANGE[0]);
    progress?.update(run.now, run.events);
    await interruption.poll();
    if (first) await interruption.pause('simulating');
    first = false;
    interruption.check(() => `interrupted at ${formatClock(run.now)} of ${formatClock(run.durationMs)} simulated; ${kept()}`);
  }
}
