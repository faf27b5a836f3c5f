import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HPA_BEHAVIOR,
  DEFAULT_SCALE_DOWN,
  DEFAULT_SCALE_UP,
  HPA_SYNC_PERIOD_MS,
  type HpaBehavior,
  type HpaMetric,
  type HpaScalingRules,
  type HpaSpec,
  objectMetricKey,
} from '../../src/model/hpa-spec.js';
import { CPU_SHARES_PER_MILLICORE } from '../../src/model/resources.js';
import {
  computeHpaDecision,
  EMPTY_HPA_HISTORY,
  pruneHistory,
  scaleDownLimit,
  limitWithoutBehavior,
  scaleUpLimit,
  stabilizeRecommendation,
  stabilizeWithoutBehavior,
  validateHpaSpec,
  type HpaDecision,
  type HpaHistory,
  type HpaInput,
  type HpaPod,
} from '../../src/policy/autoscaling/hpa.js';
import { describeHpaMetric, describeHpaMetricError, describeHpaReason } from '../../src/report/describe/scaling-reasons.js';

// ---------------------------------------------------------------------------------------------
// Builders

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** Syncs happen an hour into the run, so default pods are long past their initialization. */
const NOW = 60 * MINUTE;
const millicores = (n: number): number => n * CPU_SHARES_PER_MILLICORE;

interface PodOptions {
  /** CPU in use, millicores; absent: no cpu sample. */
  readonly cpu?: number;
  /** Requests per second (the Pods metric `rps`); absent: no rps sample. */
  readonly rps?: number;
  /** CPU request in millicores (default 100m). */
  readonly requestCpu?: number;
  readonly ready?: boolean;
  readonly startedAt?: number;
  readonly readySince?: number | null;
  readonly unreadySince?: number;
  readonly phase?: HpaPod['phase'];
  readonly terminating?: boolean;
  /** No sample at all (the pod is missing from the metrics API). */
  readonly noMetrics?: boolean;
}

function pod(name: string, o: PodOptions = {}): HpaPod {
  const startedAt = o.startedAt ?? 0;
  const ready = o.ready ?? true;
  const metrics: Record<string, number> = {};
  if (o.cpu !== undefined) metrics.cpu = millicores(o.cpu);
  if (o.rps !== undefined) metrics.rps = o.rps;
  return {
    name,
    ready,
    startedAt,
    readySince: o.readySince !== undefined ? o.readySince : ready ? startedAt + 5 * SECOND : null,
    ...(o.unreadySince !== undefined ? { unreadySince: o.unreadySince } : {}),
    ...(o.phase !== undefined ? { phase: o.phase } : {}),
    ...(o.terminating !== undefined ? { terminating: o.terminating } : {}),
    requests: { cpu: millicores(o.requestCpu ?? 100), memoryMiB: 256 },
    metrics: o.noMetrics === true ? null : metrics,
  };
}

const pods = (n: number, o: PodOptions = {}, prefix = 'p'): HpaPod[] => Array.from({ length: n }, (_, i) => pod(`${prefix}${i}`, o));

const cpuUtilization = (percent: number): HpaMetric => ({ type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } });
const cpuAverage = (mCores: number): HpaMetric => ({ type: 'Resource', name: 'cpu', target: { type: 'AverageValue', averageValue: millicores(mCores) } });
const rpsPerPod = (value: number): HpaMetric => ({ type: 'Pods', name: 'rps', target: { type: 'AverageValue', averageValue: value } });

/** No stabilization and generous rates: the decision is the recommendation within min/max. */
const IMMEDIATE: HpaBehavior = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 10_000, periodSeconds: 15 }] },
  scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
};

function hpa(o: Partial<HpaSpec> = {}): HpaSpec {
  return { minReplicas: 1, maxReplicas: 100, metrics: [cpuUtilization(50)], behavior: IMMEDIATE, ...o };
}

/** One sync at NOW with a fresh history; currentReplicas defaults to the number of pods. Reasons as Kubernetes words them. */
function sync(o: Partial<HpaInput> & { readonly pods: readonly HpaPod[] }): WordedDecision {
  return worded(computeHpaDecision({ now: NOW, currentReplicas: o.pods.length, spec: hpa(), history: EMPTY_HPA_HISTORY, ...o }));
}

/** A decision with its reasons, metric names and metric errors in the HPA controller's words. */
type WordedDecision = Omit<HpaDecision, 'reason' | 'rescaleReason' | 'perMetric'> & {
  readonly reason: string;
  readonly rescaleReason: string | null;
  readonly perMetric: readonly { readonly metric: string; readonly proposed: number | null; readonly usageRatio: number | null; readonly currentValue: number | null; readonly error?: string }[];
};

function worded(d: HpaDecision): WordedDecision {
  return {
    ...d,
    reason: describeHpaReason(d.reason),
    rescaleReason: d.rescaleReason === null ? null : describeHpaReason(d.rescaleReason),
    perMetric: d.perMetric.map(({ error, ...p }) => ({ ...p, metric: describeHpaMetric(p.metric), ...(error === undefined ? {} : { error: describeHpaMetricError(error) }) })),
  };
}

interface Step {
  /** Seconds since the first sync. */
  readonly t: number;
  readonly replicas: number;
  readonly reason: string;
}

/**
 * Runs the HPA every 15 s against a total request rate spread evenly over the pods (the Pods
 * metric `rps`, target 10 per pod, so the recommendation is about demand / 10), applying each
 * decision at once, as a Deployment whose pods start instantly would.
 */
function drive(spec: HpaSpec, startReplicas: number, demand: (tSeconds: number) => number, durationSeconds: number): Step[] {
  let history: HpaHistory = EMPTY_HPA_HISTORY;
  let replicas = startReplicas;
  const steps: Step[] = [];
  for (let t = 0; t <= durationSeconds; t += HPA_SYNC_PERIOD_MS / SECOND) {
    const d = computeHpaDecision({
      now: NOW + t * SECOND,
      currentReplicas: replicas,
      spec,
      pods: pods(replicas, { rps: demand(t) / replicas }),
      history,
    });
    history = d.history;
    replicas = d.desiredReplicas;
    steps.push({ t, replicas, reason: describeHpaReason(d.reason) });
  }
  return steps;
}

const rpsSpec = (behavior: HpaBehavior, o: Partial<HpaSpec> = {}): HpaSpec => hpa({ metrics: [rpsPerPod(10)], behavior, ...o });
const at = (steps: readonly Step[], t: number): Step => {
  const step = steps.find((s) => s.t === t);
  if (step === undefined) throw new Error(`no sync at ${t}s`);
  return step;
};

// ---------------------------------------------------------------------------------------------
// The algorithm (kubernetes.io "Horizontal Pod Autoscaling", algorithm details)

describe('HPA: desiredReplicas = ceil(currentReplicas x currentMetricValue / desiredMetricValue)', () => {
  // The documentation's examples: 200m against 100m doubles, 50m halves, close to 1.0 does nothing.
  it.each([
    { usage: 200, expected: 8, note: '200m / 100m doubles' },
    { usage: 50, expected: 2, note: '50m / 100m halves' },
    { usage: 105, expected: 4, note: 'ratio 1.05 is within the 0.1 tolerance' },
    { usage: 110, expected: 4, note: 'ratio 1.1 is still within (the bound is inclusive)' },
    { usage: 111, expected: 5, note: 'ratio 1.11: ceil(4.44)' },
    { usage: 90, expected: 4, note: 'ratio 0.9 is within' },
    { usage: 89, expected: 4, note: 'ratio 0.89 is outside, but ceil(3.56) is 4' },
    { usage: 70, expected: 3, note: 'ratio 0.7: ceil(2.8)' },
    { usage: 0, expected: 1, note: 'idle: ceil(0) = 0, raised to minReplicas' },
  ])('4 pods at $usage m against 100m: $expected ($note)', ({ usage, expected }) => {
    const d = sync({ pods: pods(4, { cpu: usage }), spec: hpa({ metrics: [cpuAverage(100)] }) });
    expect(d.desiredReplicas).toBe(expected);
    expect(d.perMetric[0]!.usageRatio).toBeCloseTo(usage / 100, 10);
  });

  it('names the metric in the scale-up reason and reports the usage', () => {
    const raw = computeHpaDecision({ now: NOW, currentReplicas: 4, spec: hpa(), history: EMPTY_HPA_HISTORY, pods: pods(4, { cpu: 100 }) });
    expect(raw.reason).toEqual({ code: 'MetricAboveTarget', metric: cpuUtilization(50) });
    const d = sync({ pods: pods(4, { cpu: 100 }) });
    expect(d).toMatchObject({
      desiredReplicas: 8,
      rescale: true,
      recommendation: 8,
      reason: 'cpu resource utilization (percentage of request) above target',
      perMetric: [{ metric: 'cpu resource utilization (percentage of request)', proposed: 8, usageRatio: 2, currentValue: 100 }],
    });
  });

  it('says "All metrics below target" when scaling down', () => {
    const d = sync({ pods: pods(4, { cpu: 10 }) });
    expect(d).toMatchObject({ desiredReplicas: 1, reason: 'All metrics below target', rescaleReason: 'All metrics below target' });
  });

  it.each([
    { usage: 55.9, expected: 4, note: 'utilization 55.9 % is floored to 55 %: ratio 1.1, within tolerance' },
    { usage: 56, expected: 5, note: '56 %: ratio 1.12, ceil(4.48)' },
  ])('utilization is an integer percentage of the summed requests ($note)', ({ usage, expected }) => {
    expect(sync({ pods: pods(4, { cpu: usage }) }).desiredReplicas).toBe(expected);
  });

  it('averages utilization over summed requests, not per pod', () => {
    // 300m used of 100m + 500m requested is 50 %, although one pod runs at 200 %.
    const d = sync({ pods: [pod('small', { cpu: 200, requestCpu: 100 }), pod('large', { cpu: 100, requestCpu: 500 })] });
    expect(d.perMetric[0]!.currentValue).toBe(50);
    expect(d.desiredReplicas).toBe(2);
  });

  it('honours per-direction tolerances (behavior.scaleUp/scaleDown.tolerance)', () => {
    const behavior: HpaBehavior = { ...IMMEDIATE, scaleUp: { ...IMMEDIATE.scaleUp, tolerance: 0.05 } };
    expect(sync({ pods: pods(4, { cpu: 108 }), spec: hpa({ metrics: [cpuAverage(100)], behavior }) }).desiredReplicas).toBe(5);
    expect(sync({ pods: pods(4, { cpu: 92 }), spec: hpa({ metrics: [cpuAverage(100)], behavior }) }).desiredReplicas).toBe(4);
  });
});

// ---------------------------------------------------------------------------------------------
// Missing metrics and not-yet-ready pods

describe('HPA: missing metrics', () => {
  it.each([
    {
      name: 'on a scale-down missing pods count as using 100 % of their request',
      // 3 x 10 % + 1 x 100 % over 4 requests = 32 %: ratio 0.64, ceil(2.56); ignoring the pod would give 1.
      pods: [...pods(3, { cpu: 10 }), pod('missing')],
      metric: cpuUtilization(50),
      expected: 3,
    },
    {
      name: 'on a scale-down with a target above 100 % they count at the target',
      // (3 x 60 % + 150 %) / 4 = 82 %: ratio 0.547, ceil(2.19); at 100 % it would be 2.
      pods: [...pods(3, { cpu: 60 }), pod('missing')],
      metric: cpuUtilization(150),
      expected: 3,
    },
    {
      name: 'on a scale-up missing pods count as 0 %',
      // 2 x 100 % + 2 x 0 % = 50 %: exactly the target, no change (ignoring them would double).
      pods: [...pods(2, { cpu: 100 }), pod('m1'), pod('m2')],
      metric: cpuUtilization(50),
      expected: 4,
    },
    {
      name: 'filling them in may not reverse the direction',
      // 60 % asks to grow; with three idle pods 15 % would ask to shrink: keep 4.
      pods: [pod('p0', { cpu: 60 }), pod('m1'), pod('m2'), pod('m3')],
      metric: cpuUtilization(50),
      expected: 4,
    },
    {
      name: 'a pod without any sample (metrics: null) is missing',
      pods: [...pods(3, { cpu: 10 }), pod('gone', { noMetrics: true })],
      metric: cpuUtilization(50),
      expected: 3,
    },
    {
      name: 'a Pods metric counts missing pods at the target on a scale-down',
      // rps 2, 2, 2 and the target 10 for the missing one: average 4, ratio 0.4, ceil(1.6).
      pods: [...pods(3, { rps: 2 }), pod('missing')],
      metric: rpsPerPod(10),
      expected: 2,
    },
  ])('$name', ({ pods: ps, metric, expected }) => {
    expect(sync({ pods: ps, spec: hpa({ metrics: [metric] }) }).desiredReplicas).toBe(expected);
  });

  it('a metric with no sample from any counted pod cannot be computed', () => {
    const d = sync({ pods: pods(3, { noMetrics: true }) });
    expect(d).toMatchObject({ desiredReplicas: 3, rescale: false, reason: 'FailedComputeMetricsReplicas', recommendation: null });
    expect(d.perMetric[0]!.error).toBe('did not receive metrics for targeted pods (pods might be unready)');
  });

  it('utilization without a CPU request cannot be computed', () => {
    const d = sync({ pods: [pod('a', { cpu: 50 }), pod('b', { cpu: 50, requestCpu: 0 })] });
    expect(d.perMetric[0]!.error).toBe('missing request for cpu in pod b');
    expect(d.desiredReplicas).toBe(2);
  });
});

describe('HPA: not-yet-ready pods (CPU)', () => {
  const starting = (n: number): HpaPod[] =>
    // Just started, not Ready, burning CPU on initialization: set aside.
    pods(n, { cpu: 300, ready: false, startedAt: NOW - 60 * SECOND }, 'new');

  it.each([
    {
      name: 'unready pods count as 0 % on a scale-up, which can cancel it',
      // 4 ready at 100 %: ratio 2; with 4 starting pods at 0 %: 50 %, on target.
      pods: [...pods(4, { cpu: 100 }), ...starting(4)],
      expected: 8,
    },
    {
      name: 'or reverse its direction, in which case nothing changes',
      // 60 % asks to grow; counting the starting pods at 0 %: 30 %. Keep 8.
      pods: [...pods(4, { cpu: 60 }), ...starting(4)],
      expected: 8,
    },
    {
      name: 'a large scale-up still happens, sized over all pods',
      // 4 at 150 %: ratio 3; with 4 at 0 %: 75 %, ratio 1.5 x 8 pods = 12.
      pods: [...pods(4, { cpu: 150 }), ...starting(4)],
      expected: 12,
    },
    {
      name: 'on a scale-down unready pods are simply ignored',
      // 4 ready at 10 %: ratio 0.2 x 4 ready pods = ceil(0.8) = 1.
      pods: [...pods(4, { cpu: 10 }), ...starting(4)],
      expected: 1,
    },
  ])('$name', ({ pods: ps, expected }) => {
    expect(sync({ pods: ps }).desiredReplicas).toBe(expected);
  });

  // One reference pod at 50 % and a probe at 150 %: utilization reads 100 % if the probe's CPU
  // counts, 50 % if it is set aside (and the ratio, 1.0, triggers no rebalancing).
  it.each([
    { name: 'Ready for 20 s within the initialization period', probe: { startedAt: NOW - 60 * SECOND, readySince: NOW - 20 * SECOND }, counted: true },
    { name: 'Ready for 5 s (less than one metrics window)', probe: { startedAt: NOW - 60 * SECOND, readySince: NOW - 5 * SECOND }, counted: false },
    { name: 'not Ready within the initialization period', probe: { startedAt: NOW - 60 * SECOND, ready: false }, counted: false },
    { name: 'not Ready after 10 minutes, never been Ready', probe: { startedAt: NOW - 10 * MINUTE, ready: false }, counted: false },
    {
      name: 'not Ready after 10 minutes, turned unready within 30 s of its start',
      probe: { startedAt: NOW - 10 * MINUTE, ready: false, unreadySince: NOW - 10 * MINUTE + 20 * SECOND },
      counted: false,
    },
    {
      name: 'not Ready after 10 minutes, was Ready until 2 minutes ago',
      probe: { startedAt: NOW - 10 * MINUTE, ready: false, unreadySince: NOW - 2 * MINUTE },
      counted: true,
    },
    { name: 'Ready, started 10 minutes ago', probe: { startedAt: NOW - 10 * MINUTE }, counted: true },
    { name: 'Pending', probe: { phase: 'Pending' as const }, counted: false },
    { name: 'terminating', probe: { terminating: true }, counted: false },
    { name: 'Failed', probe: { phase: 'Failed' as const }, counted: false },
  ])('a pod $name: CPU counted = $counted', ({ probe, counted }) => {
    const d = sync({ pods: [pod('reference', { cpu: 50 }), pod('probe', { cpu: 150, ...probe })] });
    expect(d.perMetric[0]!.currentValue).toBe(counted ? 100 : 50);
  });

  it('the readiness rule is for CPU only: an unready Running pod counts for a Pods metric, a Pending one does not', () => {
    const spec = hpa({ metrics: [rpsPerPod(10)] });
    const unready = sync({ spec, pods: [pod('a', { rps: 10 }), pod('b', { rps: 30, ready: false, startedAt: NOW - 60 * SECOND })] });
    expect(unready.perMetric[0]!.currentValue).toBe(20);
    const pending = sync({ spec, pods: [pod('a', { rps: 10 }), pod('b', { rps: 30, phase: 'Pending' })] });
    expect(pending.perMetric[0]!.currentValue).toBe(10);
  });
});

// ---------------------------------------------------------------------------------------------
// Multiple metrics, External metrics, min/max

describe('HPA: multiple metrics', () => {
  it.each([
    {
      name: 'the largest proposal wins (rps)',
      // cpu 75 % of 50: 6 replicas; rps 20 of 10: 8 replicas.
      pods: pods(4, { cpu: 75, rps: 20 }),
      expected: 8,
      reason: 'pods metric rps above target',
    },
    {
      name: 'the largest proposal wins (cpu)',
      pods: pods(4, { cpu: 150, rps: 20 }),
      expected: 12,
      reason: 'cpu resource utilization (percentage of request) above target',
    },
    {
      name: 'all metrics must be below target to scale down',
      pods: pods(4, { cpu: 10, rps: 10 }),
      expected: 4,
      reason: 'ReadyForNewScale',
    },
  ])('$name', ({ pods: ps, expected, reason }) => {
    const d = sync({ pods: ps, spec: hpa({ metrics: [cpuUtilization(50), rpsPerPod(10)] }) });
    expect(d.desiredReplicas).toBe(expected);
    expect(d.reason).toBe(reason);
    expect(d.perMetric.map((p) => p.metric)).toEqual(['cpu resource utilization (percentage of request)', 'pods metric rps']);
  });

  const withBroken = hpa({ metrics: [cpuUtilization(50), { type: 'External', name: 'queue', target: { type: 'Value', value: 100 } }] });

  it('does not scale down while another metric cannot be computed (it might ask for more)', () => {
    const d = sync({ pods: pods(4, { cpu: 10 }), spec: withBroken });
    expect(d).toMatchObject({ desiredReplicas: 4, rescale: false, reason: 'FailedComputeMetricsReplicas' });
    expect(d.perMetric[1]).toMatchObject({ proposed: null, error: 'unable to get external metric queue' });
  });

  it('still scales up on the metrics it has', () => {
    expect(sync({ pods: pods(4, { cpu: 100 }), spec: withBroken }).desiredReplicas).toBe(8);
  });
});

describe('HPA: External metrics', () => {
  it.each([
    { name: 'AverageValue divides the total by the target', target: { type: 'AverageValue' as const, averageValue: 100 }, total: 1000, expected: 10 },
    { name: 'AverageValue within tolerance keeps the pod count', target: { type: 'AverageValue' as const, averageValue: 100 }, total: 420, expected: 4 },
    { name: 'Value scales the ready pods by total / target', target: { type: 'Value' as const, value: 100 }, total: 500, expected: 20 },
    { name: 'Value within tolerance keeps the replicas', target: { type: 'Value' as const, value: 100 }, total: 95, expected: 4 },
  ])('$name', ({ target, total, expected }) => {
    const spec = hpa({ metrics: [{ type: 'External', name: 'queue', target }] });
    expect(sync({ pods: pods(4), spec, externalMetrics: { queue: total } }).desiredReplicas).toBe(expected);
  });

  it('scales from and to zero with minReplicas 0', () => {
    // From zero only a Pods policy can add replicas: any percentage of 0 is 0.
    const behavior: HpaBehavior = { scaleUp: DEFAULT_SCALE_UP, scaleDown: IMMEDIATE.scaleDown };
    const spec = hpa({ minReplicas: 0, behavior, metrics: [{ type: 'External', name: 'queue', target: { type: 'Value', value: 100 } }] });
    expect(sync({ pods: [], currentReplicas: 0, spec: { ...spec, behavior: IMMEDIATE }, externalMetrics: { queue: 250 } })).toMatchObject({
      desiredReplicas: 0,
      reason: 'ScaleUpLimit',
    });
    expect(sync({ pods: [], currentReplicas: 0, spec, externalMetrics: { queue: 250 } }).desiredReplicas).toBe(3);
    expect(sync({ pods: pods(3), spec, externalMetrics: { queue: 0 } }).desiredReplicas).toBe(0);
  });
});

describe('HPA: Object metrics (computed as the controller computes External ones)', () => {
  const ingress = { kind: 'Ingress', name: 'main-route', apiVersion: 'networking.k8s.io/v1' };
  const object = (target: { type: 'Value'; value: number } | { type: 'AverageValue'; averageValue: number }): HpaMetric => ({
    type: 'Object',
    describedObject: ingress,
    name: 'requests-per-second',
    target,
  });
  const key = objectMetricKey({ describedObject: ingress, name: 'requests-per-second' });

  it.each([
    // GetObjectMetricReplicas: ceil(value / target x ready pods) outside tolerance.
    { name: 'Value scales the ready pods by value / target', target: { type: 'Value' as const, value: 2000 }, value: 5000, expected: 10 },
    { name: 'Value within tolerance keeps the replicas', target: { type: 'Value' as const, value: 2000 }, value: 2100, expected: 4 },
    // GetObjectPerPodMetricReplicas: ceil(value / target) outside tolerance.
    { name: 'AverageValue divides the value by the target', target: { type: 'AverageValue' as const, averageValue: 500 }, value: 5000, expected: 10 },
    { name: 'AverageValue within tolerance keeps the pod count', target: { type: 'AverageValue' as const, averageValue: 500 }, value: 2100, expected: 4 },
  ])('$name', ({ target, value, expected }) => {
    const spec = hpa({ metrics: [object(target)] });
    expect(sync({ pods: pods(4), spec, objectMetrics: { [key]: value } }).desiredReplicas).toBe(expected);
  });

  it('counts only ready pods for a Value target, as getReadyPodsCount does', () => {
    const spec = hpa({ metrics: [object({ type: 'Value', value: 2000 })] });
    const somePods = [...pods(2), ...pods(2, { ready: false, readySince: null }, 'u')];
    // ratio 2.5 x 2 ready pods = 5, not 10.
    expect(sync({ pods: somePods, spec, objectMetrics: { [key]: 5000 } }).desiredReplicas).toBe(5);
  });

  it('a missing value fails the metric in the controller words, and names it on a rescale', () => {
    const spec = hpa({ metrics: [object({ type: 'Value', value: 2000 })] });
    const failed = sync({ pods: pods(4), spec });
    expect(failed.reason).toBe('FailedComputeMetricsReplicas');
    expect(failed.perMetric[0]!.error).toBe(
      'unable to get metric requests-per-second: Ingress on default main-route/the server could not find the metric requests-per-second for ingresses main-route',
    );
    expect(sync({ pods: pods(4), spec, objectMetrics: { [key]: 5000 } }).rescaleReason).toBe('Ingress metric requests-per-second above target');
  });

  it('allows minReplicas 0 with an Object metric (HPAScaleToZero), as with an External one', () => {
    expect(validateHpaSpec(hpa({ minReplicas: 0, metrics: [object({ type: 'Value', value: 100 })] }))).toEqual([]);
    expect(validateHpaSpec(hpa({ minReplicas: 0 }))).toEqual(['minReplicas: must be an integer >= 1']);
  });
});

describe('HPA without behavior (the controller\'s normalizeDesiredReplicas path)', () => {
  const legacy = (o: Partial<HpaSpec> = {}): HpaSpec => hpa({ metrics: [rpsPerPod(10)], behavior: null, ...o });

  it('scales up at most to max(2 x current, 4) per sync', () => {
    // Demand for 100 pods from 1: 4 (the minimum), 8, 16, 32, 64, 100 — one sync each.
    const steps = drive(legacy({ maxReplicas: 200 }), 1, () => 1000, 75);
    expect(steps.map((s) => s.replicas)).toEqual([4, 8, 16, 32, 64, 100]);
    expect(steps.slice(0, 5).every((s) => s.reason === 'ScaleUpLimit')).toBe(true);
  });

  it('differs from the default behavior below 4 replicas: that adds max(4 pods, 100 %), this goes to max(2 x, 4)', () => {
    const withBehavior = drive(rpsSpec(DEFAULT_HPA_BEHAVIOR, { maxReplicas: 200 }), 1, () => 1000, 0);
    const without = drive(legacy({ maxReplicas: 200 }), 1, () => 1000, 0);
    expect(withBehavior[0]!.replicas).toBe(5);
    expect(without[0]!.replicas).toBe(4);
  });

  it('names TooManyReplicas when maxReplicas is the tighter bound', () => {
    expect(limitWithoutBehavior({ current: 10, desired: 50, min: 1, max: 15 })).toEqual({ replicas: 15, reason: 'TooManyReplicas' });
    expect(limitWithoutBehavior({ current: 10, desired: 50, min: 1, max: 100 })).toEqual({ replicas: 20, reason: 'ScaleUpLimit' });
    expect(limitWithoutBehavior({ current: 10, desired: 0, min: 2, max: 100 })).toEqual({ replicas: 2, reason: 'TooFewReplicas' });
    expect(limitWithoutBehavior({ current: 10, desired: 3, min: 2, max: 100 })).toEqual({ replicas: 3, reason: 'DesiredWithinRange' });
  });

  it('scales down to the highest recommendation of the last 300 s, a recommendation exactly 300 s old included', () => {
    // A fresh HPA at 10 replicas, demand for 4: the initial recommendation (10 at t=0) holds the
    // count through t=300 (Before(cutoff) is false at exactly 300 s); at 315 s it goes to 4 at once.
    const steps = drive(legacy(), 10, () => 40, 6 * 60);
    expect(at(steps, 0)).toMatchObject({ replicas: 10, reason: 'ScaleDownStabilized' });
    expect(at(steps, 300).replicas).toBe(10);
    expect(at(steps, 315)).toMatchObject({ replicas: 4, reason: 'All metrics below target' });
    // With behavior's default rules the window is exclusive: down at 300 s.
    expect(at(drive(rpsSpec(DEFAULT_HPA_BEHAVIOR), 10, () => 40, 6 * 60), 300).replicas).toBe(4);
  });

  it('has no scale-down rate limit and no scale-up stabilization', () => {
    expect(stabilizeWithoutBehavior([{ at: NOW - 10 * SECOND, replicas: 2 }], NOW, 8, 300 * SECOND)).toEqual({ replicas: 8, reason: 'ReadyForNewScale' });
    expect(stabilizeWithoutBehavior([{ at: NOW - 301 * SECOND, replicas: 50 }], NOW, 8, 300 * SECOND)).toEqual({ replicas: 8, reason: 'ReadyForNewScale' });
    expect(stabilizeWithoutBehavior([{ at: NOW - 300 * SECOND, replicas: 50 }], NOW, 8, 300 * SECOND)).toEqual({ replicas: 50, reason: 'ScaleDownStabilized' });
    expect(limitWithoutBehavior({ current: 100, desired: 1, min: 1, max: 100 })).toEqual({ replicas: 1, reason: 'DesiredWithinRange' });
  });

  it('keeps no scale events and only the downscale window of recommendations', () => {
    const d = computeHpaDecision({ now: NOW, currentReplicas: 4, spec: legacy(), pods: pods(4, { rps: 100 }), history: EMPTY_HPA_HISTORY });
    expect(d.desiredReplicas).toBe(8);
    expect(d.history.scaleEvents).toEqual([]);
    expect(pruneHistory({ recommendations: [{ at: NOW - 400 * SECOND, replicas: 3 }, { at: NOW - 10 * SECOND, replicas: 5 }, { at: NOW, replicas: 6 }], scaleEvents: [] }, NOW, null).recommendations).toEqual([
      { at: NOW - 10 * SECOND, replicas: 5 },
      { at: NOW, replicas: 6 },
    ]);
  });
});

describe('HPA: minReplicas and maxReplicas', () => {
  it.each([
    { name: 'a recommendation above maxReplicas is capped', pods: pods(4, { cpu: 250 }), current: 4, min: 1, max: 10, expected: 10, reason: 'TooManyReplicas' },
    { name: 'a recommendation below minReplicas is raised', pods: pods(4, { cpu: 0 }), current: 4, min: 2, max: 10, expected: 2, reason: 'TooFewReplicas' },
    {
      name: 'above maxReplicas goes straight to maxReplicas',
      pods: pods(12, { cpu: 50 }),
      current: 12,
      min: 1,
      max: 10,
      expected: 10,
      reason: 'Current number of replicas above Spec.MaxReplicas',
    },
    {
      name: 'below minReplicas goes straight to minReplicas',
      pods: pods(1, { cpu: 0 }),
      current: 1,
      min: 3,
      max: 10,
      expected: 3,
      reason: 'Current number of replicas below Spec.MinReplicas',
    },
    { name: 'zero replicas disables autoscaling', pods: [], current: 0, min: 1, max: 10, expected: 0, reason: 'ScalingDisabled' },
  ])('$name', ({ pods: ps, current, min, max, expected, reason }) => {
    const d = sync({ pods: ps, currentReplicas: current, spec: hpa({ minReplicas: min, maxReplicas: max }) });
    expect(d.desiredReplicas).toBe(expected);
    expect(d.reason).toBe(reason);
    expect(d.rescale).toBe(expected !== current);
  });

  it('out-of-range corrections use no metrics', () => {
    const d = sync({ pods: pods(12, { cpu: 50 }), spec: hpa({ maxReplicas: 10 }) });
    expect(d).toMatchObject({ recommendation: null, perMetric: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// Behavior: policies, selectPolicy, stabilization (kubernetes.io "Configurable scaling behavior")

describe('HPA behavior: rate policies', () => {
  it('by default adds 4 pods or 100 %, whichever is more, every 15 s', () => {
    const steps = drive(rpsSpec(DEFAULT_HPA_BEHAVIOR), 1, () => 1000, 75);
    expect(steps.map((s) => s.replicas)).toEqual([5, 10, 20, 40, 80, 100]);
    expect(steps.map((s) => s.reason)).toEqual([
      'ScaleUpLimit',
      'ScaleUpLimit',
      'ScaleUpLimit',
      'ScaleUpLimit',
      'ScaleUpLimit',
      'pods metric rps above target',
    ]);
  });

  it('scales down from 80 to 10 with "4 pods or 10 % per minute" as the documentation describes', () => {
    // Docs: "during the first step 8 replicas will be reduced. In the next iteration when the
    // number of replicas is 72, 10% of the pods is 7.2 but the number is rounded up to 8."
    // Below 40 replicas the 4-pod policy allows more. Stabilization 0 isolates the rates.
    const scaleDown: HpaScalingRules = {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 60 },
        { type: 'Percent', value: 10, periodSeconds: 60 },
      ],
    };
    const steps = drive(rpsSpec({ scaleUp: DEFAULT_SCALE_UP, scaleDown }), 80, () => 95, 14 * 60);
    const perMinute = steps.filter((s) => s.t % 60 === 0).map((s) => s.replicas);
    expect(perMinute).toEqual([72, 64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16, 12, 10, 10]);
    // Between the minutes the period's budget is spent.
    expect(at(steps, 15)).toEqual({ t: 15, replicas: 72, reason: 'ScaleDownLimit' });
    expect(at(steps, 45).replicas).toBe(72);
  });

  it.each([
    { name: 'at most 10 % per minute', selectPolicy: 'Max' as const, pods: undefined, expected: [90, 81, 72, 64] },
    // Docs: add "a second scale-down policy with a fixed size of 5, and set selectPolicy to minimum".
    { name: '10 % but no more than 5 pods per minute (selectPolicy Min)', selectPolicy: 'Min' as const, pods: 5, expected: [95, 90, 85, 80] },
  ])('scales down $name', ({ selectPolicy, pods: podsPerMinute, expected }) => {
    const scaleDown: HpaScalingRules = {
      stabilizationWindowSeconds: 0,
      selectPolicy,
      policies: [
        { type: 'Percent', value: 10, periodSeconds: 60 },
        ...(podsPerMinute === undefined ? [] : [{ type: 'Pods' as const, value: podsPerMinute, periodSeconds: 60 }]),
      ],
    };
    const steps = drive(rpsSpec({ scaleUp: DEFAULT_SCALE_UP, scaleDown }), 100, () => 100, 3 * 60);
    expect(steps.filter((s) => s.t % 60 === 0).map((s) => s.replicas)).toEqual(expected);
  });

  it('never scales down with selectPolicy Disabled', () => {
    const scaleDown: HpaScalingRules = { ...DEFAULT_SCALE_DOWN, selectPolicy: 'Disabled' };
    const steps = drive(rpsSpec({ scaleUp: DEFAULT_SCALE_UP, scaleDown }), 10, () => 10, 60 * 60);
    expect(new Set(steps.map((s) => s.replicas))).toEqual(new Set([10]));
    expect(steps.at(-1)!.reason).toBe('ScaleDownLimit');
  });

  it('never scales up with scaleUp selectPolicy Disabled', () => {
    const scaleUp: HpaScalingRules = { ...DEFAULT_SCALE_UP, selectPolicy: 'Disabled' };
    const steps = drive(rpsSpec({ scaleUp, scaleDown: DEFAULT_SCALE_DOWN }), 2, () => 500, 10 * 60);
    expect(new Set(steps.map((s) => s.replicas))).toEqual(new Set([2]));
    expect(steps.at(-1)!.reason).toBe('ScaleUpLimit');
  });

  it.each([
    // ceil(50 x (1 + 10/100)) = ceil(55.00000000000001): the controller's Go float64 gives the same.
    { name: '50 pods + 10 % allows 56', direction: 'up' as const, current: 50, value: 10, expected: 56 },
    // trunc(10 x (1 - 90/100)) = trunc(0.9999999999999998): all ten may go.
    { name: '10 pods - 90 % allows 0', direction: 'down' as const, current: 10, value: 90, expected: 0 },
  ])("rounds Percent policies with the controller's floating point: $name", ({ direction, current, value, expected }) => {
    const rules: HpaScalingRules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value, periodSeconds: 60 }] };
    const limit = direction === 'up' ? scaleUpLimit(current, [], NOW, rules) : scaleDownLimit(current, [], NOW, rules);
    expect(limit).toBe(expected);
  });

  it.each([
    { name: 'Pods policy, nothing in the period', events: [], expectedUp: 14, expectedDown: 6 },
    { name: 'a scale-up 30 s ago counts against the period', events: [{ at: NOW - 30 * SECOND, change: 3 }], expectedUp: 11, expectedDown: 3 },
    { name: 'an event exactly one period ago does not', events: [{ at: NOW - 60 * SECOND, change: 3 }], expectedUp: 14, expectedDown: 6 },
    { name: 'a scale-down in the period raises both limits', events: [{ at: NOW - 10 * SECOND, change: -2 }], expectedUp: 16, expectedDown: 8 },
  ])('limits from the replicas at the start of the period: $name', ({ events, expectedUp, expectedDown }) => {
    const rules: HpaScalingRules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] };
    expect(scaleUpLimit(10, events, NOW, rules)).toBe(expectedUp);
    expect(scaleDownLimit(10, events, NOW, rules)).toBe(expectedDown);
  });
});

describe('HPA behavior: stabilization window', () => {
  it('flapping metrics do not cause a scale-down until the highest recommendation is 300 s old', () => {
    // 10 pods on target (100 rps) for a minute, then flapping between 40 and 100 rps every sync
    // until 5 min, then 40 rps for good (recommendation 4).
    const demand = (t: number): number => (t < 60 ? 100 : t < 300 ? (t / 15) % 2 === 0 ? 100 : 40 : 40);
    const steps = drive(rpsSpec(DEFAULT_HPA_BEHAVIOR), 10, demand, 15 * 60);
    const lastHigh = Math.max(...steps.filter((s) => demand(s.t) === 100).map((s) => s.t));
    expect(lastHigh).toBe(270);
    for (const s of steps.filter((x) => x.t < lastHigh + 300)) expect(s.replicas, `at ${s.t}s`).toBe(10);
    expect(at(steps, lastHigh + 285).reason).toBe('ScaleDownStabilized');
    expect(at(steps, lastHigh + 300)).toMatchObject({ replicas: 4, reason: 'All metrics below target' });
  });

  it('a fresh HPA does not scale down during its first 300 s (it remembers the current count)', () => {
    const steps = drive(rpsSpec(DEFAULT_HPA_BEHAVIOR), 10, () => 40, 6 * 60);
    expect(at(steps, 0)).toMatchObject({ replicas: 10, reason: 'ScaleDownStabilized' });
    expect(at(steps, 285).replicas).toBe(10);
    expect(at(steps, 300).replicas).toBe(4);
  });

  it('a scaleUp window needs the rise to last the whole window', () => {
    const scaleUp: HpaScalingRules = { ...DEFAULT_SCALE_UP, stabilizationWindowSeconds: 60 };
    const behavior: HpaBehavior = { scaleUp, scaleDown: DEFAULT_SCALE_DOWN };
    // A one-sync spike at 60 s: nothing happens.
    const spike = drive(rpsSpec(behavior), 4, (t) => (t === 60 ? 80 : 40), 5 * 60);
    expect(new Set(spike.map((s) => s.replicas))).toEqual(new Set([4]));
    expect(at(spike, 60).reason).toBe('ScaleUpStabilized');
    // A rise from 60 s on: the lowest recommendation of (now - 60 s, now] is 8 from 105 s.
    const rise = drive(rpsSpec(behavior), 4, (t) => (t >= 60 ? 80 : 40), 5 * 60);
    expect(at(rise, 90).replicas).toBe(4);
    expect(at(rise, 105).replicas).toBe(8);
  });

  it.each([
    { name: 'scale-down: the highest recent recommendation', current: 10, desired: 4, recs: [7, 9, 5], expected: 9, reason: 'ScaleDownStabilized' },
    { name: 'scale-down: never above the current count', current: 6, desired: 4, recs: [7, 9, 5], expected: 6, reason: 'ScaleDownStabilized' },
    { name: 'scale-up: no window, straight through', current: 4, desired: 9, recs: [5, 3], expected: 9, reason: 'ReadyForNewScale' },
  ])('stabilizeRecommendation, $name', ({ current, desired, recs, expected, reason }) => {
    const history = recs.map((replicas, i) => ({ at: NOW - (i + 1) * 15 * SECOND, replicas }));
    expect(stabilizeRecommendation(history, NOW, current, desired, DEFAULT_HPA_BEHAVIOR)).toEqual({ replicas: expected, reason });
  });
});

// ---------------------------------------------------------------------------------------------
// History and purity

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('HPA history', () => {
  it('does not mutate its input and is deterministic', () => {
    const input: HpaInput = deepFreeze({
      now: NOW,
      currentReplicas: 4,
      spec: hpa({ behavior: DEFAULT_HPA_BEHAVIOR }),
      pods: pods(4, { cpu: 100 }),
      history: { recommendations: [{ at: NOW - 15 * SECOND, replicas: 4 }], scaleEvents: [{ at: NOW - 10 * SECOND, change: 1 }] },
    });
    const a = computeHpaDecision(input);
    expect(computeHpaDecision(input)).toEqual(a);
    expect(a.history).not.toBe(input.history);
    expect(input.history.recommendations).toHaveLength(1);
  });

  it('keeps the recommendations of the longest window and the events of the longest period', () => {
    const steps: HpaHistory[] = [];
    let history: HpaHistory = EMPTY_HPA_HISTORY;
    let replicas = 2;
    for (let t = 0; t <= 20 * MINUTE; t += HPA_SYNC_PERIOD_MS) {
      // Load that rises and falls, so there are scale events in both directions.
      const rps = 10 + 10 * Math.sin(t / (3 * MINUTE));
      const d = computeHpaDecision({ now: NOW + t, currentReplicas: replicas, spec: rpsSpec(DEFAULT_HPA_BEHAVIOR), pods: pods(replicas, { rps }), history });
      history = d.history;
      replicas = d.desiredReplicas;
      steps.push(history);
      for (const r of history.recommendations) expect(r.at).toBeGreaterThan(NOW + t - 300 * SECOND);
      for (const e of history.scaleEvents) expect(e.at).toBeGreaterThan(NOW + t - 15 * SECOND);
    }
    // 20 syncs in (now - 300 s, now], plus the fresh HPA's remembered count while it is young.
    expect(Math.max(...steps.map((h) => h.recommendations.length))).toBe(300 / 15 + 1);
    expect(steps.at(-1)!.recommendations).toHaveLength(300 / 15);
  });

  it('always keeps the latest recommendation, so a running HPA is not mistaken for a fresh one', () => {
    const behavior: HpaBehavior = { scaleUp: IMMEDIATE.scaleUp, scaleDown: { ...IMMEDIATE.scaleDown, stabilizationWindowSeconds: 0 } };
    const history = pruneHistory({ recommendations: [{ at: NOW - HPA_SYNC_PERIOD_MS, replicas: 3 }, { at: NOW, replicas: 4 }], scaleEvents: [] }, NOW, behavior);
    expect(history.recommendations).toEqual([{ at: NOW, replicas: 4 }]);
  });
});

describe('validateHpaSpec', () => {
  it('accepts the defaults', () => {
    expect(validateHpaSpec(hpa({ behavior: DEFAULT_HPA_BEHAVIOR }))).toEqual([]);
  });

  it.each([
    { name: 'minReplicas 0 without an External metric', spec: hpa({ minReplicas: 0 }), problem: 'minReplicas: must be an integer >= 1' },
    { name: 'max below min', spec: hpa({ minReplicas: 5, maxReplicas: 3 }), problem: 'maxReplicas: must be greater than or equal to minReplicas' },
    { name: 'no metrics', spec: hpa({ metrics: [] }), problem: 'metrics: must list at least one metric' },
    {
      name: 'a window over an hour',
      spec: hpa({ behavior: { ...IMMEDIATE, scaleDown: { ...IMMEDIATE.scaleDown, stabilizationWindowSeconds: 3601 } } }),
      problem: 'behavior.scaleDown.stabilizationWindowSeconds: must be an integer in 0..3600',
    },
    {
      name: 'no policies',
      spec: hpa({ behavior: { ...IMMEDIATE, scaleUp: { ...IMMEDIATE.scaleUp, policies: [] } } }),
      problem: 'behavior.scaleUp.policies: must list at least one policy',
    },
  ])('reports $name', ({ spec, problem }) => {
    expect(validateHpaSpec(spec)).toContain(problem);
  });
});
