/**
 * ECS Service Auto Scaling as fleetsim models it: an Application Auto Scaling scalable target
 * (`ecs:service:DesiredCount`) with target tracking and step scaling policies. Data only: field
 * names follow the Application Auto Scaling API (RegisterScalableTarget, PutScalingPolicy with
 * TargetTrackingScalingPolicyConfiguration / StepScalingPolicyConfiguration), flattened where the
 * simulator needs no nesting, durations in integer ms. Semantics live in
 * src/policy/autoscaling/target-tracking.ts; the scenario layer fills defaults and validates.
 *
 * The seed's CDK stack (`autoScaleTaskCount({minCapacity, maxCapacity})`,
 * `scaleOnCpuUtilization({targetUtilizationPercent: 65})`, `scaleOnRequestCount({requestsPerTarget:
 * 1000})`, cooldowns 60 s out / 300 s in) becomes one {@link ScalableTargetSpec} with two
 * {@link TargetTrackingPolicySpec}s on `ECSServiceAverageCPUUtilization` and
 * `ALBRequestCountPerTarget`.
 *
 * Sources (facts only):
 * - Application Auto Scaling User Guide, "Target tracking scaling policies" and "Step scaling
 *   policies" (awsdocs/application-auto-scaling-user-guide, doc_source/
 *   application-auto-scaling-target-tracking.md and application-auto-scaling-step-scaling-policies.md).
 * - Application Auto Scaling API Reference, TargetTrackingScalingPolicyConfiguration and
 *   StepScalingPolicyConfiguration (defaults quoted below).
 * - The alarms target tracking creates for an ECS service, as AWS creates them (see the constants).
 */
import { MINUTE, SECOND, type Millis } from '../engine/time.js';

/**
 * The predefined metrics an ECS service can scale on (PredefinedMetricType).
 * - `ECSServiceAverageCPUUtilization`: the service's average CPU utilization, percent of the tasks'
 *   CPU reservation (CloudWatch AWS/ECS CPUUtilization, Average, per ClusterName/ServiceName).
 * - `ECSServiceAverageMemoryUtilization`: the same for memory (AWS/ECS MemoryUtilization).
 * - `ALBRequestCountPerTarget`: requests per target of the service's target group in one minute;
 *   the API reference: "specify the target utilization as the optimal average request count per
 *   target during any one-minute interval". It emits real zeros without traffic, so a target
 *   whose minCapacity is 0 can scale in to 0 (user guide, "Choosing metrics").
 */
export type ServiceScalingMetric =
  | 'ECSServiceAverageCPUUtilization'
  | 'ECSServiceAverageMemoryUtilization'
  | 'ALBRequestCountPerTarget';

export const SERVICE_SCALING_METRICS: readonly ServiceScalingMetric[] = [
  'ECSServiceAverageCPUUtilization',
  'ECSServiceAverageMemoryUtilization',
  'ALBRequestCountPerTarget',
];

/**
 * A target tracking policy (PolicyType `TargetTrackingScaling`). Application Auto Scaling creates
 * two CloudWatch alarms for it (a high one that scales out, a low one that scales in) and computes
 * the new capacity from the metric and `targetValue`. A scalable target may carry several, each on
 * a different metric ("provided that each of them uses a different metric").
 */
export interface TargetTrackingPolicySpec {
  readonly kind: 'TargetTracking';
  /** PolicyName; unique within the scalable target. */
  readonly name: string;
  readonly metric: ServiceScalingMetric;
  /** TargetValue: a percentage for the utilization metrics, requests per target per minute for ALB. */
  readonly targetValue: number;
  /** ScaleOutCooldown (API default 300 s for ECS services: {@link DEFAULT_ECS_COOLDOWN_MS}). */
  readonly scaleOutCooldownMs: Millis;
  /** ScaleInCooldown (API default 300 s for ECS services). */
  readonly scaleInCooldownMs: Millis;
  /** DisableScaleIn (API default false): the policy never removes capacity. */
  readonly disableScaleIn: boolean;
}

/** CloudWatch PutMetricAlarm ComparisonOperator values a step scaling alarm may use. */
export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** StepScalingPolicyConfiguration.AdjustmentType. */
export type AdjustmentType = 'ChangeInCapacity' | 'PercentChangeInCapacity' | 'ExactCapacity';

/** StepScalingPolicyConfiguration.MetricAggregationType ("If null, treated as Average"). */
export type MetricAggregationType = 'Average' | 'Minimum' | 'Maximum';

/**
 * One StepAdjustment. Bounds are relative to the alarm threshold (MetricIntervalLowerBound /
 * MetricIntervalUpperBound); absent is null, i.e. -infinity / +infinity. Above the threshold the
 * lower bound is inclusive and the upper exclusive; below it the reverse (user guide).
 */
export interface StepAdjustment {
  readonly lower?: number;
  readonly upper?: number;
  /** ScalingAdjustment: tasks, percent, or the exact task count, per the policy's AdjustmentType. */
  readonly scalingAdjustment: number;
}

/**
 * A step scaling policy (PolicyType `StepScaling`) together with the CloudWatch alarm that invokes
 * it: in AWS the alarm is a separate resource the user creates (PutMetricAlarm) with the policy
 * ARN as its action; fleetsim keeps the two in one object because one never acts without the other.
 * The alarm's period is always {@link METRIC_PERIOD_MS}.
 */
export interface StepScalingPolicySpec {
  readonly kind: 'StepScaling';
  readonly name: string;
  readonly metric: ServiceScalingMetric;
  /** The alarm's Threshold. */
  readonly threshold: number;
  /** The alarm's ComparisonOperator. */
  readonly comparison: ComparisonOperator;
  /** The alarm's EvaluationPeriods (N of "M out of N"). */
  readonly evaluationPeriods: number;
  /** The alarm's DatapointsToAlarm (M of "M out of N"); CloudWatch's default is EvaluationPeriods. */
  readonly datapointsToAlarm: number;
  readonly adjustmentType: AdjustmentType;
  readonly stepAdjustments: readonly StepAdjustment[];
  /** MinAdjustmentMagnitude: only with PercentChangeInCapacity. */
  readonly minAdjustmentMagnitude?: number;
  /** MetricAggregationType (default {@link DEFAULT_METRIC_AGGREGATION_TYPE}). */
  readonly metricAggregationType: MetricAggregationType;
  /** Cooldown ("If not specified, the default value is 300"). */
  readonly cooldownMs: Millis;
}

export type ScalingPolicySpec = TargetTrackingPolicySpec | StepScalingPolicySpec;

/**
 * A registered scalable target: the service's desired count, its bounds and its policies.
 * "Scaling policies will never go higher or lower than the minimum-maximum range" (user guide,
 * "Application Auto Scaling concepts").
 */
export interface ScalableTargetSpec {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly policies: readonly ScalingPolicySpec[];
}

/**
 * The period of every metric and alarm here: ECS publishes service CPU and memory utilization and
 * the ALB its request counts at one-minute resolution, and the alarms target tracking creates
 * use `Period: 60`.
 */
export const METRIC_PERIOD_MS: Millis = MINUTE;

/**
 * The target tracking scale-out alarm (`TargetTracking-service/<cluster>/<service>-AlarmHigh-<id>`):
 * `<metric> > target for 3 datapoints within 3 minutes` — EvaluationPeriods 3 of Period 60,
 * GreaterThanThreshold, threshold = TargetValue, statistic Average, missing data treated as
 * missing. The user guide does not print these numbers; they are what AWS creates, as seen in
 * exported ECS service alarms (e.g. CPUUtilization threshold 70, evaluation_periods 3, period 60)
 * and in AWS's ECS workshop ("when the high alarm ... exceeds the threshold for 3 consecutive
 * 1-minute periods").
 */
export const SCALE_OUT_DATAPOINTS = 3;

/**
 * The target tracking scale-in alarm (`...-AlarmLow-<id>`): `<metric> < 0.9 x target for 15
 * datapoints within 15 minutes` — EvaluationPeriods 15 of Period 60, LessThanThreshold. Seen in
 * exported ECS service alarms (targets 70 and 80 -> thresholds 63 and 72; MemoryUtilization 75 ->
 * 67.5; CPU 50 -> 45). The user guide says only that scale in waits for "a threshold that is far
 * enough below the target value (usually more than 10% lower)". (EC2 Auto Scaling groups differ:
 * their low alarm sits at 70% of the target.)
 */
export const SCALE_IN_DATAPOINTS = 15;

/** The scale-in alarm's threshold as a fraction of TargetValue, for ECS services (see above). */
export const SCALE_IN_THRESHOLD_RATIO = 0.9;

/** The comparison of the target tracking high alarm (strict: exactly on target does not alarm). */
export const SCALE_OUT_COMPARISON: ComparisonOperator = 'GreaterThanThreshold';

/** The comparison of the target tracking low alarm (strict). */
export const SCALE_IN_COMPARISON: ComparisonOperator = 'LessThanThreshold';

/**
 * API reference defaults for ECS services: TargetTrackingScalingPolicyConfiguration ScaleOutCooldown
 * and ScaleInCooldown ("Application Auto Scaling provides a default value of 300 for ... ECS
 * services"), and StepScalingPolicyConfiguration Cooldown ("If not specified, the default value
 * is 300"). The CDK's `scaleOnCpuUtilization` leaves them unset too, so the seed's explicit
 * 60 s / 300 s override them.
 */
export const DEFAULT_ECS_COOLDOWN_MS: Millis = 300 * SECOND;

/** TargetTrackingScalingPolicyConfiguration DisableScaleIn default. */
export const DEFAULT_DISABLE_SCALE_IN = false;

/** StepScalingPolicyConfiguration MetricAggregationType default. */
export const DEFAULT_METRIC_AGGREGATION_TYPE: MetricAggregationType = 'Average';
