import type { CodeDocs } from '../events/docs.js';
import type { HpaMetric } from '../hpa-spec.js';
import type { AdjustmentType, ComparisonOperator, MetricAggregationType, ServiceScalingMetric, StepAdjustment } from '../service-autoscaling-spec.js';

/**
 * What the autoscalers decided and why, as data: Application Auto Scaling's per-policy verdicts
 * (target tracking and step scaling) and the HorizontalPodAutoscaler's condition reasons.
 * report/describe renders them in the words of an activity log.
 */

export type ScalingAction = 'scale-out' | 'scale-in' | 'none';

/** The alarm reading a policy acted on. */
export type ScalingBreach =
  /** Target tracking's high alarm: the metric above the target for `datapoints` datapoints. */
  | { readonly kind: 'above-target'; readonly metric: ServiceScalingMetric; readonly latest: number; readonly target: number; readonly datapoints: number }
  /** Target tracking's low alarm: below 90 % of the target (`low`) for `datapoints` datapoints. */
  | { readonly kind: 'below-target'; readonly metric: ServiceScalingMetric; readonly latest: number; readonly low: number; readonly target: number; readonly datapoints: number }
  /** A step scaling alarm in ALARM: its aggregated value, and the step adjustment it selects (null: none matches). */
  | {
      readonly kind: 'step-alarm';
      readonly alarm: StepAlarm;
      readonly aggregation: MetricAggregationType;
      readonly value: number;
      readonly step: StepAdjustment | null;
      readonly adjustmentType: AdjustmentType;
    };

/** A step scaling policy's CloudWatch alarm: `metric comparison threshold`. */
export interface StepAlarm {
  readonly metric: ServiceScalingMetric;
  readonly comparison: ComparisonOperator;
  readonly threshold: number;
}

/** Why a policy voted as it did. */
export type ScalingExplanation =
  /** Target tracking with scale in disabled, the metric not above the target. */
  | { readonly code: 'SCALE_IN_DISABLED'; readonly metric: ServiceScalingMetric; readonly target: number }
  /** Target tracking: too few datapoints for the low alarm. */
  | { readonly code: 'INSUFFICIENT_DATA'; readonly metric: ServiceScalingMetric; readonly datapoints: number }
  /** Target tracking: neither alarm is in ALARM. */
  | { readonly code: 'WITHIN_TARGET'; readonly metric: ServiceScalingMetric; readonly target: number; readonly low: number; readonly datapoints: number }
  /** Step scaling: the alarm has too few datapoints. */
  | { readonly code: 'ALARM_INSUFFICIENT_DATA'; readonly alarm: StepAlarm }
  /** Step scaling: the alarm is OK. */
  | { readonly code: 'ALARM_OK'; readonly alarm: StepAlarm; readonly datapointsToAlarm: number; readonly evaluationPeriods: number }
  /** Step scaling: in ALARM, but no step adjustment holds the value (`breach.step` is null). */
  | { readonly code: 'NO_STEP'; readonly breach: ScalingBreach }
  /** Step scaling: the step leaves the capacity where it is. */
  | { readonly code: 'STEP_NO_CHANGE'; readonly breach: ScalingBreach; readonly capacity: number }
  /** Scale out wanted, but a scale-out cooldown runs and `proposed` (from `base`) is no larger than `reached`. */
  | { readonly code: 'SCALE_OUT_COOLDOWN'; readonly breach: ScalingBreach; readonly until: number; readonly proposed: number; readonly base: number; readonly reached: number }
  /** Scale out wanted, but the capacity is already there (`atMax`: held at maxCapacity). */
  | { readonly code: 'AT_CAPACITY'; readonly breach: ScalingBreach; readonly current: number; readonly atMax: number | null }
  /** Scale out from `from` to `to`; `cooldownBase` is the capacity before the scale out in cooldown, if one runs. */
  | { readonly code: 'SCALE_OUT'; readonly breach: ScalingBreach; readonly from: number; readonly to: number; readonly cooldownBase: number | null }
  /** Scale in wanted, but no whole task can go (`atMin`: held at minCapacity). */
  | { readonly code: 'NO_WHOLE_TASK'; readonly breach: ScalingBreach; readonly current: number; readonly atMin: number | null }
  /** Scale in wanted, but a scale-in cooldown runs until `until`. */
  | { readonly code: 'SCALE_IN_COOLDOWN'; readonly breach: ScalingBreach; readonly until: number }
  /** Scale in from `from` to `to`. */
  | { readonly code: 'SCALE_IN'; readonly breach: ScalingBreach; readonly from: number; readonly to: number };

/** Why a policy's scale in (or out) was not applied although it voted for it. */
export type ScalingVeto =
  | { readonly code: 'SCALE_OUT_TAKES_PRECEDENCE' }
  | { readonly code: 'DEPLOYMENT_IN_PROGRESS' }
  /** Target tracking scale-ins need every target tracking policy to agree; these did not. */
  | { readonly code: 'POLICIES_NOT_READY'; readonly policies: readonly string[] };

/**
 * One policy's part in an evaluation. `action` is the verdict once cooldowns, the agreement rule
 * and suspension have had their say (a vetoed scale in reads `none` and has `veto`); `proposed`
 * is the clamped capacity the policy computed, also when it did not act.
 */
export interface PolicyDecision {
  readonly policy: string;
  readonly action: ScalingAction;
  readonly explanation: ScalingExplanation;
  readonly veto?: ScalingVeto;
  readonly proposed?: number;
}

/** The `AbleToScale` condition's reasons after a metric-driven sync. */
export type HpaStabilizationReason = 'ReadyForNewScale' | 'ScaleUpStabilized' | 'ScaleDownStabilized';

/** The `ScalingLimited` condition's reasons. */
export type HpaLimitReason = 'DesiredWithinRange' | 'ScaleUpLimit' | 'ScaleDownLimit' | 'TooManyReplicas' | 'TooFewReplicas';

/**
 * The HorizontalPodAutoscaler's reason for a sync's outcome: a condition reason (Kubernetes'
 * own codes), or the SuccessfulRescale reason, which names the metric that asked for more.
 */
export type HpaReason =
  | { readonly code: 'ScalingDisabled' }
  /** The current count is above Spec.MaxReplicas (or below MinReplicas): it is brought into range. */
  | { readonly code: 'AboveMaxReplicas' }
  | { readonly code: 'BelowMinReplicas' }
  | { readonly code: 'FailedComputeMetricsReplicas' }
  | { readonly code: Exclude<HpaLimitReason, 'DesiredWithinRange'> }
  | { readonly code: HpaStabilizationReason }
  /** Rescaled up: the metric's proposal was the largest. */
  | { readonly code: 'MetricAboveTarget'; readonly metric: HpaMetric }
  /** Rescaled down. */
  | { readonly code: 'AllMetricsBelowTarget' };

/** One metric's proposal in an HPA sync. */
export interface HpaMetricProposal {
  /** The metric of the spec it concerns. */
  readonly metric: HpaMetric;
  /** The replica count this metric asks for; null when it could not be computed (see `error`). */
  readonly proposed: number | null;
  /** Current / target over the ready pods, before missing and unready pods are rebalanced. */
  readonly usageRatio: number | null;
  /** The metric status: utilization percent, average value, or external total. */
  readonly currentValue: number | null;
  /** Why the proposal could not be computed (the controller's error, as a code). */
  readonly error?: HpaMetricError;
}

/** Why the HPA controller could not compute a metric's proposal. */
export type HpaMetricError =
  /** The target's selector matched no pod. */
  | { readonly code: 'NO_PODS' }
  /** No ready pod has a sample yet. */
  | { readonly code: 'NO_POD_METRICS' }
  /** A pod has no request for the resource, so its utilization is undefined. */
  | { readonly code: 'MISSING_REQUEST'; readonly resource: string; readonly pod: string }
  /** The external metric has no value. */
  | { readonly code: 'NO_EXTERNAL_METRIC'; readonly name: string }
  /** The Object metric of the described object has no value. */
  | { readonly code: 'NO_OBJECT_METRIC'; readonly name: string; readonly kind: string; readonly object: string };

const CPU = 'ECSServiceAverageCPUUtilization';
const HIGH: ScalingBreach = { kind: 'above-target', metric: CPU, latest: 130, target: 65, datapoints: 3 };
const LOW: ScalingBreach = { kind: 'below-target', metric: CPU, latest: 20, low: 58.5, target: 65, datapoints: 15 };
const ALARM: StepAlarm = { metric: CPU, comparison: 'GreaterThanOrEqualToThreshold', threshold: 80 };
const STEP: ScalingBreach = { kind: 'step-alarm', alarm: ALARM, aggregation: 'Average', value: 91, step: { lower: 0, upper: 20, scalingAdjustment: 2 }, adjustmentType: 'ChangeInCapacity' };

export const SCALING_EXPLANATION_DOCS = {
  SCALE_IN_DISABLED: { meaning: 'Target tracking with scale in disabled, and the metric not above its target.', example: { code: 'SCALE_IN_DISABLED', metric: CPU, target: 65 } },
  INSUFFICIENT_DATA: { meaning: "Target tracking: too few datapoints for the low alarm (it needs 15).", example: { code: 'INSUFFICIENT_DATA', metric: CPU, datapoints: 15 } },
  WITHIN_TARGET: { meaning: 'Target tracking: neither the high nor the low alarm is in ALARM.', example: { code: 'WITHIN_TARGET', metric: CPU, target: 65, low: 58.5, datapoints: 15 } },
  ALARM_INSUFFICIENT_DATA: { meaning: "Step scaling: the alarm has too few datapoints.", example: { code: 'ALARM_INSUFFICIENT_DATA', alarm: ALARM } },
  ALARM_OK: { meaning: 'Step scaling: the alarm is OK.', example: { code: 'ALARM_OK', alarm: ALARM, datapointsToAlarm: 2, evaluationPeriods: 3 } },
  NO_STEP: { meaning: 'Step scaling: the alarm is in ALARM but no step adjustment holds its value.', example: { code: 'NO_STEP', breach: { ...STEP, step: null } } },
  STEP_NO_CHANGE: { meaning: 'Step scaling: the step leaves the capacity where it is.', example: { code: 'STEP_NO_CHANGE', breach: { ...STEP, step: { lower: 0, scalingAdjustment: 0 } }, capacity: 4 } },
  SCALE_OUT_COOLDOWN: {
    meaning: 'A scale out is wanted, but a scale-out cooldown runs and the proposal (from the capacity before that scale out) is no larger than what it reached.',
    example: { code: 'SCALE_OUT_COOLDOWN', breach: HIGH, until: 360_000, proposed: 8, base: 4, reached: 8 },
  },
  AT_CAPACITY: { meaning: 'A scale out is wanted, but the capacity is already there (or at maxCapacity).', example: { code: 'AT_CAPACITY', breach: HIGH, current: 10, atMax: 10 } },
  SCALE_OUT: { meaning: 'The policy scales out.', example: { code: 'SCALE_OUT', breach: STEP, from: 4, to: 6, cooldownBase: null } },
  NO_WHOLE_TASK: { meaning: 'A scale in is wanted, but no whole task can go (or the capacity is at minCapacity).', example: { code: 'NO_WHOLE_TASK', breach: LOW, current: 2, atMin: 2 } },
  SCALE_IN_COOLDOWN: { meaning: 'A scale in is wanted, but a scale-in cooldown runs.', example: { code: 'SCALE_IN_COOLDOWN', breach: LOW, until: 900_000 } },
  SCALE_IN: { meaning: 'The policy scales in.', example: { code: 'SCALE_IN', breach: LOW, from: 8, to: 3 } },
} satisfies CodeDocs<ScalingExplanation>;

export const SCALING_VETO_DOCS = {
  SCALE_OUT_TAKES_PRECEDENCE: { meaning: "Another policy scales out, so this policy's scale in is not applied.", example: { code: 'SCALE_OUT_TAKES_PRECEDENCE' } },
  DEPLOYMENT_IN_PROGRESS: { meaning: 'ECS suspends scale in while a deployment is in progress.', example: { code: 'DEPLOYMENT_IN_PROGRESS' } },
  POLICIES_NOT_READY: { meaning: 'A target tracking scale in needs every target tracking policy to agree; these do not.', example: { code: 'POLICIES_NOT_READY', policies: ['RequestScaling'] } },
} satisfies CodeDocs<ScalingVeto>;

const CPU_50: HpaMetric = { type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } };

export const HPA_REASON_DOCS = {
  ScalingDisabled: { meaning: 'The current count is 0 with minReplicas above 0: autoscaling is off.', example: { code: 'ScalingDisabled' } },
  AboveMaxReplicas: { meaning: 'The current count is above maxReplicas: it goes straight to the maximum.', example: { code: 'AboveMaxReplicas' } },
  BelowMinReplicas: { meaning: 'The current count is below minReplicas: it goes straight to the minimum.', example: { code: 'BelowMinReplicas' } },
  FailedComputeMetricsReplicas: { meaning: 'No metric could be computed (or a failed one might have asked for more): no scale down.', example: { code: 'FailedComputeMetricsReplicas' } },
  ScaleUpLimit: { meaning: 'ScalingLimited: the scale-up policies cap the change.', example: { code: 'ScaleUpLimit' } },
  ScaleDownLimit: { meaning: 'ScalingLimited: the scale-down policies cap the change.', example: { code: 'ScaleDownLimit' } },
  TooManyReplicas: { meaning: 'ScalingLimited: the recommendation is above maxReplicas.', example: { code: 'TooManyReplicas' } },
  TooFewReplicas: { meaning: 'ScalingLimited: the recommendation is below minReplicas.', example: { code: 'TooFewReplicas' } },
  ReadyForNewScale: { meaning: 'AbleToScale: nothing holds the recommendation back.', example: { code: 'ReadyForNewScale' } },
  ScaleUpStabilized: { meaning: 'AbleToScale: the scale-up stabilization window holds the count.', example: { code: 'ScaleUpStabilized' } },
  ScaleDownStabilized: { meaning: 'AbleToScale: the scale-down stabilization window (the highest recent recommendation) holds the count.', example: { code: 'ScaleDownStabilized' } },
  MetricAboveTarget: { meaning: 'SuccessfulRescale up: the named metric asked for the most replicas.', example: { code: 'MetricAboveTarget', metric: CPU_50 } },
  AllMetricsBelowTarget: { meaning: 'SuccessfulRescale down: every metric is below its target.', example: { code: 'AllMetricsBelowTarget' } },
} satisfies CodeDocs<HpaReason>;
