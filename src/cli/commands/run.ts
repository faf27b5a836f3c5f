import { resolve } from 'node:path';
import { SimulationError } from '../../engine/errors.js';
import { candidateAzs, runningPerAz } from '../../model/az-spread.js';
import { runSimulation } from '../../run.js';
import { EventsCsv } from '../../report/events-csv.js';
import { formatHumanSummary } from '../../report/human-summary.js';
import { SummaryBuilder } from '../../report/summary.js';
import { TasksCsv } from '../../report/tasks-csv.js';
import { TimelineCsv } from '../../report/timeline-csv.js';
import { MetricsCsv } from '../../report/metrics-csv.js';
import { ScalingTimeline } from '../../report/scaling-timeline.js';
import { CostReport } from '../../report/cost.js';
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
  const events = args.events === false ? null : new EventsCsv(out.open('events.csv'));
  if (events === null) out.drop('events.csv');
  const tasksCsv = new TasksCsv(out.open('tasks.csv'));
  const timeline = new TimelineCsv(out.open('timeline.csv'));
  const metrics = new MetricsCsv(out.open('metrics.csv'));
  const scaling = new ScalingTimeline();
  const cost = new CostReport(spec);
  const summaryBuilder = new SummaryBuilder();
  const summarySink = out.open('summary.json');
  let result;
  try {
    result = runSimulation(spec, {
      seed: args.seed,
      untilMs,
      maxEvents: args.maxEvents,
      listeners: [...(events === null ? [] : [events.listener]), tasksCsv.listener, timeline.listener, metrics.listener, scaling.listener, cost.listener, summaryBuilder.listener],
    });
  } catch (error) {
    out.abort();
    if (error instanceof SimulationError) {
      io.stderr(`${args.scenario}: error: ${error.message}\n`);
      return ExitCode.BadInput;
    }
    throw error;
  }
  events?.close();
  tasksCsv.close();
  timeline.close();
  metrics.close();
  const scaleOuts = scaling.finish();
  scaling.write(out.open('scaling.csv'));
  const bill = cost.finish(result.durationMs);
  CostReport.write(bill.rows, out.open('cost.csv'));
  const azs = candidateAzs(result.state);
  const runningByAz = new Map([...result.state.services.values()].map((s) => [s.name, runningPerAz(s, azs)]));
  const summary = summaryBuilder.build({ scenario: spec.name, seed: result.seed, durationMs: result.durationMs, events: result.events, scaling: scaleOuts, cost: bill.summary, runningByAz });
  summarySink.write(`${JSON.stringify(summary, null, 2)}\n`);
  out.commit();
  if (args.output === 'json') io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else if (!args.quiet) {
    // summary.json first, then the rest in the order they were opened.
    const files = ['summary.json', ...out.fileNames.filter((f) => f !== 'summary.json')];
    io.stdout(formatHumanSummary(summary, { dir: args.out ?? `results/${spec.name}`, files }));
  }
  return summary.passed ? ExitCode.Ok : ExitCode.ExpectationFailed;
}
