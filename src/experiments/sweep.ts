import { createHash } from 'node:crypto';
import type { SimulationSpec } from '../model/simulation-spec.js';
import type { RunSummary } from '../report/summary.js';
import { SummaryBuilder } from '../report/summary.js';
import { runSimulation } from '../run.js';
import type { Diagnostic } from '../scenario/diagnostics.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { NamedFileReader } from '../scenario/named-files.js';
import { applyOverrides, type Override, type Parsed, type SweepParameter } from './sweep-overrides.js';

/**
 * Parameter sweeps: the cartesian product of parameter values and seeds, each run an ordinary
 * `runSimulation` of the scenario with its overrides applied. Pure: the CLI reads files, spreads
 * runs over worker threads and writes the outputs.
 *
 * The run set has a fixed order. Parameter sets come first, as nested loops in the order of the
 * `--set` options (the first varies slowest, the last fastest); seeds are the innermost loop.
 * Run `i` is parameter set `floor(i / seeds)` with seed `seeds[i % seeds]`. Shard `k` of `n` runs
 * exactly the runs with `i mod n = k`.
 */

/** What to sweep: the parameters (in `--set` order) and the seeds (in the order given). */
export interface SweepDefinition {
  readonly parameters: readonly SweepParameter[];
  readonly seeds: readonly string[];
}

/** Everything a run needs, and nothing that is not plain data (it crosses to worker threads). */
export interface SweepInput {
  /** The scenario file name as given (diagnostics name it). */
  readonly file: string;
  /** The scenario's text as read. */
  readonly text: string;
  /** Files the scenario refers to (e.g. traffic traces), by path relative to it, as read once. */
  readonly files: Readonly<Record<string, string>>;
  readonly definition: SweepDefinition;
  /** `--max-hosts`: the host limit every run is checked and run with (default DEFAULT_MAX_HOSTS). */
  readonly maxHosts?: number;
}

/** One run of the set. */
export interface SweepRun {
  readonly index: number;
  /** Index of the parameter set (0-based, in run-set order). */
  readonly parameterSet: number;
  /** This run's value of each parameter, as written. */
  readonly values: readonly string[];
  readonly seed: string;
}

/** A run's outcome: its identity and its metrics, in a fixed column order. */
export interface SweepRunResult {
  readonly run: number;
  readonly values: readonly string[];
  readonly seed: string;
  /** Metric name -> value; null when the run has no such figure (e.g. never all running). */
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** How a shard is named: `INDEX/COUNT`, INDEX from 0, as a Kubernetes Indexed Job's completion index. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The number of parameter sets: the product of the values per parameter (1 with none). */
export function parameterSetCount(def: SweepDefinition): number {
  return def.parameters.reduce((n, p) => n * p.values.length, 1);
}

export function runCount(def: SweepDefinition): number {
  return parameterSetCount(def) * def.seeds.length;
}

/** The value index of each parameter in a parameter set (mixed radix, last parameter fastest). */
export function parameterSetValues(def: SweepDefinition, set: number): number[] {
  const idx = new Array<number>(def.parameters.length).fill(0);
  let rest = set;
  for (let p = def.parameters.length - 1; p >= 0; p--) {
    const n = def.parameters[p]!.values.length;
    idx[p] = rest % n;
    rest = Math.floor(rest / n);
  }
  return idx;
}

/** The overrides of a parameter set, in `--set` order. */
export function parameterSetOverrides(def: SweepDefinition, set: number): Override[] {
  return parameterSetValues(def, set).map((v, p) => {
    const param = def.parameters[p]!;
    return { path: param.path, segments: param.segments, value: param.parsed[v] };
  });
}

/** `services[0].desiredCount=4, duration=30m`, or `(as written)` without parameters. */
export function parameterSetLabel(parameters: readonly { readonly path: string }[], values: readonly string[]): string {
  return parameters.length === 0 ? '(as written)' : parameters.map((p, i) => `${p.path}=${values[i]}`).join(', ');
}

/** Run `index` of the run set (see the module comment for the order). */
export function sweepRun(def: SweepDefinition, index: number): SweepRun {
  const seeds = def.seeds.length;
  const parameterSet = Math.floor(index / seeds);
  const values = parameterSetValues(def, parameterSet).map((v, p) => def.parameters[p]!.values[v]!);
  return { index, parameterSet, values, seed: def.seeds[index % seeds]! };
}

/** The run indexes of a shard: `i mod count = index`, ascending. Without a shard, every run. */
export function shardRuns(total: number, shard?: Shard): number[] {
  const out: number[] = [];
  const step = shard?.count ?? 1;
  for (let i = shard?.index ?? 0; i < total; i += step) out.push(i);
  return out;
}

/** Parses `INDEX/COUNT` with 0 <= INDEX < COUNT. */
export function parseShard(text: string): Parsed<Shard> {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (m === null) return { ok: false, message: `--shard ${text}: expected INDEX/COUNT, e.g. 0/4 (INDEX from 0)` };
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return { ok: false, message: `--shard ${text}: COUNT must be at least 1` };
  if (index >= count) return { ok: false, message: `--shard ${text}: INDEX must be below COUNT (shards are numbered 0..${count - 1})` };
  return { ok: true, value: { index, count } };
}

/** Most runs a sweep may have (a typo like `--seeds 1..1e9` should not fill the disk). */
export const MAX_RUNS = 1_000_000;

/**
 * Most parameter sets (the product of the values of each `--set`) a sweep may have: each is loaded
 * and checked before the first run, about 7 ms a set for quickstart on the shared 2-core machine
 * (2,000 sets checked, and one run, in 15 s), so 10,000 sets take over a minute before anything
 * runs (docs/limits.md).
 */
export const MAX_PARAMETER_SETS = 10_000;

/**
 * Parses `--seeds`: a comma-separated list of seeds and inclusive integer ranges, e.g. `1..100`,
 * `1,2,7`, `1..10,42`, `abc`. Seeds are strings, as `--seed` takes them. A repeated seed is an error.
 */
export function parseSeeds(text: string): Parsed<string[]> {
  const seeds: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') return { ok: false, message: `--seeds ${text}: empty item` };
    const range = /^(-?\d+)\.\.(-?\d+)$/.exec(part);
    const items: string[] = [];
    if (range !== null) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) return { ok: false, message: `--seeds ${text}: '${part}' must be LOW..HIGH with LOW <= HIGH` };
      if (hi - lo + 1 > MAX_RUNS) return { ok: false, message: `--seeds ${text}: more than ${MAX_RUNS.toLocaleString('en-US')} seeds` };
      for (let s = lo; s <= hi; s++) items.push(String(s));
    } else if (part.includes('..')) {
      return { ok: false, message: `--seeds ${text}: '${part}' must be LOW..HIGH with whole numbers` };
    } else items.push(part);
    for (const s of items) {
      if (seen.has(s)) return { ok: false, message: `--seeds ${text}: seed ${s} appears twice` };
      seen.add(s);
      seeds.push(s);
    }
  }
  return { ok: true, value: seeds };
}

/** Seeds written compactly: consecutive whole numbers as `a..b` (`1..100`, `1..3,7`). */
export function formatSeeds(seeds: readonly string[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < seeds.length) {
    let j = i;
    const isInt = (s: string): boolean => /^-?\d+$/.test(s) && String(Number(s)) === s;
    while (j + 1 < seeds.length && isInt(seeds[j]!) && isInt(seeds[j + 1]!) && Number(seeds[j + 1]) === Number(seeds[j]) + 1) j++;
    parts.push(j > i + 1 ? `${seeds[i]}..${seeds[j]}` : seeds.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * The sweep id: the first 16 hex digits of SHA-256 over the scenario text, the files it reads,
 * the parameters (paths and values as written) and the seeds. Shards of one sweep share it;
 * `merge` refuses parts whose ids differ.
 */
export function sweepId(input: Pick<SweepInput, 'text' | 'files' | 'definition' | 'maxHosts'>): string {
  const canonical = JSON.stringify({
    v: 1,
    scenario: input.text,
    files: Object.keys(input.files)
      .sort()
      .map((k) => [k, input.files[k]]),
    parameters: input.definition.parameters.map((p) => [p.path, p.values]),
    seeds: input.definition.seeds,
    ...(input.maxHosts === undefined ? {} : { maxHosts: input.maxHosts }),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export type PreparedSet = { readonly ok: true; readonly spec: SimulationSpec } | { readonly ok: false; readonly message?: string; readonly diagnostics?: readonly Diagnostic[] };

/**
 * Applies a parameter set's overrides and loads the scenario. `readFile` serves files the
 * scenario refers to, its traces and its imports (the CLI records them while checking every set;
 * workers serve them from `SweepInput.files`). An unknown path comes back as `message`, a bad value as `diagnostics`.
 */
export function prepareParameterSet(input: Pick<SweepInput, 'file' | 'text' | 'definition' | 'maxHosts'>, set: number, readFile: NamedFileReader): PreparedSet {
  const text = applyOverrides(input.text, parameterSetOverrides(input.definition, set));
  if (!text.ok) return { ok: false, message: text.message };
  const loaded = loadScenario(input.file, text.value, { readFile, ...(input.maxHosts === undefined ? {} : { maxHosts: input.maxHosts }) });
  return loaded.ok ? { ok: true, spec: loaded.spec } : { ok: false, diagnostics: loaded.diagnostics };
}

/**
 * Runs one run of the set: the scenario with its parameter set's overrides, at its seed, exactly
 * as `fleetsim run --seed` would (same spec, same seed, same result). Throws the simulation's
 * error (e.g. the event limit); a parameter set that does not load is a bug here, because the
 * CLI checks every set before it starts.
 */
export function executeSweepRun(input: SweepInput, index: number): SweepRunResult {
  const run = sweepRun(input.definition, index);
  const prepared = prepareParameterSet(input, run.parameterSet, (path) => input.files[path]);
  if (!prepared.ok) throw new Error(`sweep run ${index}: the scenario no longer loads: ${prepared.message ?? prepared.diagnostics?.[0]?.message ?? ''}`);
  const summary = new SummaryBuilder();
  const result = runSimulation(prepared.spec, { seed: run.seed, listeners: [summary.listener] });
  const built = summary.build({ scenario: prepared.spec.name, seed: result.seed, durationMs: result.durationMs, events: result.events });
  return { run: index, values: run.values, seed: run.seed, metrics: sweepMetrics(built) };
}

/**
 * The key metrics of a run, from its summary: run-wide counts, then per service (in the
 * summary's order) the final desired and running counts, start-up p50/p90, time to all running,
 * placement failures, requests and 5XX. Names are `events`, `web.running`, `web.startup_p50_s`...
 */
export function sweepMetrics(summary: RunSummary): Record<string, number | null> {
  const m: Record<string, number | null> = {
    events: summary.events,
    hosts_launched: summary.hostsLaunched,
    expectations_passed: summary.expectations.filter((e) => e.passed).length,
    expectations_failed: summary.expectations.filter((e) => !e.passed).length,
  };
  for (const s of summary.services) {
    m[`${s.name}.desired`] = s.desiredCount;
    m[`${s.name}.running`] = s.finalCounts.RUNNING;
    m[`${s.name}.startup_p50_s`] = s.startupS.p50;
    m[`${s.name}.startup_p90_s`] = s.startupS.p90;
    m[`${s.name}.time_to_all_running_s`] = s.timeToAllRunningS;
    m[`${s.name}.placement_failures`] = s.placementFailures;
    m[`${s.name}.requests`] = s.traffic.requests;
    m[`${s.name}.errors_5xx`] = s.traffic.errors;
  }
  return m;
}
