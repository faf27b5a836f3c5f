/**
 * The HorizontalPodAutoscaler's decision as a pure function: given the time, the target's replica
 * count, the HPA spec, the target's pods with their latest metric samples and the autoscaler's
 * history, how many replicas the target should have, why, and the new history. The EKS HPA
 * controller (src/controllers/eks) calls it once per HPA every {@link HPA_SYNC_PERIOD_MS}, sets the
 * workload's replicas when `rescale` is true, stores `history` for the next call and traces
 * `reason`. It never mutates its input and draws no randomness: the same input gives the same
 * decision.
 *
 * Semantics follow kubernetes.io "Horizontal Pod Autoscaling" (algorithm details, behavior) and the
 * controller, kubernetes/kubernetes pkg/controller/podautoscaler (horizontal.go,
 * replica_calculator.go, metrics/utilization.go; facts and formulas only):
 *
 * 1. Range first (`reconcileAutoscaler`): 0 replicas with minReplicas > 0 means autoscaling is
 *    disabled (`ScalingDisabled`); above maxReplicas goes to maxReplicas, below minReplicas to
 *    minReplicas, without metrics, stabilization or rate limits.
 * 2. Each metric proposes a replica count (`computeReplicasForMetric`):
 *    - Pods are grouped (`groupPods`): deleted and Failed pods are left out; Pending pods are
 *      "unready"; pods without a sample are "missing"; for CPU only, a Running pod is also unready
 *      while within the CPU initialization period (5 min after start) unless it is Ready and its
 *      sample covers a full metrics window after it became Ready, and after that period if it is
 *      not Ready and its Ready condition last changed within the initial readiness delay (30 s) of
 *      its start, i.e. it has never been Ready. The rest are ready.
 *    - Usage ratio over the ready pods: Utilization = floor(100 x sum(usage) / sum(requests)) /
 *      target (an integer percentage, as the controller computes it); AverageValue and Pods =
 *      (sum / count) / target.
 *    - Without unready pods on a scale-up and without missing pods: within tolerance
 *      (1 - 0.1 <= ratio <= 1 + 0.1) keep the current count, else ceil(ratio x ready pods).
 *    - Otherwise rebalance: on a scale-down (ratio < 1) missing pods count as using 100 % of their
 *      request (max(100 %, target) for Utilization; the target itself for values); on a scale-up
 *      missing pods count as 0; on a scale-up unready pods count as 0. Recompute the ratio over
 *      all of them; keep the current count if it is now within tolerance or changed direction,
 *      else ceil(new ratio x pods counted), unless that count moves against the ratio.
 *    - External AverageValue: ratio = total / (target x status replicas); outside tolerance
 *      ceil(total / target), else the status replicas. External Value: ratio = total / target;
 *      outside tolerance ceil(ratio x ready pods) (ceil(ratio) from 0 replicas).
 * 3. The largest proposal wins (`computeReplicasForMetrics`). If every metric failed, or some
 *    failed and the rest would scale down, nothing changes (`FailedComputeMetricsReplicas`).
 * 4. Stabilization (`stabilizeRecommendationWithBehaviors`): over the recommendations of the last
 *    scaleUp window the lowest, over the last scaleDown window the highest; the current count is
 *    moved into [lowest, highest]. The unstabilized recommendation is recorded. A fresh HPA's
 *    history starts with the current count (`recordInitialRecommendation`), so it cannot scale
 *    down during its first scaleDown window.
 *    An HPA without `behavior` (spec.behavior null) is stabilized by `stabilizeRecommendation`
 *    instead: the highest recommendation (the new one included) not older than the controller's
 *    downscale window (300 s; a recommendation exactly that old still counts, the controller
 *    tests `Before(cutoff)`), with no scale-up stabilization.
 * 5. Rate (`convertDesiredReplicasWithBehaviorRate`): each policy allows, from the replica count
 *    at the start of its period (current - added + removed within periodSeconds), `+value` pods
 *    or `ceil(start x (1 + value/100))` up, `-value` pods or `trunc(start x (1 - value/100))`
 *    down; selectPolicy Max takes the largest change, Min the smallest, Disabled none. Up is
 *    capped by min(maxReplicas, limit) (`ScaleUpLimit` / `TooManyReplicas`), down by
 *    max(minReplicas, limit) (`ScaleDownLimit` / `TooFewReplicas`).
 *    Without `behavior` (`convertDesiredReplicasWithRules`): up to min(maxReplicas,
 *    max(2 x current, 4)) (`ScaleUpLimit` / `TooManyReplicas`), down to minReplicas
 *    (`TooFewReplicas`), with no rate limit on scale-down and no memory of earlier scale events.
 *
 * Timestamps compare as the controller's `After`: a recommendation counts in a window, and a scale
 * event in a period, if it is strictly younger than the window. With syncs exactly 15 s apart, the
 * event of the previous sync is outside a 15 s period.
 *
 * Choices where fleetsim differs from the controller, and why:
 * - Scale events are kept for the longest period of either direction and each limit counts every
 *   event within its policy's period. The controller keeps separate up and down lists, each
 *   trimmed lazily to its own direction's longest period, so a scale-down policy with a longer
 *   period than every scale-up policy may miss old scale-ups; fleetsim counts the true replica
 *   count at the start of the period, which is what the documentation describes.
 * - Values are exact numbers; the controller rounds AverageValue and Pods averages down to
 *   milli-units (negligible). The Utilization percentage is floored as the controller does.
 * - The Percent policies use the controller's floating-point expressions, rounding included:
 *   50 pods + 10 % allows ceil(55.00000000000001) = 56, and 10 pods - 90 % allows
 *   trunc(0.9999999999999998) = 0, as in Kubernetes.
 * - Metric samples are taken to be fresh at `now` (one {@link METRICS_WINDOW_MS} wide).
 * - Object metrics are computed as the controller does (like External, from one value of the
 *   described object); ContainerResource metrics are not modelled.
 */
import type { Millis } from '../../engine/time.js';
import {
  CPU_INITIALIZATION_PERIOD_MS,
  DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
  HPA_RESOURCE_METRIC_KEYS,
  HPA_TOLERANCE,
  INITIAL_READINESS_DELAY_MS,
  LEGACY_SCALE_UP_LIMIT_FACTOR,
  LEGACY_SCALE_UP_LIMIT_MINIMUM,
  METRICS_WINDOW_MS,
  objectMetricKey,
  type HpaBehavior,
  type HpaExternalMetric,
  type HpaObjectMetric,
  type HpaMetric,
  type HpaResourceMetric,
  type HpaScalingRules,
  type HpaSpec,
} from '../../model/hpa-spec.js';
import type { HpaLimitReason, HpaMetricError, HpaMetricProposal, HpaReason, HpaStabilizationReason } from '../../model/reasons/autoscaling.js';
import type { ResourceAmounts } from '../../model/resources.js';

// ---------------------------------------------------------------------------------------------
// Input and output

/** One pod of the scale target, as the HPA controller sees it through the pod lister. */
export interface HpaPod {
  /** Unique among the target's pods. */
  readonly name: string;
  /** Pod phase; absent is Running. Pending pods are unready for every metric; Failed pods are left out. */
  readonly phase?: 'Pending' | 'Running' | 'Failed';
  /** Being deleted (deletionTimestamp set): left out of every metric and of the status replicas. */
  readonly terminating?: boolean;
  /** The Ready condition is True. */
  readonly ready: boolean;
  /** `status.startTime`: when the kubelet started the pod (before images are pulled). */
  readonly startedAt: Millis;
  /** When the Ready condition last turned True; null while not Ready. */
  readonly readySince: Millis | null;
  /**
   * When a pod that is not Ready last turned unready. Absent: the pod has never been Ready (its
   * Ready condition has been False since it started).
   */
  readonly unreadySince?: Millis;
  /** Summed container requests: CPU in cpu shares, memory in MiB. */
  readonly requests: ResourceAmounts;
  /**
   * The pod's latest sample: `cpu` (shares in use) and `memory` (MiB in use) from the resource
   * metrics API, and Pods metrics by name. null: no sample at all; a key absent: that metric is
   * missing for this pod.
   */
  readonly metrics: Readonly<Record<string, number>> | null;
}

/** One unstabilized recommendation, kept for the stabilization windows. */
export interface HpaRecommendation {
  readonly at: Millis;
  readonly replicas: number;
}

/** One rescale, kept for the policies' periods: `change` > 0 added replicas, < 0 removed them. */
export interface HpaScaleEvent {
  readonly at: Millis;
  readonly change: number;
}

/**
 * What the controller remembers between syncs of one HPA: the recommendations within the longest
 * stabilization window (at least the latest) and the rescales within the longest policy period.
 * Oldest first. An empty history is a fresh HPA.
 */
export interface HpaHistory {
  readonly recommendations: readonly HpaRecommendation[];
  readonly scaleEvents: readonly HpaScaleEvent[];
}

export const EMPTY_HPA_HISTORY: HpaHistory = Object.freeze({ recommendations: Object.freeze([]), scaleEvents: Object.freeze([]) });

/** kube-controller-manager flags that shape the readiness rules (defaults in src/model/hpa-spec.ts). */
export interface HpaControllerTiming {
  readonly cpuInitializationPeriodMs: Millis;
  readonly initialReadinessDelayMs: Millis;
  /** The window one resource metrics sample covers. */
  readonly metricsWindowMs: Millis;
  /** `--horizontal-pod-autoscaler-downscale-stabilization`: the window of an HPA without `behavior`. */
  readonly downscaleStabilizationMs: Millis;
}

export const DEFAULT_HPA_TIMING: HpaControllerTiming = {
  cpuInitializationPeriodMs: CPU_INITIALIZATION_PERIOD_MS,
  initialReadinessDelayMs: INITIAL_READINESS_DELAY_MS,
  metricsWindowMs: METRICS_WINDOW_MS,
  downscaleStabilizationMs: DEFAULT_DOWNSCALE_STABILIZATION_SECONDS * 1000,
};

export interface HpaInput {
  readonly now: Millis;
  /** The target's `spec.replicas` (what the HPA last set or the user set). */
  readonly currentReplicas: number;
  /** Assumed valid (see {@link validateHpaSpec}). */
  readonly spec: HpaSpec;
  /** The target's pods (its selector's matches), in any state. */
  readonly pods: readonly HpaPod[];
  /** External metric totals by name; a name absent: that metric is unavailable. */
  readonly externalMetrics?: Readonly<Record<string, number>>;
  /** Object metric values by {@link objectMetricKey}; a key absent: that metric is unavailable. */
  readonly objectMetrics?: Readonly<Record<string, number>>;
  readonly history: HpaHistory;
  readonly timing?: Partial<HpaControllerTiming>;
}

// One metric's proposal (the controller's `computeReplicasForMetric` and the metric status), and
// the condition reasons: data that trace events carry (model/reasons/autoscaling.ts).
export type { HpaLimitReason, HpaMetricError, HpaMetricProposal, HpaReason, HpaStabilizationReason };

export interface HpaDecision {
  /** The replica count the target should have now (the current count when nothing changes). */
  readonly desiredReplicas: number;
  /** desiredReplicas differs from currentReplicas: the controller updates the scale. */
  readonly rescale: boolean;
  /** The largest metric proposal before stabilization and limits; null when metrics were not used. */
  readonly recommendation: number | null;
  /** The recommendation after stabilization, before the rate limits; null when metrics were not used. */
  readonly stabilizedRecommendation: number | null;
  /**
   * The one reason a report shows, the most specific first: `ScalingDisabled`, the current count
   * above Spec.MaxReplicas (or below MinReplicas), `FailedComputeMetricsReplicas`, a limit
   * ({@link HpaLimitReason} other than DesiredWithinRange), a stabilization (`ScaleUpStabilized` /
   * `ScaleDownStabilized`), the rescale reason (a metric above target, all metrics below target),
   * else `ReadyForNewScale`.
   */
  readonly reason: HpaReason;
  /** The SuccessfulRescale event's reason when `rescale`, else null. */
  readonly rescaleReason: HpaReason | null;
  readonly stabilization: HpaStabilizationReason | null;
  readonly limit: HpaLimitReason | null;
  readonly perMetric: readonly HpaMetricProposal[];
  /** The history to pass to the next sync (a new value; the input's is not touched). */
  readonly history: HpaHistory;
}

const NO_PODS: HpaMetricError = Object.freeze({ code: 'NO_PODS' });
const NO_POD_METRICS: HpaMetricError = Object.freeze({ code: 'NO_POD_METRICS' });

// ---------------------------------------------------------------------------------------------
// The sync

/**
 * One HPA sync (`reconcileAutoscaler`). Pure: returns the decision and the next history.
 * Precondition: `currentReplicas` is a non-negative integer and `spec` passes {@link validateHpaSpec}.
 */
export function computeHpaDecision(input: HpaInput): HpaDecision {
  const { now, currentReplicas: current, spec } = input;
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  // recordInitialRecommendation: a fresh HPA remembers the current count as if it had recommended it.
  const recommendations: readonly HpaRecommendation[] =
    input.history.recommendations.length === 0 ? [{ at: now, replicas: current }] : input.history.recommendations;
  const timing: HpaControllerTiming = { ...DEFAULT_HPA_TIMING, ...input.timing };

  // Records the rescale (if any) and trims the history; `recorded` is the recommendations to keep.
  const finish = (d: Omit<HpaDecision, 'rescale' | 'history'>, recorded = recommendations): HpaDecision => {
    const rescale = d.desiredReplicas !== current;
    const scaleEvents = rescale
      ? [...input.history.scaleEvents, { at: now, change: d.desiredReplicas - current }]
      : input.history.scaleEvents;
    return { ...d, rescale, history: pruneHistory({ recommendations: recorded, scaleEvents }, now, spec.behavior, timing.downscaleStabilizationMs) };
  };
  const withoutMetrics = (desiredReplicas: number, reason: HpaReason, perMetric: readonly HpaMetricProposal[] = []) =>
    finish({
      desiredReplicas,
      recommendation: null,
      stabilizedRecommendation: null,
      reason,
      rescaleReason: desiredReplicas !== current ? reason : null,
      stabilization: null,
      limit: null,
      perMetric,
    });

  if (current === 0 && min !== 0) return withoutMetrics(0, { code: 'ScalingDisabled' });
  if (current > max) return withoutMetrics(max, { code: 'AboveMaxReplicas' });
  if (current < min) return withoutMetrics(min, { code: 'BelowMinReplicas' });

  const tolerances: Tolerances = {
    up: spec.behavior?.scaleUp.tolerance ?? HPA_TOLERANCE,
    down: spec.behavior?.scaleDown.tolerance ?? HPA_TOLERANCE,
  };
  const ctx: MetricContext = {
    now,
    current,
    pods: input.pods,
    external: input.externalMetrics ?? {},
    objects: input.objectMetrics ?? {},
    timing,
    tolerances,
  };
  const perMetric = spec.metrics.map((metric) => proposeForMetric(metric, ctx));

  // computeReplicasForMetrics: the largest proposal; the first metric wins ties.
  let recommendation = 0;
  let recommendingMetric: HpaMetric | null = null;
  let invalid = 0;
  for (const p of perMetric) {
    if (p.proposed === null) {
      invalid++;
    } else if (recommendation === 0 || p.proposed > recommendation) {
      recommendation = p.proposed;
      recommendingMetric = p.metric;
    }
  }
  // A failed metric might have asked for more, so a partial answer may only scale up.
  if (invalid >= perMetric.length || (invalid > 0 && recommendation < current)) {
    return withoutMetrics(current, { code: 'FailedComputeMetricsReplicas' }, perMetric);
  }

  let stabilized: { readonly replicas: number; readonly reason: HpaStabilizationReason };
  let limited: { readonly replicas: number; readonly reason: HpaLimitReason };
  if (spec.behavior === null) {
    // normalizeDesiredReplicas: the older path for an HPA without behavior.
    stabilized = stabilizeWithoutBehavior(recommendations, now, recommendation, timing.downscaleStabilizationMs);
    limited = limitWithoutBehavior({ current, desired: stabilized.replicas, min, max });
  } else {
    stabilized = stabilizeRecommendation(recommendations, now, current, recommendation, spec.behavior);
    limited = limitByBehavior(input.history.scaleEvents, now, { current, desired: stabilized.replicas, min, max, behavior: spec.behavior });
  }

  const desiredReplicas = limited.replicas;
  const rescaleReason: HpaReason | null =
    desiredReplicas > current
      ? { code: 'MetricAboveTarget', metric: recommendingMetric! }
      : desiredReplicas < current
        ? { code: 'AllMetricsBelowTarget' }
        : null;
  const reason: HpaReason =
    limited.reason !== 'DesiredWithinRange'
      ? { code: limited.reason }
      : stabilized.reason !== 'ReadyForNewScale'
        ? { code: stabilized.reason }
        : (rescaleReason ?? { code: 'ReadyForNewScale' });
  return finish(
    {
      desiredReplicas,
      recommendation,
      stabilizedRecommendation: stabilized.replicas,
      reason,
      rescaleReason,
      stabilization: stabilized.reason,
      limit: limited.reason,
      perMetric,
    },
    // The unstabilized recommendation is what later syncs stabilize against.
    [...recommendations, { at: now, replicas: recommendation }],
  );
}

// ---------------------------------------------------------------------------------------------
// Stabilization and rate limits (horizontal.go), exported for tests and reuse

/**
 * `stabilizeRecommendationWithBehaviors`: the lowest recommendation (the new one included) of the
 * scaleUp window and the highest of the scaleDown window bound the current count.
 * `recommendations` are the earlier ones (not including `desired`).
 */
export function stabilizeRecommendation(
  recommendations: readonly HpaRecommendation[],
  now: Millis,
  current: number,
  desired: number,
  behavior: HpaBehavior,
): { readonly replicas: number; readonly reason: HpaStabilizationReason } {
  const upCutoff = now - behavior.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = now - behavior.scaleDown.stabilizationWindowSeconds * 1000;
  let upRecommendation = desired;
  let downRecommendation = desired;
  for (const r of recommendations) {
    if (r.at > upCutoff) upRecommendation = Math.min(upRecommendation, r.replicas);
    if (r.at > downCutoff) downRecommendation = Math.max(downRecommendation, r.replicas);
  }
  let replicas = current;
  if (replicas < upRecommendation) replicas = upRecommendation;
  if (replicas > downRecommendation) replicas = downRecommendation;
  if (replicas === desired) return { replicas, reason: 'ReadyForNewScale' };
  return { replicas, reason: desired >= current ? 'ScaleUpStabilized' : 'ScaleDownStabilized' };
}

/**
 * `stabilizeRecommendation`, for an HPA without `behavior`: the highest recommendation, the new
 * one included, among those not older than `windowMs` (one exactly `windowMs` old counts). It
 * never holds a scale-up back. The controller names any change `ScaleDownStabilized`.
 */
export function stabilizeWithoutBehavior(
  recommendations: readonly HpaRecommendation[],
  now: Millis,
  desired: number,
  windowMs: Millis,
): { readonly replicas: number; readonly reason: HpaStabilizationReason } {
  const cutoff = now - windowMs;
  let replicas = desired;
  for (const r of recommendations) if (r.at >= cutoff && r.replicas > replicas) replicas = r.replicas;
  return { replicas, reason: replicas === desired ? 'ReadyForNewScale' : 'ScaleDownStabilized' };
}

/**
 * `convertDesiredReplicasWithRules`, for an HPA without `behavior`: up to
 * min(maxReplicas, max(2 x current, 4)) per sync, down to minReplicas at once.
 */
export function limitWithoutBehavior(args: { readonly current: number; readonly desired: number; readonly min: number; readonly max: number }): {
  readonly replicas: number;
  readonly reason: HpaLimitReason;
} {
  const { current, desired, min, max } = args;
  const scaleUpLimit = Math.trunc(Math.max(LEGACY_SCALE_UP_LIMIT_FACTOR * current, LEGACY_SCALE_UP_LIMIT_MINIMUM));
  const [allowed, reason]: [number, HpaLimitReason] = max > scaleUpLimit ? [scaleUpLimit, 'ScaleUpLimit'] : [max, 'TooManyReplicas'];
  if (desired < min) return { replicas: min, reason: 'TooFewReplicas' };
  if (desired > allowed) return { replicas: allowed, reason };
  return { replicas: desired, reason: 'DesiredWithinRange' };
}

/** Replicas added and removed by the scale events strictly within the last `periodSeconds`. */
export function replicasChangedInPeriod(
  events: readonly HpaScaleEvent[],
  now: Millis,
  periodSeconds: number,
): { readonly added: number; readonly removed: number } {
  const cutoff = now - periodSeconds * 1000;
  let added = 0;
  let removed = 0;
  for (const e of events) {
    if (e.at <= cutoff) continue;
    if (e.change > 0) added += e.change;
    else removed -= e.change;
  }
  return { added, removed };
}

/**
 * `calculateScaleUpLimitWithScalingRules`: the most replicas the scaleUp rules allow now. May be
 * below `current` when the periods' budgets are spent (the caller keeps `current` then).
 */
export function scaleUpLimit(current: number, events: readonly HpaScaleEvent[], now: Millis, rules: HpaScalingRules): number {
  if (rules.selectPolicy === 'Disabled') return current;
  // Max picks the largest change (the highest count); Min the smallest.
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
  for (const policy of rules.policies) {
    const { added, removed } = replicasChangedInPeriod(events, now, policy.periodSeconds);
    const periodStart = current - added + removed;
    // Rounded up, as the controller does, so that a small percentage still adds a pod.
    const proposed =
      policy.type === 'Pods' ? periodStart + policy.value : Math.ceil(periodStart * (1 + policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/**
 * `calculateScaleDownLimitWithBehaviors`: the fewest replicas the scaleDown rules allow now. May
 * be above `current` when the periods' budgets are spent (the caller keeps `current` then).
 */
export function scaleDownLimit(current: number, events: readonly HpaScaleEvent[], now: Millis, rules: HpaScalingRules): number {
  if (rules.selectPolicy === 'Disabled') return current;
  // Max picks the largest change (the lowest count); Min the smallest.
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
  for (const policy of rules.policies) {
    const { added, removed } = replicasChangedInPeriod(events, now, policy.periodSeconds);
    const periodStart = current - added + removed;
    // Truncated, as the controller's int32 conversion does: the removal rounds up.
    const proposed =
      policy.type === 'Pods' ? periodStart - policy.value : Math.trunc(periodStart * (1 - policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/**
 * `convertDesiredReplicasWithBehaviorRate`: caps a stabilized recommendation by the rate limits
 * and by maxReplicas (up) or minReplicas (down).
 */
export function limitByBehavior(
  events: readonly HpaScaleEvent[],
  now: Millis,
  args: { readonly current: number; readonly desired: number; readonly min: number; readonly max: number; readonly behavior: HpaBehavior },
): { readonly replicas: number; readonly reason: HpaLimitReason } {
  const { current, desired, min, max, behavior } = args;
  if (desired > current) {
    const limit = Math.max(scaleUpLimit(current, events, now, behavior.scaleUp), current);
    const [allowed, reason]: [number, HpaLimitReason] = max > limit ? [limit, 'ScaleUpLimit'] : [max, 'TooManyReplicas'];
    if (desired > allowed) return { replicas: allowed, reason };
  } else if (desired < current) {
    const limit = Math.min(scaleDownLimit(current, events, now, behavior.scaleDown), current);
    const [allowed, reason]: [number, HpaLimitReason] = min < limit ? [limit, 'ScaleDownLimit'] : [min, 'TooFewReplicas'];
    if (desired < allowed) return { replicas: allowed, reason };
  }
  return { replicas: desired, reason: 'DesiredWithinRange' };
}

/**
 * Drops what no later sync can use: recommendations older than the longest stabilization window
 * (always keeping the latest, so the history of a running HPA is never mistaken for a fresh one)
 * and scale events older than the longest policy period of either direction.
 */
export function pruneHistory(
  history: HpaHistory,
  now: Millis,
  behavior: HpaBehavior | null,
  downscaleStabilizationMs: Millis = DEFAULT_HPA_TIMING.downscaleStabilizationMs,
): HpaHistory {
  // Without behavior only the downscale window matters, and no scale event is ever used.
  const windowMs =
    behavior === null ? downscaleStabilizationMs : Math.max(behavior.scaleUp.stabilizationWindowSeconds, behavior.scaleDown.stabilizationWindowSeconds) * 1000;
  const periodMs =
    behavior === null
      ? 0
      : Math.max(0, ...behavior.scaleUp.policies.map((p) => p.periodSeconds), ...behavior.scaleDown.policies.map((p) => p.periodSeconds)) * 1000;
  const last = history.recommendations.length - 1;
  return {
    recommendations: history.recommendations.filter((r, i) => i === last || r.at > now - windowMs),
    scaleEvents: history.scaleEvents.filter((e) => e.at > now - periodMs),
  };
}

// ---------------------------------------------------------------------------------------------
// Per-metric proposals (replica_calculator.go)

interface Tolerances {
  readonly up: number;
  readonly down: number;
}

interface MetricContext {
  readonly now: Millis;
  readonly current: number;
  readonly pods: readonly HpaPod[];
  readonly external: Readonly<Record<string, number>>;
  readonly objects: Readonly<Record<string, number>>;
  readonly timing: HpaControllerTiming;
  readonly tolerances: Tolerances;
}

/** `Tolerances.isWithin`: too close to the target to act on. */
function isWithin(t: Tolerances, ratio: number): boolean {
  return 1 - t.down <= ratio && ratio <= 1 + t.up;
}

function proposeForMetric(metric: HpaMetric, ctx: MetricContext): HpaMetricProposal {
  switch (metric.type) {
    case 'Resource':
      return metric.target.type === 'Utilization'
        ? resourceUtilizationProposal(metric, metric.target.averageUtilization, ctx)
        : averageValueProposal(metric, HPA_RESOURCE_METRIC_KEYS[metric.name], metric.name === 'cpu', metric.target.averageValue, ctx);
    case 'Pods':
      // A custom per-pod metric: no CPU readiness rule (the controller passes no resource name).
      return averageValueProposal(metric, metric.name, false, metric.target.averageValue, ctx);
    case 'Object':
      return objectProposal(metric, ctx);
    case 'External':
      return externalProposal(metric, ctx);
  }
}

const failed = (metric: HpaMetric, error: HpaMetricError): HpaMetricProposal => ({ metric, proposed: null, usageRatio: null, currentValue: null, error });

interface PodGroups {
  /** Ready pods' samples by pod name. */
  readonly ready: ReadonlyMap<string, number>;
  readonly unready: readonly string[];
  readonly missing: readonly string[];
}

/** `groupPods`: which pods' samples count, which are set aside, which are missing. */
function groupPods(pods: readonly HpaPod[], key: string, isCpu: boolean, now: Millis, timing: HpaControllerTiming): PodGroups {
  const ready = new Map<string, number>();
  const unready: string[] = [];
  const missing: string[] = [];
  for (const pod of pods) {
    if (pod.terminating === true || pod.phase === 'Failed') continue;
    if (pod.phase === 'Pending') {
      unready.push(pod.name);
      continue;
    }
    const value = pod.metrics?.[key];
    if (value === undefined) {
      missing.push(pod.name);
      continue;
    }
    if (isCpu && cpuSampleSetAside(pod, now, timing)) {
      unready.push(pod.name);
      continue;
    }
    ready.set(pod.name, value);
  }
  return { ready, unready, missing };
}

/**
 * The CPU readiness rule: a starting pod's CPU (often a burst of initialization work) says little
 * about steady-state load, so it is set aside until the pod is Ready and a full sample window has
 * passed since; after the initialization period only pods that were never Ready are set aside.
 */
function cpuSampleSetAside(pod: HpaPod, now: Millis, timing: HpaControllerTiming): boolean {
  if (pod.startedAt + timing.cpuInitializationPeriodMs > now) {
    if (!pod.ready) return true;
    // The sample (taken at now) must not begin before the pod turned Ready.
    return now < (pod.readySince ?? pod.startedAt) + timing.metricsWindowMs;
  }
  if (pod.ready) return false;
  const lastTransition = pod.unreadySince ?? pod.startedAt;
  return pod.startedAt + timing.initialReadinessDelayMs > lastTransition;
}

/** How a metric turns samples into a usage ratio, and what a missing pod is assumed to use on a scale-down. */
interface UsageModel {
  ratio(samples: ReadonlyMap<string, number>): number;
  scaleDownFill(podName: string): number;
}

/** The shared core of `GetResourceReplicas` and `calcPlainMetricReplicas`. */
function replicasFromSamples(current: number, groups: PodGroups, model: UsageModel, tolerances: Tolerances): number {
  const usageRatio = model.ratio(groups.ready);
  const scaleUpWithUnready = groups.unready.length > 0 && usageRatio > 1;
  if (!scaleUpWithUnready && groups.missing.length === 0) {
    if (isWithin(tolerances, usageRatio)) return current;
    return Math.ceil(usageRatio * groups.ready.size);
  }
  // Assume the worst for the direction: missing pods at full use when shrinking, idle when
  // growing; unready pods idle when growing (they will take load once Ready).
  const samples = new Map(groups.ready);
  if (usageRatio < 1) for (const name of groups.missing) samples.set(name, model.scaleDownFill(name));
  else if (usageRatio > 1) for (const name of groups.missing) samples.set(name, 0);
  if (scaleUpWithUnready) for (const name of groups.unready) samples.set(name, 0);
  const newRatio = model.ratio(samples);
  if (isWithin(tolerances, newRatio) || (usageRatio < 1 && newRatio > 1) || (usageRatio > 1 && newRatio < 1)) return current;
  const replicas = Math.ceil(newRatio * samples.size);
  if ((newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current)) return current;
  return replicas;
}

const sumOf = (samples: ReadonlyMap<string, number>): number => {
  let total = 0;
  for (const v of samples.values()) total += v;
  return total;
};

function resourceUtilizationProposal(metric: HpaResourceMetric, target: number, ctx: MetricContext): HpaMetricProposal {
  if (ctx.pods.length === 0) return failed(metric, NO_PODS);
  const groups = groupPods(ctx.pods, HPA_RESOURCE_METRIC_KEYS[metric.name], metric.name === 'cpu', ctx.now, ctx.timing);
  if (groups.ready.size === 0) return failed(metric, NO_POD_METRICS);
  const requests = new Map<string, number>();
  for (const pod of ctx.pods) {
    const request = metric.name === 'cpu' ? pod.requests.cpu : pod.requests.memoryMiB;
    // Utilization is a share of the request: without one it is undefined.
    if (!(request > 0)) return failed(metric, { code: 'MISSING_REQUEST', resource: metric.name, pod: pod.name });
    requests.set(pod.name, request);
  }
  const utilization = (samples: ReadonlyMap<string, number>): number => {
    let requested = 0;
    for (const podName of samples.keys()) requested += requests.get(podName) ?? 0;
    return Math.floor((sumOf(samples) * 100) / requested);
  };
  // Targets above 100 % would otherwise read a missing pod as under target.
  const fallbackPercent = Math.max(100, target);
  const model: UsageModel = {
    ratio: (samples) => utilization(samples) / target,
    scaleDownFill: (podName) => ((requests.get(podName) ?? 0) * fallbackPercent) / 100,
  };
  const currentValue = utilization(groups.ready);
  return {
    metric,
    proposed: replicasFromSamples(ctx.current, groups, model, ctx.tolerances),
    usageRatio: currentValue / target,
    currentValue,
  };
}

/** AverageValue Resource metrics and Pods metrics (`calcPlainMetricReplicas`). */
function averageValueProposal(metric: HpaMetric, key: string, isCpu: boolean, target: number, ctx: MetricContext): HpaMetricProposal {
  if (ctx.pods.length === 0) return failed(metric, NO_PODS);
  const groups = groupPods(ctx.pods, key, isCpu, ctx.now, ctx.timing);
  if (groups.ready.size === 0) return failed(metric, NO_POD_METRICS);
  const average = (samples: ReadonlyMap<string, number>): number => sumOf(samples) / samples.size;
  const model: UsageModel = { ratio: (samples) => average(samples) / target, scaleDownFill: () => target };
  const currentValue = average(groups.ready);
  return {
    metric,
    proposed: replicasFromSamples(ctx.current, groups, model, ctx.tolerances),
    usageRatio: currentValue / target,
    currentValue,
  };
}

function externalProposal(metric: HpaExternalMetric, ctx: MetricContext): HpaMetricProposal {
  const total = ctx.external[metric.name];
  if (total === undefined) return failed(metric, { code: 'NO_EXTERNAL_METRIC', name: metric.name });
  return totalValueProposal(metric, total, ctx);
}

/** GetObjectMetricReplicas / GetObjectPerPodMetricReplicas: as External, from the object's value. */
function objectProposal(metric: HpaObjectMetric, ctx: MetricContext): HpaMetricProposal {
  const value = ctx.objects[objectMetricKey(metric)];
  if (value === undefined) return failed(metric, { code: 'NO_OBJECT_METRIC', name: metric.name, kind: metric.describedObject.kind, object: metric.describedObject.name });
  return totalValueProposal(metric, value, ctx);
}

/** One number against a Value target (the total) or an AverageValue target (per pod of the target). */
function totalValueProposal(metric: HpaExternalMetric | HpaObjectMetric, total: number, ctx: MetricContext): HpaMetricProposal {
  if (metric.target.type === 'AverageValue') {
    // GetExternalPerPodMetricReplicas: per pod of the target's status replicas.
    const statusReplicas = ctx.pods.filter((p) => p.terminating !== true && p.phase !== 'Failed').length;
    const target = metric.target.averageValue;
    const usageRatio = total / (target * statusReplicas);
    const proposed = isWithin(ctx.tolerances, usageRatio) ? statusReplicas : Math.ceil(total / target);
    return { metric, proposed, usageRatio, currentValue: total / statusReplicas };
  }
  // GetExternalMetricReplicas with getUsageRatioReplicaCount.
  const usageRatio = total / metric.target.value;
  if (ctx.current === 0) return { metric, proposed: Math.ceil(usageRatio), usageRatio, currentValue: total };
  if (isWithin(ctx.tolerances, usageRatio)) return { metric, proposed: ctx.current, usageRatio, currentValue: total };
  if (ctx.pods.length === 0) return failed(metric, NO_PODS);
  const readyPods = ctx.pods.filter((p) => (p.phase ?? 'Running') === 'Running' && p.ready).length;
  return { metric, proposed: Math.ceil(usageRatio * readyPods), usageRatio, currentValue: total };
}

// ---------------------------------------------------------------------------------------------
// Validation (the API server's, for the scenario layer)

/**
 * The problems the autoscaling/v2 API validation would report for `spec`, as `path: message`;
 * empty when valid. The scenario layer calls it; {@link computeHpaDecision} assumes a valid spec.
 */
export function validateHpaSpec(spec: HpaSpec): string[] {
  const problems: string[] = [];
  const isInt = (n: number): boolean => Number.isInteger(n);
  // HPAScaleToZero: minReplicas 0 needs an Object or External metric.
  const hasExternal = spec.metrics.some((m) => m.type === 'External' || m.type === 'Object');
  if (!isInt(spec.minReplicas) || spec.minReplicas < (hasExternal ? 0 : 1)) {
    problems.push(`minReplicas: must be an integer >= ${hasExternal ? 0 : 1}`);
  }
  if (!isInt(spec.maxReplicas) || spec.maxReplicas < 1) problems.push('maxReplicas: must be an integer >= 1');
  if (spec.maxReplicas < spec.minReplicas) problems.push('maxReplicas: must be greater than or equal to minReplicas');
  if (spec.metrics.length === 0) problems.push('metrics: must list at least one metric');
  spec.metrics.forEach((m, i) => {
    const t = m.target;
    const value = t.type === 'Utilization' ? t.averageUtilization : t.type === 'AverageValue' ? t.averageValue : t.value;
    if (!(value > 0)) problems.push(`metrics[${i}].target: must be positive`);
  });
  for (const direction of ['scaleUp', 'scaleDown'] as const) {
    if (spec.behavior === null) break;
    const rules = spec.behavior[direction];
    const path = `behavior.${direction}`;
    const w = rules.stabilizationWindowSeconds;
    if (!isInt(w) || w < 0 || w > 3600) problems.push(`${path}.stabilizationWindowSeconds: must be an integer in 0..3600`);
    if (rules.selectPolicy !== 'Disabled' && rules.policies.length === 0) problems.push(`${path}.policies: must list at least one policy`);
    rules.policies.forEach((p, i) => {
      if (!isInt(p.value) || p.value <= 0) problems.push(`${path}.policies[${i}].value: must be a positive integer`);
      if (!isInt(p.periodSeconds) || p.periodSeconds <= 0 || p.periodSeconds > 1800) {
        problems.push(`${path}.policies[${i}].periodSeconds: must be an integer in 1..1800`);
      }
    });
    if (rules.tolerance !== undefined && !(rules.tolerance >= 0)) problems.push(`${path}.tolerance: must be >= 0`);
  }
  return problems;
}
