import type { ProbabilityBound, SimulationSpec } from '../../model/simulation-spec.js';
import { describeIncidentCode } from '../../report/describe/incident.js';
import { percentile } from '../../report/percentile.js';
import type { SweepRunResult } from '../sweep.js';
import { judgeProbability, seedsToDecide, type ProbabilityVerdict } from './probability-verdict.js';
import { wilsonInterval, type Interval } from './wilson-interval.js';

/**
 * What many runs of one scenario (one parameter set) say, as rates and distributions: per
 * expectation how often it held with its 95 % Wilson interval and verdict, per kind of incident
 * how often it happened and when it first did, per metric its spread. Pure: from the runs'
 * results alone, in their order, so the same runs give the same figures wherever they ran.
 */

/** An expectation as the scenario states it (what the figures are about). */
export interface ExpectationMeta {
  readonly index: number;
  readonly label: string;
  readonly probability?: ProbabilityBound;
}

/** The expectations of a compiled scenario, as the figures over runs refer to them. */
export function expectationMeta(spec: SimulationSpec): ExpectationMeta[] {
  return spec.expectations.map((e) => ({ index: e.index, label: e.label, ...(e.probability === undefined ? {} : { probability: e.probability }) }));
}

/** One expectation over the runs. */
export interface ExpectationRisk extends ExpectationMeta {
  /** Runs in which it held, of `seeds`. */
  readonly held: number;
  readonly seeds: number;
  readonly rate: number;
  readonly interval: Interval;
  /**
   * Without a stated probability: passed when it held in every run, failed otherwise. With one:
   * judged from the interval (probability-verdict.ts), possibly not judged.
   */
  readonly verdict: ProbabilityVerdict;
  /** Not judged: about how many seeds would decide at the rate seen (null: none would; it sits on the bound). */
  readonly seedsToDecide?: number | null;
  /** The first seeds (at most FAILED_SEEDS_LISTED) in which it did not hold, to replay with `--seed`. */
  readonly failedSeeds: readonly string[];
}

/** One kind of incident over the runs. */
export interface IncidentRisk {
  /** The service, or `subnet <id>`. */
  readonly scope: string;
  readonly code: string;
  readonly what: string;
  /** Runs in which it happened at least once, of `seeds`. */
  readonly happened: number;
  readonly seeds: number;
  readonly rate: number;
  readonly interval: Interval;
  /** When it first happened in a run, seconds, over the runs in which it did. */
  readonly firstAtS: Spread;
  /** How many times it happened in a run, over the runs in which it did. */
  readonly count: Spread;
}

/** p5 / p50 / p95 (linear interpolation) and mean over the runs that have the value. */
export interface Spread {
  readonly n: number;
  readonly p5: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly mean: number | null;
}

export interface MetricRisk extends Spread {
  readonly name: string;
}

export interface RiskSummary {
  readonly seeds: number;
  readonly expectations: readonly ExpectationRisk[];
  readonly incidents: readonly IncidentRisk[];
  readonly metrics: readonly MetricRisk[];
  /** No expectation failed (not judged is not failed). */
  readonly passed: boolean;
}

/** Seeds listed per expectation that did not hold. */
export const FAILED_SEEDS_LISTED = 10;

/**
 * Summarises runs of one parameter set: `expectations` as the scenario states them, `results`
 * in run order, `metricNames` the metrics to spread (all of the runs' metrics when omitted).
 */
export function summariseRuns(expectations: readonly ExpectationMeta[], results: readonly SweepRunResult[], metricNames?: readonly string[]): RiskSummary {
  const seeds = results.length;
  const expectationRisks = expectations.map((e, i) => expectationRisk(e, results, i));
  return {
    seeds,
    expectations: expectationRisks,
    incidents: incidentRisks(results),
    metrics: (metricNames ?? namesOf(results)).map((name) => ({ name, ...spread(results.map((r) => r.metrics[name] ?? null)) })),
    passed: expectationRisks.every((e) => e.verdict !== 'failed'),
  };
}

function expectationRisk(e: ExpectationMeta, results: readonly SweepRunResult[], i: number): ExpectationRisk {
  const seeds = results.length;
  const held = results.filter((r) => r.held[i] === true).length;
  const failedSeeds = results.filter((r) => r.held[i] !== true).slice(0, FAILED_SEEDS_LISTED).map((r) => r.seed);
  const interval = seeds === 0 ? { low: 0, high: 1 } : wilsonInterval(held, seeds);
  const rate = seeds === 0 ? 0 : held / seeds;
  const base = { index: e.index, label: e.label, ...(e.probability === undefined ? {} : { probability: e.probability }), held, seeds, rate, interval };
  if (e.probability === undefined) return { ...base, verdict: held === seeds && seeds > 0 ? 'passed' : seeds === 0 ? 'not judged' : 'failed', failedSeeds };
  const verdict = seeds === 0 ? 'not judged' : judgeProbability(held, seeds, e.probability);
  return { ...base, verdict, ...(verdict === 'not judged' ? { seedsToDecide: seedsToDecide(e.probability, rate) } : {}), failedSeeds };
}

function incidentRisks(results: readonly SweepRunResult[]): IncidentRisk[] {
  const seeds = results.length;
  const byKey = new Map<string, { scope: string; code: string; firstAt: number[]; counts: number[] }>();
  for (const r of results) {
    for (const i of r.incidents) {
      const key = `${i.scope}\u0000${i.code}`;
      let entry = byKey.get(key);
      if (entry === undefined) byKey.set(key, (entry = { scope: i.scope, code: i.code, firstAt: [], counts: [] }));
      entry.firstAt.push(i.atS);
      entry.counts.push(i.count);
    }
  }
  // In order of how often, then of when (median first occurrence), then by name: a stable order.
  return [...byKey.values()]
    .map((v) => ({
      scope: v.scope,
      code: v.code,
      what: describeIncidentCode(v.code),
      happened: v.firstAt.length,
      seeds,
      rate: v.firstAt.length / seeds,
      interval: wilsonInterval(v.firstAt.length, seeds),
      firstAtS: spread(v.firstAt),
      count: spread(v.counts),
    }))
    .sort((a, b) => b.happened - a.happened || a.firstAtS.p50! - b.firstAtS.p50! || (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** The spread of the values that are numbers (nulls are runs without the figure). */
export function spread(values: readonly (number | null)[]): Spread {
  const sorted = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  const q = (p: number): number | null => (sorted.length === 0 ? null : round3(percentile(sorted, p)!));
  return { n: sorted.length, p5: q(5), p50: q(50), p95: q(95), mean: sorted.length === 0 ? null : round3(sorted.reduce((a, b) => a + b, 0) / sorted.length) };
}

/** Metric names as they first appear, runs taken in order. */
function namesOf(results: readonly SweepRunResult[]): string[] {
  const names = new Set<string>();
  for (const r of results) for (const name of Object.keys(r.metrics)) names.add(name);
  return [...names];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
