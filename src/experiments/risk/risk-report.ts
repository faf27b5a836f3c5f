import { stringify } from 'csv-stringify/sync';
import { formatSeeds, type SweepRunResult } from '../sweep.js';
import { formatInterval, formatPercent, verdictWord } from './risk-format.js';
import { summariseRuns, type ExpectationMeta, type ExpectationRisk, type IncidentRisk, type MetricRisk, type Spread } from './risk-summary.js';
import type { Interval } from './wilson-interval.js';

/**
 * `fleetsim run --seeds`: one scenario over many seeds, reported as risk: risk.json (for tools
 * and charts; the format is documented in docs/risk.md), risk.csv (the same figures, one row
 * each) and the text printed on the terminal. Built from the runs' results alone, so the same
 * scenario and seeds give the same bytes however many worker threads ran them.
 */

export const RISK_FORMAT = 'fleetsim-risk/1';

/** risk.json. Rates and interval ends are rounded to 4 decimals, times and values to 3. */
export interface RiskReport {
  readonly format: typeof RISK_FORMAT;
  readonly scenario: string;
  /** How many seeds, and which, written compactly (`1..200`). */
  readonly seeds: { readonly count: number; readonly list: string };
  /** Of every interval: 95 % Wilson. */
  readonly confidence: 0.95;
  /** No expectation failed: the exit code is 0. */
  readonly passed: boolean;
  readonly expectations: readonly ExpectationRisk[];
  readonly incidents: readonly IncidentRisk[];
  /** The key metrics: per service time to all running, first scale-out total, 5XX, dropped requests; the run's cost. */
  readonly metrics: readonly MetricRisk[];
}

/** The key metrics risk reports, by the name suffix the runs' metrics carry (sweep.ts sweepMetrics). */
const KEY_METRIC_SUFFIXES = ['.time_to_all_running_s', '.scale_out_total_s', '.errors_5xx', '.dropped'] as const;
const COST_METRIC = 'cost_usd';

/** Human names of the key metrics, for the printed report. */
const METRIC_WORDING: Readonly<Record<string, string>> = {
  '.time_to_all_running_s': 'time to all running (s)',
  '.scale_out_total_s': 'first scale-out, load change to serving (s)',
  '.errors_5xx': '5XX responses',
  '.dropped': 'requests dropped at SIGKILL',
  [COST_METRIC]: 'cost of the run (USD)',
};

/** The key metrics among the runs' metrics, per service in their order, then the cost. */
export function keyMetricNames(results: readonly SweepRunResult[]): string[] {
  const names = new Set<string>();
  for (const r of results) for (const name of Object.keys(r.metrics)) if (KEY_METRIC_SUFFIXES.some((s) => name.endsWith(s))) names.add(name);
  return [...names, ...(results.some((r) => COST_METRIC in r.metrics) ? [COST_METRIC] : [])];
}

/** The report of `results` (in seed order) of the scenario `scenario` with these expectations. */
export function buildRiskReport(scenario: string, expectations: readonly ExpectationMeta[], results: readonly SweepRunResult[]): RiskReport {
  const s = summariseRuns(expectations, results, keyMetricNames(results));
  const seeds = results.map((r) => r.seed);
  return {
    format: RISK_FORMAT,
    scenario,
    seeds: { count: seeds.length, list: formatSeeds(seeds) },
    confidence: 0.95,
    passed: s.passed,
    expectations: s.expectations.map((e) => ({ ...e, rate: round4(e.rate), interval: roundInterval(e.interval) })),
    incidents: s.incidents.map((i) => ({ ...i, rate: round4(i.rate), interval: roundInterval(i.interval) })),
    metrics: s.metrics,
  };
}

export function renderRiskJson(report: RiskReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * risk.csv: one row per expectation, incident and metric. `count` is the seeds in which the
 * expectation held or the incident happened (for a metric: the seeds with a value); p5/p50/p95
 * and mean are an incident's first occurrence (seconds) or the metric's value.
 */
export function renderRiskCsv(report: RiskReport): string {
  const rows: (string | number)[][] = [['section', 'key', 'label', 'seeds', 'count', 'rate', 'ci_low', 'ci_high', 'verdict', 'p5', 'p50', 'p95', 'mean']];
  const cell = (x: number | null | undefined): string | number => (x === null || x === undefined ? '' : x);
  const spreadCells = (s: Spread): (string | number)[] => [cell(s.p5), cell(s.p50), cell(s.p95), cell(s.mean)];
  for (const e of report.expectations) rows.push(['expectation', e.index, e.label, e.seeds, e.held, e.rate, e.interval.low, e.interval.high, e.verdict, '', '', '', '']);
  for (const i of report.incidents) rows.push(['incident', `${i.scope}:${i.code}`, `${i.scope}: ${i.what}`, i.seeds, i.happened, i.rate, i.interval.low, i.interval.high, '', ...spreadCells(i.firstAtS)]);
  for (const m of report.metrics) rows.push(['metric', m.name, metricLabel(m.name), report.seeds.count, m.n, '', '', '', '', ...spreadCells(m)]);
  return stringify(rows);
}

/** `web: 5XX responses`, `cost of the run (USD)`. */
export function metricLabel(name: string): string {
  if (name === COST_METRIC) return METRIC_WORDING[COST_METRIC]!;
  const suffix = KEY_METRIC_SUFFIXES.find((s) => name.endsWith(s));
  return suffix === undefined ? name : `${name.slice(0, -suffix.length)}: ${METRIC_WORDING[suffix]!}`;
}

/** Most incident kinds the printed report lists (risk.json has all). */
const INCIDENTS_SHOWN = 30;

/** What `fleetsim run --seeds` prints: verdicts with rates and intervals, incidents, key metrics. */
export function formatRiskText(report: RiskReport, how: { readonly where: string; readonly seconds: string; readonly outputs: string | null }): string {
  const lines: string[] = [];
  lines.push(`${report.scenario} over ${report.seeds.count} seed${report.seeds.count === 1 ? '' : 's'} (${report.seeds.list}) ${how.where} in ${how.seconds}s`);
  if (report.expectations.length > 0) {
    lines.push('', 'expectations (held in how many seeds; 95 % Wilson interval):');
    for (const e of report.expectations) lines.push(`  ${verdictWord(e.verdict).padEnd(10)}  ${e.index}. ${e.label}: ${e.held}/${e.seeds} (${formatPercent(e.rate)}, ${formatInterval(e.interval)})${expectationNote(e)}`);
  }
  lines.push('', report.incidents.length === 0 ? 'what happened: nothing went wrong in any seed' : 'what happened (in how many seeds; first time p5 / p50 / p95):');
  for (const i of report.incidents.slice(0, INCIDENTS_SHOWN)) {
    const f = i.firstAtS;
    lines.push(`  ${i.scope}: ${i.what}: ${i.happened}/${i.seeds} (${formatPercent(i.rate)}, ${formatInterval(i.interval)}), at ${formatSeconds(f.p5)} / ${formatSeconds(f.p50)} / ${formatSeconds(f.p95)}`);
  }
  if (report.incidents.length > INCIDENTS_SHOWN) lines.push(`  ... and ${report.incidents.length - INCIDENTS_SHOWN} more kinds (risk.json)`);
  if (report.metrics.some((m) => m.n > 0)) {
    lines.push('', 'key metrics (p5 / p50 / p95 over the seeds with a value):');
    // A metric no seed has (no scale-out in the scenario) is in risk.json with n = 0, not here.
    for (const m of report.metrics.filter((x) => x.n > 0)) lines.push(`  ${metricLabel(m.name)}: ${formatValue(m.p5)} / ${formatValue(m.p50)} / ${formatValue(m.p95)}${m.n < report.seeds.count ? ` (${m.n} of ${report.seeds.count} seeds)` : ''}`);
  }
  const failed = report.expectations.filter((e) => e.verdict === 'failed').length;
  const notJudged = report.expectations.filter((e) => e.verdict === 'not judged').length;
  lines.push('', `expectations: ${report.expectations.length - failed - notJudged} passed, ${failed} failed${notJudged === 0 ? '' : `, ${notJudged} not judged (more seeds would decide)`}`);
  if (how.outputs !== null) lines.push(`outputs: ${how.outputs}`);
  return `${lines.join('\n')}\n`;
}

/** Why a verdict is what it is, when that is not obvious from the figures. */
function expectationNote(e: ExpectationRisk): string {
  if (e.verdict === 'not judged') return e.seedsToDecide === null || e.seedsToDecide === undefined ? '; no number of seeds decides a rate on the bound' : `; about ${e.seedsToDecide.toLocaleString('en-US')} seeds would decide at this rate`;
  if (e.verdict === 'failed' && e.failedSeeds.length > 0 && e.probability === undefined) return `; did not hold with seed${e.failedSeeds.length === 1 ? '' : 's'} ${e.failedSeeds.join(', ')}${e.seeds - e.held > e.failedSeeds.length ? ', ...' : ''} (replay one with --seed)`;
  return '';
}

function formatValue(x: number | null): string {
  return x === null ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Seconds as the run summary writes them: `42.5s`, `6m10s`. */
function formatSeconds(s: number | null): string {
  if (s === null) return '-';
  if (s < 120) return `${Number(s.toFixed(1))}s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest === 0 ? `${m}m` : rest === 60 ? `${m + 1}m` : `${m}m${String(rest).padStart(2, '0')}s`;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function roundInterval(i: Interval): Interval {
  return { low: round4(i.low), high: round4(i.high) };
}
