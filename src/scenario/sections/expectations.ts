/** `expect:`: bounds on a service's (workload's) metrics or the cluster's hosts, and reasons that must appear. */
import type { Bound, ExpectationSpec, Platform, ProbabilityBound, ServiceMetric } from '../../model/simulation-spec.js';
import type { Scenario } from '../schema.js';
import { formatSpan } from '../run-size.js';
import { parseDuration } from '../units.js';
import { checkAz, type Path, type Problems } from './problems.js';
import type { ServiceNames } from './references.js';
import { getInstanceType, INSTANCE_TYPES } from '../../model/catalog/instance-types.js';

/** The metrics an expectation can bound, in the order labels list them. */
const METRICS = [
  'desired',
  'running',
  'pending',
  'unplaced',
  'stopped',
  'azSkew',
  'http5xx',
  'dropped',
  'restarts',
  'exits',
  'scaleReversals',
  'hosts',
  'revision',
  'primaryRunning',
  'rollbacks',
  'dnsFailures',
  'volumes',
  'ec2CostUsd',
] as const satisfies readonly ServiceMetric[];

/** The metrics of the cluster as a whole: an expectation bounding them names no service. */
const CLUSTER_METRICS: ReadonlySet<ServiceMetric> = new Set(['hosts', 'ec2CostUsd']);

/**
 * The scenario's expectations. One timed after the end of the run (`durationMs`) is refused: it
 * would never be checked. So is a `since` after the time the expectation is checked: no event
 * could count.
 */
export function compileExpectations(raw: Scenario['expect'], platform: Platform, services: ServiceNames, durationMs: number, problems: Problems, availabilityZones: readonly string[]): ExpectationSpec[] {
  return (raw ?? []).map((e, i) => {
    const path: Path = ['expect', i];
    const at = e.at === undefined ? null : problems.need(parseDuration(e.at), [...path, 'at']);
    if (at !== null && durationMs > 0 && at > durationMs) {
      problems.report([...path, 'at'], `at ${String(e.at)} is after the end of the run (duration ${formatSpan(durationMs)}): it would never be checked; check at the end (leave out at) or lengthen duration`);
    }
    const target = e.service ?? e.workload;
    if (e.service !== undefined && e.workload !== undefined) problems.report(path, "name either 'service' or 'workload', not both");
    if (target !== undefined) services.check(target, [...path, e.service !== undefined ? 'service' : 'workload']);
    const bounds: { metric: ServiceMetric; bound: Bound }[] = [];
    for (const metric of METRICS) {
      const value = e[metric];
      if (value === undefined) continue;
      if (CLUSTER_METRICS.has(metric) !== (target === undefined)) {
        problems.report([...path, metric], CLUSTER_METRICS.has(metric) ? `'${metric}' is cluster-wide: drop service/workload` : `'${metric}' needs a ${platform === 'eks' ? 'workload' : 'service'}`);
        continue;
      }
      const bound: Bound = typeof value === 'number' ? { equals: value } : value;
      if (bound.min !== undefined && bound.max !== undefined && bound.min > bound.max) problems.report([...path, metric], `min ${bound.min} is above max ${bound.max}`);
      bounds.push({ metric, bound });
    }
    if (e.az !== undefined) {
      checkAz(e.az, availabilityZones, [...path, 'az'], problems);
      const other = bounds.find((b) => b.metric !== 'hosts' && b.metric !== 'running');
      if (other !== undefined || bounds.length === 0) problems.report([...path, 'az'], `'az' applies to hosts and running only${other === undefined ? '' : `, not to ${other.metric}`}`);
    }
    if (e.instanceType !== undefined) {
      const other = bounds.find((b) => b.metric !== 'hosts' && b.metric !== 'running');
      if (other !== undefined || bounds.length === 0) problems.report([...path, 'instanceType'], `'instanceType' applies to hosts and running only${other === undefined ? '' : `, not to ${other.metric}`}`);
      const pattern = e.instanceType.endsWith('*') ? e.instanceType.slice(0, -1) : e.instanceType;
      const known = e.instanceType.endsWith('*') ? INSTANCE_TYPES.some((t) => t.name.startsWith(pattern)) : getInstanceType(pattern) !== undefined;
      if (!known) problems.report([...path, 'instanceType'], `'${e.instanceType}' matches none of the catalog's types`);
    }
    const reason = e.reason;
    const since = e.since === undefined ? 0 : problems.need(parseDuration(e.since), [...path, 'since']);
    if (e.since !== undefined && reason === undefined) problems.report([...path, 'since'], "'since' only applies to 'reason'");
    else if (e.since !== undefined && since > (at ?? durationMs) && (at !== null || durationMs > 0)) {
      problems.report([...path, 'since'], `since ${String(e.since)} is after ${at === null ? `the end of the run (duration ${formatSpan(durationMs)}), when it is checked` : `at ${String(e.at)}`}: no event could count`);
    }
    if (bounds.length === 0 && reason === undefined) problems.report(path, 'an expectation needs at least one of desired, running, pending, unplaced, stopped, http5xx, dropped, restarts, exits, scaleReversals, azSkew, hosts, revision, primaryRunning, rollbacks, dnsFailures, volumes, ec2CostUsd or reason');
    const when = e.at === undefined ? 'at end' : `at ${String(e.at)}`;
    const checks = bounds.map(({ metric, bound }) => `${metric} ${labelBound(bound)}`);
    if (reason !== undefined) checks.push(`reason "${reason}"${e.since === undefined ? '' : ` since ${String(e.since)}`}`);
    const probability = e.probability === undefined ? undefined : checkProbability(e.probability, [...path, 'probability'], problems);
    const where = `${e.az === undefined ? '' : ` in ${e.az}`}${e.instanceType === undefined ? '' : ` on ${e.instanceType}`}`;
    const label = `${when}: ${target ?? 'cluster'}${where} ${checks.join(', ')}${probability === undefined ? '' : `, in ${labelProbability(probability)} of seeds`}`;
    return {
      index: i + 1,
      label,
      at,
      service: target ?? null,
      bounds,
      reason,
      reasonSince: since,
      ...(e.az === undefined ? {} : { az: e.az }),
      ...(e.instanceType === undefined ? {} : { instanceType: e.instanceType }),
      ...(probability === undefined ? {} : { probability }),
    };
  });
}

/**
 * A stated probability must be one that seeds can confirm: `min: 1` or `max: 0` ("always",
 * "never") is what an expectation without `probability` already says, and no number of seeds
 * could pass it (the interval never reaches 1 or 0).
 */
function checkProbability(p: ProbabilityBound, path: Path, problems: Problems): ProbabilityBound {
  if (p.min !== undefined && p.min >= 1) problems.report([...path, 'min'], 'min must be below 1: an expectation that holds in every seed needs no probability');
  if (p.max !== undefined && p.max <= 0) problems.report([...path, 'max'], 'max must be above 0: for one that never holds, state the opposite expectation without probability');
  if (p.min !== undefined && p.max !== undefined && p.min >= p.max) problems.report(path, `min ${p.min} must be below max ${p.max}`);
  return { ...(p.min === undefined ? {} : { min: p.min }), ...(p.max === undefined ? {} : { max: p.max }) };
}

/** `at least 70 %`, `at most 2 %`, `20-40 %`. */
function labelProbability(p: ProbabilityBound): string {
  const pct = (x: number): string => `${Number((x * 100).toFixed(2))} %`;
  if (p.min !== undefined && p.max !== undefined) return `${Number((p.min * 100).toFixed(2))}-${pct(p.max)}`;
  return p.min !== undefined ? `at least ${pct(p.min)}` : `at most ${pct(p.max!)}`;
}

function labelBound(b: Bound): string {
  const parts: string[] = [];
  if (b.equals !== undefined) parts.push(`= ${b.equals}`);
  if (b.min !== undefined) parts.push(`>= ${b.min}`);
  if (b.max !== undefined) parts.push(`<= ${b.max}`);
  return parts.join(' and ');
}
