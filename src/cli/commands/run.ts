import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { SimulationError } from '../../engine/errors.js';
import { formatHumanSummary } from '../../report/human-summary.js';
import { produceRunOutputs } from '../../experiments/run-outputs.js';
import { parseDuration } from '../../scenario/units.js';
import { StagedOutputDir } from '../file-output.js';
import { ExitCode, type CliIo } from '../io.js';
import { formatDiagnostics, readScenario } from '../read-scenario.js';
import { SCENARIO_POSITIONAL, SHARED_OPTIONS } from '../shared-options.js';
import { loadPlugins, PLUGIN_OPTIONS } from '../plugin-loader.js';
import { didYouMean } from '../../engine/did-you-mean.js';

export const command = 'run <scenario>';
export const describe = 'Run a scenario and write summary.json, events.csv, tasks.csv, timeline.csv, metrics.csv, scaling.csv and cost.csv';

export function builder(y: Argv) {
  return y
    .positional('scenario', SCENARIO_POSITIONAL)
    .option('seed', SHARED_OPTIONS.seed)
    .option('out', { ...SHARED_OPTIONS.out, describe: 'Output directory (default results/<scenario name>)' })
    .option('until', { type: 'string', describe: "Override the scenario's duration (e.g. 2h)" })
    .option('max-events', SHARED_OPTIONS.maxEvents)
    .option('quiet', SHARED_OPTIONS.quiet)
    .option('events', { type: 'boolean', default: true, describe: 'Write events.csv, the largest output (--no-events skips it)' })
    .option('output', { ...SHARED_OPTIONS.output, choices: ['table', 'json'] as const, describe: 'Summary on stdout: table (readable) or json' })
    .option('plugin', PLUGIN_OPTIONS.plugin)
    .option('plugin-budget', PLUGIN_OPTIONS['plugin-budget'])
    .option('placement-policy', { type: 'string', describe: 'Place with this registered policy (default: ecs-placement on ECS, kube-scheduler on EKS)' })
    .example('$0 run scenarios/quickstart.yaml', 'Run the quick-start scenario')
    .example('$0 run examples/gpu-cluster.yaml --plugin examples/gpu-most-allocated.js', 'Run with a scheduler plugin of your own')
    .example('$0 run scenarios/quickstart.yaml --seed 7 --out /tmp/qs', 'Another seed, another folder');
}

export interface RunArgs {
  readonly scenario: string;
  readonly seed?: string;
  readonly out?: string;
  readonly until?: string;
  readonly quiet: boolean;
  readonly maxEvents?: number;
  /** Write events.csv (default true); `--no-events` skips it for large runs. */
  readonly events?: boolean;
  readonly output: 'table' | 'json';
  /** ES modules adding placement plugins. */
  readonly plugin?: readonly string[];
  readonly pluginBudget?: number;
  readonly placementPolicy?: string;
}

/**
 * `fleetsim run`: load, simulate, write the outputs (summary.json, the CSVs, cost.csv) atomically, print the summary.
 * Exit 0 when every expectation passed, 1 when one failed, 2 for bad input or a run that hit
 * the event limit (the scenario never settles).
 */
export async function handler(args: RunArgs, io: CliIo): Promise<number> {
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
  const loaded = readScenario(io.cwd, args.scenario, registry);
  if (!loaded.ok) {
    io.stderr(formatDiagnostics(loaded.diagnostics));
    return ExitCode.BadInput;
  }
  const spec = loaded.spec;
  let untilMs: number | undefined;
  if (args.until !== undefined) {
    const parsed = parseDuration(args.until);
    if (!parsed.ok || parsed.value <= 0) {
      io.stderr(`error: --until ${parsed.ok ? 'must be longer than 0' : parsed.message}\n`);
      return ExitCode.BadInput;
    }
    untilMs = parsed.value;
  }
  const outDir = resolve(io.cwd, args.out ?? `results/${spec.name}`);
  const out = new StagedOutputDir(outDir);
  if (args.events === false) out.drop('events.csv');
  let summary;
  try {
    ({ summary } = produceRunOutputs(
      spec,
      { seed: args.seed, untilMs, maxEvents: args.maxEvents, events: args.events, registry, ...(args.placementPolicy === undefined ? {} : { placementPolicy: args.placementPolicy }) },
      (name) => out.open(name),
    ));
  } catch (error) {
    out.abort();
    if (error instanceof SimulationError) {
      io.stderr(`${args.scenario}: error: ${error.message}\n`);
      return ExitCode.BadInput;
    }
    throw error;
  }
  out.commit();
  if (args.output === 'json') io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else if (!args.quiet) {
    // summary.json first, then the rest in the order they were opened.
    const files = ['summary.json', ...out.fileNames.filter((f) => f !== 'summary.json')];
    io.stdout(formatHumanSummary(summary, { dir: args.out ?? `results/${spec.name}`, files }));
  }
  return summary.passed ? ExitCode.Ok : ExitCode.ExpectationFailed;
}
