import { stringify } from 'csv-stringify/sync';
import { percentile } from '../report/percentile.js';
import { describeIncidentCode } from '../report/describe/incident.js';
import { formatPercent, formatInterval, verdictWord } from './risk/risk-format.js';
import { summariseRuns, type ExpectationMeta } from './risk/risk-summary.js';
import type { Parsed } from './sweep-overrides.js';
import { formatSeeds, parameterSetLabel, type Shard, type SweepRunResult } from './sweep.js';

/**
 * A sweep's outputs, rendered from its run results alone, so the unsharded sweep and `merge` of
 * its shards write the same bytes: `sweep.csv` (one row per run), `sweep.md` (per parameter set,
 * each metric across seeds, how often each expectation held and each incident happened) and
 * `sweep.json` (the part file: what `merge` needs).
 */

/** What identifies a sweep and labels its outputs. */
export interface SweepHeader {
  readonly sweepId: string;
  /** The scenario's name (not its path: shards may run it from another folder). */
  readonly scenario: string;
  readonly parameters: readonly { readonly path: string; readonly values: readonly string[] }[];
  readonly seeds: readonly string[];
  readonly totalRuns: number;
  /** The scenario's expectations (of its first parameter set), in order: what `held` refers to. */
  readonly expectations: readonly ExpectationMeta[];
}

/** The machine-readable output of a sweep or of one shard of it (`sweep.json`). */
export interface SweepPart extends SweepHeader {
  readonly format: typeof PART_FORMAT;
  readonly shard: Shard;
  /** This shard's runs, by ascending run index. */
  readonly runs: readonly SweepRunResult[];
}

/** Version 2 adds each run's expectations (`held`) and incidents, and the header's expectations. */
export const PART_FORMAT = 'fleetsim-sweep-part/2';
export const PART_FILE = 'sweep.json';

/** Metric names in a fixed order: as they first appear, runs taken by ascending index. */
export function metricNames(results: readonly SweepRunResult[]): string[] {
  const names = new Set<string>();
  for (const r of results) for (const name of Object.keys(r.metrics)) names.add(name);
  return [...names];
}

/** Incident kinds as `[scope, code]`, in order of first appearance, runs taken by ascending index. */
export function incidentKinds(results: readonly SweepRunResult[]): [string, string][] {
  const kinds = new Map<string, [string, string]>();
  for (const r of results) for (const i of r.incidents) kinds.set(`${i.scope}\u0000${i.code}`, [i.scope, i.code]);
  return [...kinds.values()];
}

/**
 * `sweep.csv`: `run`, one column per parameter (its path), `seed`, then the metrics (empty = no
 * value), then per expectation `expect[N]` (1: held in this run, 0: did not), then per kind of
 * incident `incident:<service>:<code>` (when it first happened, seconds; empty: it did not). A
 * parameter set's rate of an expectation or incident is the share of its rows with a value of 1
 * or with a time.
 */
export function renderSweepCsv(header: SweepHeader, results: readonly SweepRunResult[]): string {
  const metrics = metricNames(results);
  const kinds = incidentKinds(results);
  const expectations = header.expectations.map((e) => `expect[${e.index}]`);
  const rows: (string | number)[][] = [['run', ...header.parameters.map((p) => p.path), 'seed', ...metrics, ...expectations, ...kinds.map(([scope, code]) => `incident:${scope}:${code}`)]];
  for (const r of results) {
    const first = new Map(r.incidents.map((i) => [`${i.scope}\u0000${i.code}`, i.atS]));
    rows.push([
      r.run,
      ...r.values,
      r.seed,
      ...metrics.map((m) => formatNumber(r.metrics[m] ?? null)),
      ...header.expectations.map((_, i) => (r.held[i] === true ? 1 : 0)),
      ...kinds.map(([scope, code]) => formatNumber(first.get(`${scope}\u0000${code}`) ?? null)),
    ]);
  }
  return stringify(rows);
}

/**
 * `sweep.md`: for each parameter set (in run-set order), each metric across its seeds: how many
 * runs had a value, mean, p5, p50, p95 (linear interpolation, as the run summary's percentiles).
 * Needs every run of the sweep.
 */
export function renderSweepMarkdown(header: SweepHeader, results: readonly SweepRunResult[]): string {
  const metrics = metricNames(results);
  const seeds = header.seeds.length;
  const sets = seeds === 0 ? 0 : header.totalRuns / seeds;
  const lines: string[] = [
    `# Sweep of ${header.scenario}`,
    '',
    `Sweep id \`${header.sweepId}\`: ${header.totalRuns} run${header.totalRuns === 1 ? '' : 's'} = ${sets} parameter set${sets === 1 ? '' : 's'} x ${seeds} seed${seeds === 1 ? '' : 's'} (${formatSeeds(header.seeds)}).`,
    '',
  ];
  if (header.parameters.length > 0) {
    lines.push('Parameters:', '');
    for (const p of header.parameters) lines.push(`- \`${p.path}\` = ${p.values.join(', ')}`);
    lines.push('');
  }
  lines.push(
    'Runs are numbered parameter set first (the first `--set` varies slowest), then seed; one row per run in `sweep.csv`.',
    'Below, for each parameter set: how often each expectation held and each kind of incident happened, over its seeds,',
    'with the 95 % Wilson interval (docs/risk.md); then each metric across its seeds: n (runs with a value), mean, p5, p50, p95.',
    '',
  );
  for (let set = 0; set < sets; set++) {
    const runs = results.slice(set * seeds, (set + 1) * seeds);
    lines.push(`## ${set + 1}. ${parameterSetLabel(header.parameters, runs[0]?.values ?? [])}`, '');
    const risk = summariseRuns(header.expectations, runs, []);
    if (risk.expectations.length > 0) {
      lines.push('| expectation | held | rate | 95 % interval | verdict |', '|---|---:|---:|---|---|');
      for (const e of risk.expectations) lines.push(`| ${e.index}. ${e.label} | ${e.held}/${e.seeds} | ${formatPercent(e.rate)} | ${formatInterval(e.interval)} | ${verdictWord(e.verdict)} |`);
      lines.push('');
    }
    if (risk.incidents.length > 0) {
      lines.push('| incident | happened | rate | 95 % interval | first at p50 (s) |', '|---|---:|---:|---|---:|');
      for (const i of risk.incidents) lines.push(`| ${i.scope}: ${describeIncidentCode(i.code)} | ${i.happened}/${i.seeds} | ${formatPercent(i.rate)} | ${formatInterval(i.interval)} | ${i.firstAtS.p50 ?? '-'} |`);
    } else lines.push('No incident in any seed.');
    lines.push('', '| metric | n | mean | p5 | p50 | p95 |', '|---|---:|---:|---:|---:|---:|');
    for (const m of metrics) {
      const values = runs.map((r) => r.metrics[m]).filter((v): v is number => typeof v === 'number');
      const sorted = [...values].sort((a, b) => a - b);
      const cell = (v: number | undefined): string => (v === undefined ? '-' : formatNumber(round3(v)));
      const mean = values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
      lines.push(`| ${m} | ${values.length} | ${cell(mean)} | ${cell(percentile(sorted, 5))} | ${cell(percentile(sorted, 50))} | ${cell(percentile(sorted, 95))} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function formatNumber(v: number | null): string {
  return v === null ? '' : String(v);
}

/** `sweep.json` text (stable key order, so equal parts are equal bytes). */
export function renderSweepPart(header: SweepHeader, shard: Shard, runs: readonly SweepRunResult[]): string {
  const part: SweepPart = {
    format: PART_FORMAT,
    sweepId: header.sweepId,
    scenario: header.scenario,
    parameters: header.parameters.map((p) => ({ path: p.path, values: p.values })),
    seeds: header.seeds,
    totalRuns: header.totalRuns,
    expectations: header.expectations.map((e) => ({ index: e.index, label: e.label, ...(e.probability === undefined ? {} : { probability: e.probability }) })),
    shard,
    runs: runs.map((r) => ({ run: r.run, values: r.values, seed: r.seed, metrics: r.metrics, held: r.held, incidents: r.incidents })),
  };
  return `${JSON.stringify(part, null, 1)}\n`;
}

/** Reads a `sweep.json`; `source` names it in messages. Checks the shape, not the sweep. */
export function parseSweepPart(text: string, source: string): Parsed<SweepPart> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${source}: not JSON (${(error as Error).message})` };
  }
  const d = data as Partial<SweepPart> | null;
  if (d !== null && typeof d === 'object' && typeof d.format === 'string' && d.format.startsWith('fleetsim-sweep-part/') && d.format !== PART_FORMAT) {
    return { ok: false, message: `${source}: a sweep part of another fleetsim version ("format": "${d.format}", this one reads "${PART_FORMAT}"); run that shard again` };
  }
  if (d === null || typeof d !== 'object' || d.format !== PART_FORMAT) return { ok: false, message: `${source}: not a fleetsim sweep part (expected "format": "${PART_FORMAT}")` };
  const okShard = typeof d.shard === 'object' && d.shard !== null && Number.isInteger(d.shard.index) && Number.isInteger(d.shard.count);
  if (typeof d.sweepId !== 'string' || !Array.isArray(d.runs) || !Array.isArray(d.seeds) || !Array.isArray(d.parameters) || !Array.isArray(d.expectations) || !okShard || typeof d.totalRuns !== 'number') {
    return { ok: false, message: `${source}: a sweep part with missing fields` };
  }
  return { ok: true, value: d as SweepPart };
}

/**
 * Combines the parts of one sweep, e.g. the shards of an Indexed Job, into the header and every
 * run result in run order. Refuses parts of different sweeps (sweep ids differ), different shard
 * counts, a shard given twice, a missing shard, and a part whose runs are not its shard's.
 */
export function mergeSweepParts(parts: readonly { readonly source: string; readonly part: SweepPart }[]): Parsed<{ header: SweepHeader; results: SweepRunResult[] }> {
  if (parts.length === 0) return { ok: false, message: 'nothing to merge' };
  const first = parts[0]!;
  const describe = (p: SweepPart): string => `sweep ${p.sweepId} of ${p.scenario}, ${p.totalRuns} runs`;
  for (const { source, part } of parts) {
    if (part.sweepId !== first.part.sweepId) {
      return { ok: false, message: `${source} is from another sweep (${describe(part)}) than ${first.source} (${describe(first.part)}): shards must come from one scenario, one set of --set values and one --seeds` };
    }
    if (part.shard.count !== first.part.shard.count) {
      return { ok: false, message: `${source} is shard ${part.shard.index}/${part.shard.count} but ${first.source} is shard ${first.part.shard.index}/${first.part.shard.count}: all shards must use the same COUNT` };
    }
  }
  const count = first.part.shard.count;
  const bySlot = new Map<number, string>();
  for (const { source, part } of parts) {
    const other = bySlot.get(part.shard.index);
    if (other !== undefined) return { ok: false, message: `shard ${part.shard.index}/${count} is given twice: ${other} and ${source}` };
    bySlot.set(part.shard.index, source);
  }
  const missing: string[] = [];
  for (let i = 0; i < count; i++) if (!bySlot.has(i)) missing.push(`${i}/${count}`);
  if (missing.length > 0) return { ok: false, message: `missing shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of sweep ${first.part.sweepId} (have ${parts.length} of ${count})` };

  const total = first.part.totalRuns;
  const results = new Array<SweepRunResult | undefined>(total);
  for (const { source, part } of parts) {
    let expected = part.shard.index;
    for (const r of part.runs) {
      if (r.run !== expected) return { ok: false, message: `${source}: shard ${part.shard.index}/${count} should hold run ${expected < total ? expected : 'no more runs'} but holds run ${r.run}` };
      results[r.run] = r;
      expected += count;
    }
    if (expected < total) return { ok: false, message: `${source}: shard ${part.shard.index}/${count} is incomplete: run ${expected} is missing` };
  }
  const p = first.part;
  return { ok: true, value: { header: { sweepId: p.sweepId, scenario: p.scenario, parameters: p.parameters, seeds: p.seeds, totalRuns: total, expectations: p.expectations }, results: results as SweepRunResult[] } };
}
