import { availableParallelism } from 'node:os';
import { buildRiskReport, formatRiskText, renderRiskCsv, renderRiskJson } from '../experiments/risk/risk-report.js';
import { expectationMeta } from '../experiments/risk/risk-summary.js';
import { MAX_RUNS, parseSeeds, prepareParameterSet, type SweepInput, type SweepRunResult } from '../experiments/sweep.js';
import { writeReportHtml } from '../experiments/run-outputs.js';
import type { RunReportData } from '../report/html/report-data.js';
import { readChartShapes } from './chart-shapes-file.js';
import { OutputDir } from './file-output.js';
import { formatImportReport } from './import-report.js';
import { Interruption } from './interruption.js';
import { ExitCode, InterruptedError, type CliIo } from './io.js';
import { ProgressBar } from './progress-bar.js';
import { formatDiagnostics } from './read-scenario.js';
import { readRecordedScenario } from './recorded-scenario.js';
import { MAX_SEED_LENGTH } from './shared-options.js';
import { runSweepPool, SweepRunFailed, SweepStopped } from './sweep-pool.js';

/** What `fleetsim run --seeds` takes (run.ts declares the options). */
export interface RunSeedsArgs {
  readonly scenario: string;
  /** `--seeds 200`, `1..200`, `1,5,9`. */
  readonly seeds: string;
  readonly out?: string;
  readonly untilMs?: number;
  readonly maxEvents?: number;
  readonly workers?: number;
  /** Write each seed's own outputs under runs/seed-<s>/. */
  readonly keepRuns?: boolean;
  /** With keepRuns: events.csv too. */
  readonly events?: boolean;
  readonly quiet: boolean;
  readonly output: 'table' | 'json';
  /** `--max-hosts`: the host limit every seed is checked and run with. */
  readonly maxHosts?: number;
}

/**
 * Why a seed of `--seeds` cannot be used, if it cannot: the rules of `--seed` (at most
 * MAX_SEED_LENGTH characters, no control characters), and with --keep-runs no `/` or `\`, since
 * the seed names its folder (`runs/seed-<seed>/`).
 */
function seedProblem(seed: string, namesFolder: boolean): string | undefined {
  if (seed.length > MAX_SEED_LENGTH) return `seed ${seed.slice(0, 20)}... is longer than ${MAX_SEED_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(seed)) return 'a seed must not contain control characters';
  if (namesFolder && /[/\\]/.test(seed)) return `seed '${seed}' cannot name a folder of --keep-runs (runs/seed-<seed>/); use seeds without / or \\`;
  return undefined;
}

/** What a test may substitute for the process: CPU count, worker entry, clock. */
export interface RunSeedsContext {
  readonly cpus?: number;
  readonly workerUrl?: URL;
  readonly clock?: () => number;
}

/** The files of `fleetsim run --seeds`; `runs/` only with --keep-runs. */
export const RISK_OUTPUTS = ['risk.json', 'risk.csv', 'risk.html', 'runs'] as const;

/**
 * `fleetsim run <scenario> --seeds N`: runs the scenario once per seed on worker threads (the
 * sweep's pool: each run is exactly `fleetsim run --seed <s>`), with a progress bar, and reports
 * risk (experiments/risk): per expectation how often it held with a 95 % Wilson interval and its
 * verdict, per kind of incident how often and when, the key metrics' spread. Writes risk.json
 * and risk.csv, and with --keep-runs each seed's outputs under runs/seed-<s>/, all or nothing
 * (file-output.ts). Exit 0 when no expectation failed (one without a stated probability must hold
 * in every seed; a stated probability fails only when the interval is beyond its bound; "not
 * judged" is not failed), 1 when one failed, 2 for bad input or a run that hit its event limit.
 */
export async function runOverSeeds(args: RunSeedsArgs, io: CliIo, context: RunSeedsContext = {}): Promise<number> {
  const clock = context.clock ?? Date.now;
  const started = clock();
  const parsed = parseSeeds(args.seeds);
  if (!parsed.ok) {
    io.stderr(`error: ${parsed.message}\n`);
    return ExitCode.BadInput;
  }
  const seeds = parsed.value;
  const bad = seeds.map((seed) => seedProblem(seed, args.keepRuns === true)).find((p) => p !== undefined);
  if (bad !== undefined) {
    io.stderr(`error: --seeds ${args.seeds}: ${bad}\n`);
    return ExitCode.BadInput;
  }
  const read = readRecordedScenario(io.cwd, args.scenario);
  if (!read.ok) {
    io.stderr(formatDiagnostics(read.diagnostics));
    return ExitCode.BadInput;
  }
  const definition = { parameters: [], seeds };
  const maxHosts = args.maxHosts === undefined ? {} : { maxHosts: args.maxHosts };
  const prepared = prepareParameterSet({ file: args.scenario, text: read.text, definition, ...maxHosts }, 0, read.readFile);
  if (!prepared.ok) {
    io.stderr(prepared.message !== undefined ? `error: ${prepared.message}\n` : formatDiagnostics(prepared.diagnostics ?? []));
    return ExitCode.BadInput;
  }
  const spec = prepared.spec;
  if (prepared.imports !== undefined && !args.quiet) io.stderr(formatImportReport(args.scenario, prepared.imports));
  if (seeds.length > MAX_RUNS) {
    io.stderr(`error: --seeds ${args.seeds}: more than ${MAX_RUNS.toLocaleString('en-US')} seeds\n`);
    return ExitCode.BadInput;
  }
  const keep = args.keepRuns === true;
  const input: SweepInput = {
    file: args.scenario,
    text: read.text,
    files: read.files,
    definition,
    ...maxHosts,
    runOptions: { untilMs: args.untilMs, maxEvents: args.maxEvents },
    ...(keep ? { keepRuns: { events: args.events !== false } } : {}),
  };
  const outArg = args.out ?? `results/risk-${spec.name}`;
  const runs = seeds.map((_, i) => i);
  const requested = args.workers ?? Math.max(1, context.cpus ?? availableParallelism());

  const outcome = await Interruption.during(io, async (interruption) => {
    // Opened (checked, locked, staged) before the runs, so kept runs are written as they finish.
    const out = OutputDir.open(io, outArg, RISK_OUTPUTS, interruption);
    const bar = io.isTTY && !args.quiet ? new ProgressBar(io.stderr, runs.length, 'seeds', clock) : undefined;
    bar?.update(0);
    // A kept run's report.html is drawn after the runs (Vega renders asynchronously); its
    // report.json is kept until then.
    const reportsToDraw: { readonly seed: string; readonly json: string }[] = [];
    const writeRun = (result: SweepRunResult): SweepRunResult => {
      const { files, ...kept } = result;
      for (const [name, text] of Object.entries(files ?? {})) {
        const sink = out.open(`runs/seed-${result.seed}/${name}`);
        sink.write(text);
        sink.close(true);
        if (name === 'report.json') reportsToDraw.push({ seed: result.seed, json: text });
      }
      return kept;
    };
    let pool;
    try {
      pool = await runSweepPool(input, runs, { workers: requested, workerUrl: context.workerUrl, onProgress: (done) => bar?.update(done), interruption, ...(keep ? { onResult: writeRun } : {}) });
    } catch (error) {
      bar?.finish();
      out.abort();
      if (error instanceof SweepStopped) throw new InterruptedError(error.signal, `interrupted after ${error.done} of ${runs.length} seeds; ${out.abortMessage()}`);
      if (!(error instanceof SweepRunFailed)) throw error;
      error.report(args.scenario, `seed ${seeds[error.run]}`, io.stderr);
      return undefined;
    }
    bar?.finish();
    // Each kept run holds what `fleetsim run --seed` writes, report.html included.
    const shapes = reportsToDraw.length === 0 ? undefined : readChartShapes();
    for (const { seed, json } of reportsToDraw) {
      const sink = out.open(`runs/seed-${seed}/report.html`);
      await writeReportHtml(JSON.parse(json) as RunReportData, () => sink, shapes);
      sink.close(true);
    }
    const report = buildRiskReport(spec.name, expectationMeta(spec), pool.results);
    // Vega (a large library) is loaded only when a page is drawn.
    const html = await (await import('../experiments/risk/risk-html.js')).renderRiskHtml(report, pool.results);
    try {
      out.open('risk.json').write(renderRiskJson(report));
      out.open('risk.csv').write(renderRiskCsv(report));
      out.open('risk.html').write(html);
      await out.commit();
    } catch (error) {
      out.abort();
      throw error;
    }
    return { report, pool, files: out.fileNames.filter((f) => !f.startsWith('runs/')) };
  });
  // A run stopped by the simulation (its event limit): reported above.
  if (outcome === undefined) return ExitCode.BadInput;
  const { report, pool } = outcome;
  if (pool.mode === 'in-process: no compiled worker entry' && requested > 1 && !args.quiet) {
    io.stderr('note: worker threads run the compiled CLI (npm run build); from the sources the runs ran in this thread\n');
  }
  if (args.output === 'json') io.stdout(renderRiskJson(report));
  else if (!args.quiet) {
    const where = pool.workers > 1 ? `on ${pool.workers} worker threads` : 'in one thread';
    const seconds = ((clock() - started) / 1000).toFixed(1);
    const written = `${outArg}/{${[...outcome.files, ...(keep ? ['runs/seed-<seed>/'] : [])].join(',')}}`;
    io.stdout(formatRiskText(report, { where, seconds, outputs: written }));
  }
  return report.passed ? ExitCode.Ok : ExitCode.ExpectationFailed;
}
