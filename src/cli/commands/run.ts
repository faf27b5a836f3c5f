import { resolve } from 'node:path';
import { SimulationError } from '../../engine/errors.js';
import { formatHumanSummary } from '../../report/human-summary.js';
import { produceRunOutputs } from '../../experiments/run-outputs.js';
import { parseDuration } from '../../scenario/units.js';
import { StagedOutputDir } from '../file-output.js';
import { ExitCode, type CliIo } from '../io.js';
import { formatDiagnostics, readScenario } from '../read-scenario.js';

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
}

/**
 * `fleetsim run`: load, simulate, write the outputs (summary.json, the CSVs, cost.csv) atomically, print the summary.
 * Exit 0 when every expectation passed, 1 when one failed, 2 for bad input or a run that hit
 * the event limit (the scenario never settles).
 */
export function runCommand(args: RunArgs, io: CliIo): number {
  const loaded = readScenario(io.cwd, args.scenario);
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
    ({ summary } = produceRunOutputs(spec, { seed: args.seed, untilMs, maxEvents: args.maxEvents, events: args.events }, (name) => out.open(name)));
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
