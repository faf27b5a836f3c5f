import { candidateAzs, runningPerAz } from '../model/az-spread.js';
import type { SimulationSpec } from '../model/simulation-spec.js';
import type { TraceListener } from '../engine/trace.js';
import type { FleetEvent } from '../model/events/index.js';
import { startSimulation, type RunOptions, type RunResult, type SimulationRun } from '../run.js';
import { CostReport } from '../report/cost.js';
import { EventsCsv } from '../report/events-csv.js';
import type { RunReportData } from '../report/html/report-data.js';
import type { ParsedShapes } from '../report/html/vega-svg.js';
import { RunReportRecorder, type RunReportInputs } from '../report/html/run-report-recorder.js';
import { MetricsCsv } from '../report/metrics-csv.js';
import { ScalingTimeline } from '../report/scaling-timeline.js';
import { SummaryBuilder, type RunSummary } from '../report/summary.js';
import { TasksCsv } from '../report/tasks-csv.js';
import type { TextSink } from '../report/text-sink.js';
import { TimelineCsv } from '../report/timeline-csv.js';
import type { ImportNote, ImportReport } from '../scenario/import/import-notes.js';

/** The files one run writes, in the order `fleetsim run` opens them. */
export const RUN_OUTPUT_FILES = ['events.csv', 'tasks.csv', 'timeline.csv', 'metrics.csv', 'summary.json', 'scaling.csv', 'cost.csv', 'report.json', 'report.html'] as const;
export type RunOutputFile = (typeof RUN_OUTPUT_FILES)[number];

export interface RunOutputOptions extends Pick<RunOptions, 'registry' | 'placementPolicy'> {
  readonly seed?: string;
  readonly untilMs?: number;
  readonly maxEvents?: number;
  /** Write events.csv (default true); `--no-events` skips it for large runs. */
  readonly events?: boolean;
  /**
   * Record report.json's data (default true). False leaves the report out entirely (no
   * report.json, `report` null): the benchmark's baseline for what the report costs.
   */
  readonly report?: boolean;
  /** More trace listeners, after the report writers (e.g. an incident tally). */
  readonly listeners?: readonly TraceListener<FleetEvent>[];
  /** What the scenario imported (loadScenario's report): summary.json then says it. */
  readonly imports?: ImportReport;
}

/**
 * summary.json's `imports`, present only for a scenario that imports definitions (so every other
 * scenario's summary stays byte for byte what it was): the files, the fields not modelled
 * (ignored, and the warnings for those that would change the answer) and the defaults assumed.
 */
export interface ImportsSummary {
  readonly files: ImportReport['files'];
  readonly warnings: readonly Omit<ImportNote, 'kind'>[];
  readonly defaults: readonly Omit<ImportNote, 'kind'>[];
  readonly ignored: readonly Omit<ImportNote, 'kind'>[];
}

export type RunSummaryWithImports = RunSummary & { readonly imports?: ImportsSummary };

export interface RunOutputs {
  readonly result: RunResult;
  readonly summary: RunSummaryWithImports;
  /** What report.json holds, for writeReportHtml; null when `report` was false. */
  readonly report: RunReportData | null;
}

/**
 * One run with every report writer attached: what `fleetsim run` writes and what the golden
 * digests pin. `open(name)` gives the sink for one output file; it is called for each file of
 * RUN_OUTPUT_FILES that the run writes (events.csv only when `events` is not false, report.json
 * only when `report` is not false) but report.html, which writeReportHtml then renders from the
 * returned `report`; every byte of a file goes through its sink. Throws what `runSimulation`
 * throws (SimulationError for a runaway scenario); the caller discards what it opened.
 */
export function produceRunOutputs(spec: SimulationSpec, options: RunOutputOptions, open: (name: RunOutputFile) => TextSink): RunOutputs {
  const started = startRunOutputs(spec, options, open);
  started.run.advance();
  return started.finish();
}

/** A run with its report writers attached, for the caller to advance in slices, then finish. */
export interface StartedRunOutputs {
  /** Advance it until `advance` returns true (see SimulationRun). */
  readonly run: SimulationRun;
  /**
   * Builds the summary and report.json's data, and writes report.json; once, after the run ended.
   * Null when the report is left out. Separate from `finish` so that the caller can hand the data
   * to whatever draws report.html before the rest of the files are written (the CLI draws it in a
   * process of its own: src/cli/report-renderer.ts).
   */
  finishReport(): RunReportData | null;
  /** Writes the last files (scaling.csv, cost.csv, summary.json) and closes the CSVs; once. Calls `finishReport` first if the caller did not. */
  finish(): RunOutputs;
}

/**
 * produceRunOutputs in two steps, for the CLI: it advances `run` in slices (drawing progress and
 * answering Ctrl-C between them), then calls `finish`. The same events, the same bytes.
 */
export function startRunOutputs(spec: SimulationSpec, options: RunOutputOptions, open: (name: RunOutputFile) => TextSink): StartedRunOutputs {
  const events = options.events === false ? null : new EventsCsv(open('events.csv'));
  const tasksCsv = new TasksCsv(open('tasks.csv'));
  const timeline = new TimelineCsv(open('timeline.csv'));
  const metrics = new MetricsCsv(open('metrics.csv'));
  const summaryParts = new SummaryParts(spec);
  const summarySink = open('summary.json');
  const recorder = options.report === false ? null : new RunReportRecorder(spec, options.untilMs ?? spec.durationMs);
  const run = startSimulation(spec, {
    seed: options.seed,
    untilMs: options.untilMs,
    maxEvents: options.maxEvents,
    ...(options.registry === undefined ? {} : { registry: options.registry }),
    ...(options.placementPolicy === undefined ? {} : { placementPolicy: options.placementPolicy }),
    listeners: [...(events === null ? [] : [events.listener]), tasksCsv.listener, timeline.listener, metrics.listener, ...summaryParts.listeners, ...(recorder === null ? [] : [recorder.listener]), ...(options.listeners ?? [])],
  });
  /** What finishReport made, for finish. */
  let built: { result: RunResult; summary: RunSummaryWithImports; bill: RunReportInputs['bill']; report: RunReportData | null; csvSinks: { scaling: TextSink; cost: TextSink } } | undefined;
  // What the report is made of first, and the report: then formatting the other files (a quarter
  // of a second of a day's run on 10,000 hosts) can overlap drawing the page. No file's bytes
  // depend on the order in which the files are written; they are opened in the order they
  // always were (the CLI lists them so).
  const finishReport = (): RunReportData | null => {
    if (built !== undefined) throw new Error('finishReport: called twice');
    const result = run.finish();
    const parts = summaryParts.build(result);
    const summary: RunSummaryWithImports = options.imports === undefined ? parts.summary : { ...parts.summary, imports: importsSummary(options.imports) };
    const csvSinks = { scaling: open('scaling.csv'), cost: open('cost.csv') };
    const report = recorder?.finish({ summary, scaleOuts: parts.scaleOuts, bill: parts.bill }) ?? null;
    if (report !== null) open('report.json').write(`${JSON.stringify(report)}\n`);
    built = { result, summary, bill: parts.bill, report, csvSinks };
    return report;
  };
  const finish = (): RunOutputs => {
    if (built === undefined) finishReport();
    const { result, summary, bill, report, csvSinks } = built!;
    summaryParts.write(csvSinks, bill);
    summarySink.write(`${JSON.stringify(summary, null, 2)}\n`);
    events?.close();
    tasksCsv.close();
    timeline.close();
    metrics.close();
    return { result, summary, report };
  };
  return { run, finishReport, finish };
}

/**
 * report.html (src/report/html), rendered from a run's report data (RunOutputs.report, or a
 * report.json read back by `fleetsim report`) into `open('report.html')`. Async: Vega renders
 * the charts' SVG through promises. The renderer (and Vega, a large library) is loaded on first
 * use, so commands that draw nothing start as fast as before.
 */
export async function writeReportHtml(report: RunReportData, open: (name: 'report.html') => TextSink, shapes?: ParsedShapes): Promise<void> {
  const { renderRunReportHtml } = await import('../report/html/run-report-html.js');
  const html = await renderRunReportHtml(report, shapes);
  open('report.html').write(html);
}

/**
 * A run that produces summary.json's content and nothing else (no CSV is formatted): what a run
 * over many seeds needs of each seed. The summary is the one `fleetsim run` writes for the same
 * spec and options.
 */
export function produceRunSummary(spec: SimulationSpec, options: Omit<RunOutputOptions, 'events'>): RunOutputs {
  const summaryParts = new SummaryParts(spec);
  const run = startSimulation(spec, { seed: options.seed, untilMs: options.untilMs, maxEvents: options.maxEvents, listeners: [...summaryParts.listeners, ...(options.listeners ?? [])] });
  run.advance();
  const result = run.finish();
  return { result, summary: summaryParts.build(result).summary, report: null };
}

/** The report writers summary.json is made of (scale-outs, cost, the summary itself), and how it is built at the end. */
class SummaryParts {
  private readonly scaling = new ScalingTimeline();
  private readonly cost: CostReport;
  private readonly summaryBuilder: SummaryBuilder;
  readonly listeners: readonly TraceListener<FleetEvent>[];

  constructor(private readonly spec: SimulationSpec) {
    this.summaryBuilder = new SummaryBuilder(spec.quotas?.ec2, spec.cluster.platform);
    this.cost = new CostReport(spec);
    this.listeners = [this.scaling.listener, this.cost.listener, this.summaryBuilder.listener];
  }

  /** Builds the summary once the run has finished, with the scale-outs and the bill it was made of (the HTML report draws them). */
  build(result: RunResult): { readonly summary: RunSummary; readonly scaleOuts: RunReportInputs['scaleOuts']; readonly bill: RunReportInputs['bill'] } {
    const scaleOuts = this.scaling.finish();
    const bill = this.cost.finish(result.durationMs);
    const azs = candidateAzs(result.state);
    const runningByAz = new Map([...result.state.services.values()].map((s) => [s.name, runningPerAz(s, azs)]));
    const summary = this.summaryBuilder.build({ scenario: this.spec.name, seed: result.seed, durationMs: result.durationMs, events: result.events, scaling: scaleOuts, cost: bill.summary, runningByAz });
    return { summary, scaleOuts, bill };
  }

  /** Writes scaling.csv and cost.csv; after `build`. */
  write(sinks: { readonly scaling: TextSink; readonly cost: TextSink }, bill: RunReportInputs['bill']): void {
    this.scaling.write(sinks.scaling);
    CostReport.write(bill.rows, sinks.cost);
  }
}

function importsSummary(report: ImportReport): ImportsSummary {
  const of = (kind: ImportNote['kind']): Omit<ImportNote, 'kind'>[] => report.notes.filter((n) => n.kind === kind).map(({ kind: _kind, ...rest }) => rest);
  return { files: report.files, warnings: of('warning'), defaults: of('default'), ignored: of('ignored') };
}
