/**
 * ECS Service Auto Scaling (Application Auto Scaling) as a pure function: given a scalable target's
 * policies, its current capacity, the recent one-minute datapoints of its metrics and the cooldown
 * state, what desired count it asks for, why, and the next state. The service auto scaling
 * controller (src/controllers/ecs) calls {@link evaluateScalableTarget} once a metric period, after
 * CloudWatch has published the period's datapoint, and applies `desiredCapacity` to the service;
 * this module schedules nothing and changes nothing. Target tracking and step scaling live in one
 * file because the combination rules and the cooldowns are shared by both.
 *
 * Rules, each from the Application Auto Scaling User Guide ("UG-TT" = "Target tracking scaling
 * policies", "UG-SS" = "Step scaling policies", awsdocs/application-auto-scaling-user-guide) or the
 * API reference ("API"), unless marked CHOICE (not documented; fleetsim's reading):
 *
 * Alarms
 * - Target tracking creates a high alarm (metric > target, 3 of 3 one-minute datapoints) and a low
 *   alarm (metric < 0.9 x target, 15 of 15); see the constants in src/model/service-autoscaling-spec.ts.
 * - A step scaling policy's alarm is an "M out of N" CloudWatch alarm: ALARM when at least
 *   DatapointsToAlarm of the last EvaluationPeriods datapoints breach. CHOICE: fewer than M
 *   datapoints is INSUFFICIENT_DATA (missing data treated as missing).
 * - "For Auto Scaling actions, the alarm continues to invoke the action" while it stays in ALARM
 *   (CloudWatch User Guide, "Alarm actions": "Except for Auto Scaling actions, the actions happen
 *   only on state transitions"), so the alarm state is recomputed from the datapoints at every call
 *   and no alarm state is kept.
 * - "A target tracking scaling policy does not scale in when the state of the alarm is
 *   INSUFFICIENT_DATA" (UG-TT Considerations), nor does it scale on insufficient data at all (ECS
 *   Developer Guide, "Target tracking scaling policies").
 *
 * Target tracking capacity
 * - Scale out "proportionally to the metric as fast as it can, but scale in more gradually"; it
 *   "acts conservatively by rounding up or down when it determines how much capacity to add or
 *   remove" so as not to add too little nor remove too much (UG-TT Considerations). Both give
 *   `new = ceil(capacity x metric / target)`: rounded up when adding, and when removing the count
 *   removed is rounded down. A scale in that would not remove a whole task does nothing (the
 *   metric would rise above the target).
 * - CHOICE: the metric value is the most recent datapoint (the one that completed the alarm). A
 *   target at 0 tasks scales out as if it had 1 (the formula has no base at 0).
 * - "It will scale out ... if any of the target tracking policies are ready for scale out, but will
 *   scale in only if all of the target tracking policies (with the scale-in portion enabled) are
 *   ready to scale in" (UG-TT Considerations). A policy without data is not ready.
 * - DisableScaleIn: the policy never scales in (API).
 *
 * Step scaling capacity (UG-SS)
 * - The alarm's MetricAggregationType (Average, Minimum, Maximum) is applied to "the most recent
 *   metric data points"; CHOICE: those the alarm evaluated (its last EvaluationPeriods). The value's
 *   distance from the threshold selects the step: above the threshold lower bounds are inclusive
 *   and upper exclusive, below it the reverse; absent bounds are infinite. No matching step: no
 *   action.
 * - ChangeInCapacity adds the adjustment; ExactCapacity sets it; PercentChangeInCapacity adds the
 *   percentage of the capacity, rounded: above 1 down, in (0, 1) to 1, in (-1, 0) to -1, below -1
 *   up; MinAdjustmentMagnitude raises a smaller non-zero change to that magnitude.
 * - "Step scaling ... scale-in activity will not be blocked" by target tracking policies that are
 *   not ready to scale in (UG-TT Considerations): step scale-ins need no agreement.
 *
 * Combining and bounds
 * - Scale out wins over scale in ("always prioritize availability", UG-TT). "If multiple policies
 *   instruct the scalable target to scale out or in at the same time, Application Auto Scaling
 *   scales based on the policy that provides the largest capacity for both scale in and scale out"
 *   (UG-TT). Ties go to the policy listed first.
 * - "Scaling policies will never go higher or lower than the minimum-maximum range", and a capacity
 *   found outside it is brought inside (UG "Application Auto Scaling concepts"): proposals are
 *   clamped to [minCapacity, maxCapacity] and so is a current capacity outside the range.
 * - ECS turns off scale in while a deployment is in progress; scale out continues (ECS Developer
 *   Guide): `scaleInSuspended`.
 *
 * Cooldowns (UG-TT "Cooldown period", UG-SS "Cooldown period")
 * - Scale-out cooldown: after a scale out, "the scaling policy won't increase the desired capacity
 *   again unless either a larger scale out is triggered or the cooldown period ends. While the
 *   scale-out cooldown period is in effect, the capacity added by the initiating scale-out activity
 *   is calculated as part of the desired capacity for the next scale-out activity." So a proposal
 *   during the cooldown is computed from the capacity before that scale out and acts only if it
 *   exceeds the capacity that scale out reached (the UG-SS example: +2, then a +3 step during the
 *   cooldown adds 1).
 * - Scale-in cooldown: "scale-in activities are blocked until the cooldown period has expired.
 *   However, if another alarm triggers a scale-out activity during the scale-in cooldown period,
 *   Application Auto Scaling scales out the target immediately. In this case, the scale-in cooldown
 *   period stops and doesn't complete."
 * - CHOICE: cooldowns belong to the scalable target (one last scale out, one last scale in), each
 *   lasting the cooldown of the policy that started it (the guide speaks of "scaling activities",
 *   which are per target). A scale in ends a scale-out cooldown (the capacity it added is gone),
 *   a scale out ends a scale-in cooldown (documented). A clamp to the bounds is no scaling activity
 *   and starts no cooldown.
 *
 * Pure and deterministic: inputs are never mutated; the same input gives the same output.
 */
import type { Millis } from '../../engine/time.js';
import type { PolicyDecision, ScalingAction, ScalingBreach, ScalingExplanation, ScalingVeto } from '../../model/reasons/autoscaling.js';
import {
  SCALE_IN_DATAPOINTS,
  SCALE_IN_THRESHOLD_RATIO,
  SCALE_OUT_DATAPOINTS,
  type ComparisonOperator,
  type MetricAggregationType,
  type ScalableTargetSpec,
  type ScalingPolicySpec,
  type ServiceScalingMetric,
  type StepAdjustment,
  type StepScalingPolicySpec,
  type TargetTrackingPolicySpec,
} from '../../model/service-autoscaling-spec.js';

/** One scaling activity a policy started: it opens a cooldown of `cooldownMs` from `at`. */
export interface ScalingActivity {
  readonly at: Millis;
  readonly policy: string;
  readonly fromCapacity: number;
  readonly toCapacity: number;
  readonly cooldownMs: Millis;
}

/** What the evaluation remembers between calls: the last scale out and scale in still relevant. */
export interface ScalingState {
  readonly lastScaleOut?: ScalingActivity;
  readonly lastScaleIn?: ScalingActivity;
}

/** The state of a freshly registered scalable target: no cooldown in effect. */
export const INITIAL_SCALING_STATE: ScalingState = Object.freeze({});

/**
 * One policy's part in an evaluation (model/reasons/autoscaling.ts): its verdict once cooldowns,
 * the agreement rule and suspension have had their say, and why, as data; when several policies
 * scale, the target goes to the largest `proposed` and `ScalableTargetEvaluation.activity` names
 * that policy.
 */
export type { PolicyDecision, ScalingAction };

/**
 * Recent datapoints per metric, oldest first, one per {@link METRIC_PERIOD_MS} as CloudWatch
 * published them (the newest last). A metric absent or shorter than an alarm needs is
 * INSUFFICIENT_DATA for that alarm.
 */
export type ScalingMetrics = Readonly<Partial<Record<ServiceScalingMetric, readonly number[]>>>;

export interface ScalableTargetInput {
  readonly now: Millis;
  /** The service's desired count as Application Auto Scaling reads it (a non-negative integer). */
  readonly currentCapacity: number;
  readonly spec: ScalableTargetSpec;
  readonly metrics: ScalingMetrics;
  readonly state: ScalingState;
  /** True while an ECS deployment is in progress: scale in is off, scale out goes on. */
  readonly scaleInSuspended?: boolean;
}

export interface ScalableTargetEvaluation {
  /** The capacity to set: `currentCapacity` when nothing happens (clamped to the bounds). */
  readonly desiredCapacity: number;
  /** One per policy, in `spec.policies` order. */
  readonly decisions: readonly PolicyDecision[];
  readonly state: ScalingState;
  /** The scaling activity performed, if any (the winning policy, from and to). */
  readonly activity?: ScalingActivity;
}

/**
 * Evaluates every policy of a scalable target at `now` and combines them. Throws RangeError on a
 * spec {@link scalableTargetSpecProblems} rejects or a capacity that is not a non-negative integer
 * (bad input, not a scaling outcome).
 */
export function evaluateScalableTarget(input: ScalableTargetInput): ScalableTargetEvaluation {
  const { now, currentCapacity: current, spec, metrics, state } = input;
  if (!Number.isInteger(current) || current < 0) {
    throw new RangeError(`currentCapacity must be a non-negative integer, got ${current}`);
  }
  if (!validatedSpecs.has(spec)) {
    const problems = scalableTargetSpecProblems(spec);
    if (problems.length > 0) throw new RangeError(`invalid scalable target: ${problems.join('; ')}`);
    // Specs are immutable, so one that passed once passes every minute after.
    validatedSpecs.add(spec);
  }

  const ctx: Context = {
    now,
    current,
    min: spec.minCapacity,
    max: spec.maxCapacity,
    scaleOutCooldown: activeCooldown(state.lastScaleOut, now),
    scaleInCooldown: activeCooldown(state.lastScaleIn, now),
  };
  const votes = spec.policies.map((policy): Vote =>
    policy.kind === 'TargetTracking'
      ? targetTrackingVote(policy, metrics[policy.metric] ?? [], ctx)
      : stepScalingVote(policy, metrics[policy.metric] ?? [], ctx),
  );

  const scaleOuts = votes.filter((v) => v.decision.action === 'scale-out');
  if (scaleOuts.length > 0) {
    const winner = largest(scaleOuts);
    const decisions = votes.map((v) =>
      v.decision.action === 'scale-in' ? veto(v.decision, SCALE_OUT_TAKES_PRECEDENCE) : v.decision,
    );
    const activity = activityOf(winner, current, now, 'scale-out');
    // A scale out during a scale-in cooldown ends that cooldown (UG-TT, UG-SS).
    return { desiredCapacity: activity.toCapacity, decisions, state: { lastScaleOut: activity }, activity };
  }

  // Scale in: target tracking scale-ins need every target tracking policy with scale in enabled to
  // agree; step scaling scale-ins do not.
  const notReady = votes
    .filter((v) => v.policy.kind === 'TargetTracking' && !v.policy.disableScaleIn && v.decision.action !== 'scale-in')
    .map((v) => v.policy.name);
  const decisions = votes.map((v): PolicyDecision => {
    if (v.decision.action !== 'scale-in') return v.decision;
    if (input.scaleInSuspended === true) return veto(v.decision, DEPLOYMENT_IN_PROGRESS);
    if (v.policy.kind === 'TargetTracking' && notReady.length > 0) return veto(v.decision, { code: 'POLICIES_NOT_READY', policies: notReady });
    return v.decision;
  });
  const scaleIns = votes.filter((_, i) => decisions[i]!.action === 'scale-in');
  if (scaleIns.length > 0) {
    const winner = largest(scaleIns);
    const activity = activityOf(winner, current, now, 'scale-in');
    // A scale in ends the scale-out cooldown: the capacity that scale out added is no longer there.
    return { desiredCapacity: activity.toCapacity, decisions, state: { lastScaleIn: activity }, activity };
  }

  return { desiredCapacity: clamp(current, ctx.min, ctx.max), decisions, state: pruneState(state, now) };
}

const validatedSpecs = new WeakSet<ScalableTargetSpec>();

/**
 * How many of the latest datapoints per metric an evaluation can read: the longest alarm window
 * of any policy. Callers may pass just that many (older ones never change the answer).
 */
export function datapointsNeeded(spec: ScalableTargetSpec): number {
  let n = Math.max(SCALE_OUT_DATAPOINTS, SCALE_IN_DATAPOINTS);
  for (const p of spec.policies) if (p.kind !== 'TargetTracking') n = Math.max(n, p.evaluationPeriods);
  return n;
}

/**
 * Everything wrong with a scalable target spec, as messages (empty when valid): bounds, policy
 * names, one target tracking policy per metric, alarm shapes, and the step adjustment rules of
 * UG-SS ("can't overlap or have a gap", one null lower and one null upper bound at most, never
 * both null in one step, a negative lower bound needs a null lower bound and a positive upper
 * bound a null upper bound).
 */
export function scalableTargetSpecProblems(spec: ScalableTargetSpec): string[] {
  const problems: string[] = [];
  const { minCapacity: min, maxCapacity: max } = spec;
  if (!Number.isInteger(min) || min < 0) problems.push(`minCapacity must be a non-negative integer, got ${min}`);
  if (!Number.isInteger(max) || max < 0) problems.push(`maxCapacity must be a non-negative integer, got ${max}`);
  if (min > max) problems.push(`minCapacity ${min} is above maxCapacity ${max}`);
  const names = new Set<string>();
  const trackedMetrics = new Set<ServiceScalingMetric>();
  for (const p of spec.policies) {
    if (names.has(p.name)) problems.push(`policy name ${p.name} is used twice`);
    names.add(p.name);
    if (p.kind === 'TargetTracking') {
      if (trackedMetrics.has(p.metric)) problems.push(`${p.name}: another target tracking policy already tracks ${p.metric}`);
      trackedMetrics.add(p.metric);
      if (!(Number.isFinite(p.targetValue) && p.targetValue > 0)) problems.push(`${p.name}: targetValue must be positive`);
      if (!isDuration(p.scaleOutCooldownMs) || !isDuration(p.scaleInCooldownMs)) {
        problems.push(`${p.name}: cooldowns must be non-negative integer milliseconds`);
      }
    } else {
      problems.push(...stepPolicyProblems(p));
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Per-policy votes

interface Context {
  readonly now: Millis;
  readonly current: number;
  readonly min: number;
  readonly max: number;
  readonly scaleOutCooldown: ScalingActivity | undefined;
  readonly scaleInCooldown: ScalingActivity | undefined;
}

interface Vote {
  readonly policy: ScalingPolicySpec;
  readonly decision: PolicyDecision;
}

type CastVote = (action: ScalingAction, explanation: ScalingExplanation, proposed?: number) => Vote;

function voter(policy: ScalingPolicySpec): CastVote {
  return (action, explanation, proposed) => ({
    policy,
    decision: proposed === undefined ? { policy: policy.name, action, explanation } : { policy: policy.name, action, explanation, proposed },
  });
}

function targetTrackingVote(policy: TargetTrackingPolicySpec, series: readonly number[], ctx: Context): Vote {
  const metric = policy.metric;
  const target = policy.targetValue;
  const low = target * SCALE_IN_THRESHOLD_RATIO;
  const vote = voter(policy);

  const high = alarmState(series, SCALE_OUT_DATAPOINTS, SCALE_OUT_DATAPOINTS, (v) => v > target);
  if (high === 'ALARM') {
    const latest = series[series.length - 1]!;
    const breach: ScalingBreach = { kind: 'above-target', metric, latest, target, datapoints: SCALE_OUT_DATAPOINTS };
    return scaleOutVote(ctx, breach, (base) => proportionalCapacity(Math.max(base, 1), latest, target), vote);
  }
  if (policy.disableScaleIn) return vote('none', { code: 'SCALE_IN_DISABLED', metric, target });

  const lowState = alarmState(series, SCALE_IN_DATAPOINTS, SCALE_IN_DATAPOINTS, (v) => v < low);
  if (lowState === 'INSUFFICIENT_DATA') return vote('none', { code: 'INSUFFICIENT_DATA', metric, datapoints: SCALE_IN_DATAPOINTS });
  if (lowState === 'OK') return vote('none', { code: 'WITHIN_TARGET', metric, target, low, datapoints: SCALE_IN_DATAPOINTS });
  const latest = series[series.length - 1]!;
  const breach: ScalingBreach = { kind: 'below-target', metric, latest, low, target, datapoints: SCALE_IN_DATAPOINTS };
  const proposed = clamp(proportionalCapacity(ctx.current, latest, target), ctx.min, ctx.max);
  return scaleInVote(ctx, breach, proposed, vote);
}

function stepScalingVote(policy: StepScalingPolicySpec, series: readonly number[], ctx: Context): Vote {
  const vote = voter(policy);
  const breaches = (v: number): boolean => compare(v, policy.comparison, policy.threshold);
  const state = alarmState(series, policy.evaluationPeriods, policy.datapointsToAlarm, breaches);
  const alarm = { metric: policy.metric, comparison: policy.comparison, threshold: policy.threshold };
  if (state === 'INSUFFICIENT_DATA') return vote('none', { code: 'ALARM_INSUFFICIENT_DATA', alarm });
  if (state === 'OK') return vote('none', { code: 'ALARM_OK', alarm, datapointsToAlarm: policy.datapointsToAlarm, evaluationPeriods: policy.evaluationPeriods });
  const window = series.slice(-policy.evaluationPeriods);
  const value = aggregate(window, policy.metricAggregationType);
  const step = selectStep(policy.stepAdjustments, value - policy.threshold, isUpward(policy.comparison));
  const breach: ScalingBreach = { kind: 'step-alarm', alarm, aggregation: policy.metricAggregationType, value, step: step ?? null, adjustmentType: policy.adjustmentType };
  if (step === undefined) return vote('none', { code: 'NO_STEP', breach });

  const adjust = (base: number): number => applyAdjustment(policy, step.scalingAdjustment, base);
  const direct = adjust(ctx.current);
  if (direct > ctx.current) return scaleOutVote(ctx, breach, adjust, vote);
  if (direct < ctx.current) return scaleInVote(ctx, breach, clamp(direct, ctx.min, ctx.max), vote);
  return vote('none', { code: 'STEP_NO_CHANGE', breach, capacity: ctx.current }, ctx.current);
}

/**
 * The scale-out half shared by both policy types: during a scale-out cooldown the proposal is
 * computed from the capacity before the scale out that started it and must exceed what that scale
 * out reached (UG-TT/UG-SS "Cooldown period").
 */
function scaleOutVote(ctx: Context, breach: ScalingBreach, capacityFrom: (base: number) => number, vote: CastVote): Vote {
  const cooldown = ctx.scaleOutCooldown;
  const base = cooldown === undefined ? ctx.current : cooldown.fromCapacity;
  const proposed = clamp(capacityFrom(base), ctx.min, ctx.max);
  if (cooldown !== undefined && proposed <= cooldown.toCapacity) {
    const until = cooldown.at + cooldown.cooldownMs;
    return vote('none', { code: 'SCALE_OUT_COOLDOWN', breach, until, proposed, base, reached: cooldown.toCapacity }, proposed);
  }
  if (proposed <= ctx.current) {
    return vote('none', { code: 'AT_CAPACITY', breach, current: ctx.current, atMax: proposed === ctx.max ? ctx.max : null }, proposed);
  }
  return vote('scale-out', { code: 'SCALE_OUT', breach, from: ctx.current, to: proposed, cooldownBase: cooldown === undefined ? null : base }, proposed);
}

function scaleInVote(ctx: Context, breach: ScalingBreach, proposed: number, vote: CastVote): Vote {
  if (proposed >= ctx.current) {
    return vote('none', { code: 'NO_WHOLE_TASK', breach, current: ctx.current, atMin: proposed === ctx.min ? ctx.min : null }, proposed);
  }
  const cooldown = ctx.scaleInCooldown;
  if (cooldown !== undefined) return vote('none', { code: 'SCALE_IN_COOLDOWN', breach, until: cooldown.at + cooldown.cooldownMs }, proposed);
  return vote('scale-in', { code: 'SCALE_IN', breach, from: ctx.current, to: proposed }, proposed);
}

// ---------------------------------------------------------------------------------------------
// Alarms, formulas, steps

type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** "M out of N": ALARM when at least `m` of the last `n` datapoints breach. */
function alarmState(series: readonly number[], n: number, m: number, breaches: (v: number) => boolean): AlarmState {
  const window = series.slice(-n);
  if (window.length < m) return 'INSUFFICIENT_DATA';
  return window.filter(breaches).length >= m ? 'ALARM' : 'OK';
}

/**
 * `ceil(capacity x metric / target)`. The tolerance keeps a product that floating point puts a hair
 * above an integer (e.g. 3 x 70.0000000001 / 70) from rounding up a whole task.
 */
function proportionalCapacity(capacity: number, metric: number, target: number): number {
  return Math.max(0, Math.ceil((capacity * metric) / target - 1e-9));
}

function compare(value: number, op: ComparisonOperator, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

function isUpward(op: ComparisonOperator): boolean {
  return op === 'GreaterThanOrEqualToThreshold' || op === 'GreaterThanThreshold';
}

function aggregate(values: readonly number[], type: MetricAggregationType): number {
  switch (type) {
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
  }
}

/**
 * The step whose interval holds `delta` (metric minus threshold): [lower, upper) for an alarm on
 * values above the threshold, (lower, upper] below it (UG-SS).
 */
function selectStep(steps: readonly StepAdjustment[], delta: number, upward: boolean): StepAdjustment | undefined {
  return steps.find((s) => {
    const lower = s.lower ?? -Infinity;
    const upper = s.upper ?? Infinity;
    return upward ? delta >= lower && delta < upper : delta > lower && delta <= upper;
  });
}

/** The capacity a step adjustment yields from `base` (UG-SS "Scaling adjustment types"). */
function applyAdjustment(policy: StepScalingPolicySpec, adjustment: number, base: number): number {
  switch (policy.adjustmentType) {
    case 'ExactCapacity':
      return adjustment;
    case 'ChangeInCapacity':
      return Math.max(0, base + adjustment);
    case 'PercentChangeInCapacity': {
      let change = roundPercentChange((base * adjustment) / 100);
      const magnitude = policy.minAdjustmentMagnitude;
      if (magnitude !== undefined && change !== 0 && Math.abs(change) < magnitude) change = Math.sign(change) * magnitude;
      return Math.max(0, base + change);
    }
  }
}

/** Above 1 down, (0, 1) to 1, (-1, 0) to -1, below -1 up: toward zero, but never to zero. */
function roundPercentChange(raw: number): number {
  if (raw === 0) return 0;
  if (raw > 0 && raw < 1) return 1;
  if (raw < 0 && raw > -1) return -1;
  // Toward zero; the tolerance keeps e.g. 0.3 x 10 = 2.9999999999999996 at 3.
  return raw > 0 ? Math.floor(raw + 1e-9) : Math.ceil(raw - 1e-9);
}

function stepPolicyProblems(p: StepScalingPolicySpec): string[] {
  const problems: string[] = [];
  const at = `${p.name}:`;
  if (!Number.isFinite(p.threshold)) problems.push(`${at} threshold must be a number`);
  if (!Number.isInteger(p.evaluationPeriods) || p.evaluationPeriods < 1) problems.push(`${at} evaluationPeriods must be a positive integer`);
  if (!Number.isInteger(p.datapointsToAlarm) || p.datapointsToAlarm < 1 || p.datapointsToAlarm > p.evaluationPeriods) {
    problems.push(`${at} datapointsToAlarm must be an integer from 1 to evaluationPeriods`);
  }
  if (!isDuration(p.cooldownMs)) problems.push(`${at} cooldown must be non-negative integer milliseconds`);
  if (p.minAdjustmentMagnitude !== undefined) {
    if (p.adjustmentType !== 'PercentChangeInCapacity') problems.push(`${at} minAdjustmentMagnitude applies only to PercentChangeInCapacity`);
    if (!Number.isInteger(p.minAdjustmentMagnitude) || p.minAdjustmentMagnitude < 1) problems.push(`${at} minAdjustmentMagnitude must be a positive integer`);
  }
  const steps = p.stepAdjustments;
  if (steps.length === 0) return [...problems, `${at} at least one step adjustment is required`];
  for (const s of steps) {
    if (!Number.isInteger(s.scalingAdjustment)) problems.push(`${at} scalingAdjustment must be an integer`);
    if (p.adjustmentType === 'ExactCapacity' && s.scalingAdjustment < 0) problems.push(`${at} ExactCapacity adjustments must not be negative`);
    if (s.lower === undefined && s.upper === undefined) problems.push(`${at} a step adjustment can't have both bounds null`);
    if (s.lower !== undefined && s.upper !== undefined && !(s.lower < s.upper)) problems.push(`${at} a step's lower bound must be below its upper bound`);
  }
  if (steps.filter((s) => s.lower === undefined).length > 1) problems.push(`${at} only one step adjustment can have a null lower bound`);
  if (steps.filter((s) => s.upper === undefined).length > 1) problems.push(`${at} only one step adjustment can have a null upper bound`);
  if (steps.some((s) => s.lower !== undefined && s.lower < 0) && !steps.some((s) => s.lower === undefined)) {
    problems.push(`${at} a negative lower bound needs a step adjustment with a null lower bound`);
  }
  if (steps.some((s) => s.upper !== undefined && s.upper > 0) && !steps.some((s) => s.upper === undefined)) {
    problems.push(`${at} a positive upper bound needs a step adjustment with a null upper bound`);
  }
  const sorted = [...steps].sort((a, b) => (a.lower ?? -Infinity) - (b.lower ?? -Infinity));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    if ((prev.upper ?? Infinity) !== (next.lower ?? -Infinity)) {
      problems.push(`${at} step adjustments can't overlap or have a gap (${fmtBound(prev.upper)} then ${fmtBound(next.lower)})`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function activeCooldown(activity: ScalingActivity | undefined, now: Millis): ScalingActivity | undefined {
  return activity !== undefined && now < activity.at + activity.cooldownMs ? activity : undefined;
}

/** Drops cooldowns that have ended so the state stays small and comparable. */
function pruneState(state: ScalingState, now: Millis): ScalingState {
  const out = activeCooldown(state.lastScaleOut, now);
  const inn = activeCooldown(state.lastScaleIn, now);
  if (out === state.lastScaleOut && inn === state.lastScaleIn) return state;
  return { ...(out === undefined ? {} : { lastScaleOut: out }), ...(inn === undefined ? {} : { lastScaleIn: inn }) };
}

/** The vote with the largest proposed capacity; the first listed wins a tie. */
function largest(votes: readonly Vote[]): Vote {
  return votes.reduce((best, v) => ((v.decision.proposed ?? 0) > (best.decision.proposed ?? 0) ? v : best));
}

function activityOf(winner: Vote, current: number, now: Millis, direction: 'scale-out' | 'scale-in'): ScalingActivity {
  const p = winner.policy;
  const cooldownMs = p.kind === 'StepScaling' ? p.cooldownMs : direction === 'scale-out' ? p.scaleOutCooldownMs : p.scaleInCooldownMs;
  return { at: now, policy: p.name, fromCapacity: current, toCapacity: winner.decision.proposed!, cooldownMs };
}

function veto(decision: PolicyDecision, why: ScalingVeto): PolicyDecision {
  return { ...decision, action: 'none', veto: why };
}

const SCALE_OUT_TAKES_PRECEDENCE: ScalingVeto = Object.freeze({ code: 'SCALE_OUT_TAKES_PRECEDENCE' });
const DEPLOYMENT_IN_PROGRESS: ScalingVeto = Object.freeze({ code: 'DEPLOYMENT_IN_PROGRESS' });

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function isDuration(ms: number): boolean {
  return Number.isInteger(ms) && ms >= 0;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

function fmtBound(n: number | undefined): string {
  return n === undefined ? 'null' : fmt(n);
}
