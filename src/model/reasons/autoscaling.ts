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
  | { readonly code: 'NO_EXTERNAL_METRIC'; readonly name: string };
