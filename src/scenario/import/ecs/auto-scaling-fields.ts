/**
 * Every field of Application Auto Scaling's scalable targets and scaling policies, as
 * DescribeScalableTargets and DescribeScalingPolicies return them and RegisterScalableTarget and
 * PutScalingPolicy take them (Application Auto Scaling API Reference: ScalableTarget,
 * ScalingPolicy, TargetTrackingScalingPolicyConfiguration, StepScalingPolicyConfiguration,
 * StepAdjustment, SuspendedState; the field set of @aws-sdk/client-application-auto-scaling
 * 3.1141). The API spells them in PascalCase, as CloudFormation's
 * AWS::ApplicationAutoScaling::ScalableTarget and ::ScalingPolicy do.
 */
import { ignored, listOf, MODELLED, nested, READ_ONLY, TAGS, unmodelled, warnUnless, type Fields } from '../field-rules.js';

const notSuspended = (v: unknown): boolean => v === undefined || v === false;

export const REGISTER_SCALABLE_TARGET_FIELDS: Fields = {
  ServiceNamespace: MODELLED,
  ResourceId: MODELLED,
  ScalableDimension: MODELLED,
  MinCapacity: MODELLED,
  MaxCapacity: MODELLED,
  RoleARN: ignored('the service-linked role Application Auto Scaling acts with: fleetsim assumes it is allowed'),
  SuspendedState: nested({
    DynamicScalingInSuspended: warnUnless(notSuspended, 'scale-in by the scaling policies is suspended'),
    DynamicScalingOutSuspended: warnUnless(notSuspended, 'scale-out by the scaling policies is suspended'),
    ScheduledScalingSuspended: ignored('scheduled actions are not imported'),
  }),
  Tags: TAGS,
};

export const SCALABLE_TARGET_FIELDS: Fields = {
  ...REGISTER_SCALABLE_TARGET_FIELDS,
  PredictedCapacity: READ_ONLY,
  CreationTime: READ_ONLY,
  ScalableTargetARN: READ_ONLY,
};

export const STEP_SCALING_FIELDS: Fields = {
  AdjustmentType: MODELLED,
  StepAdjustments: listOf(nested({ MetricIntervalLowerBound: MODELLED, MetricIntervalUpperBound: MODELLED, ScalingAdjustment: MODELLED })),
  MinAdjustmentMagnitude: MODELLED,
  Cooldown: MODELLED,
  MetricAggregationType: MODELLED,
};

export const TARGET_TRACKING_FIELDS: Fields = {
  TargetValue: MODELLED,
  PredefinedMetricSpecification: nested({
    PredefinedMetricType: MODELLED,
    ResourceLabel: ignored("names the ALB target group for ALBRequestCountPerTarget: fleetsim has one per service"),
  }),
  CustomizedMetricSpecification: unmodelled('custom CloudWatch metrics are not modelled: the policy is not imported'),
  ScaleOutCooldown: MODELLED,
  ScaleInCooldown: MODELLED,
  DisableScaleIn: MODELLED,
};

export const PUT_SCALING_POLICY_FIELDS: Fields = {
  PolicyName: MODELLED,
  ServiceNamespace: MODELLED,
  ResourceId: MODELLED,
  ScalableDimension: MODELLED,
  PolicyType: MODELLED,
  StepScalingPolicyConfiguration: nested(STEP_SCALING_FIELDS),
  TargetTrackingScalingPolicyConfiguration: nested(TARGET_TRACKING_FIELDS),
  PredictiveScalingPolicyConfiguration: unmodelled('predictive scaling (forecast capacity) is not modelled'),
};

export const SCALING_POLICY_FIELDS: Fields = {
  ...PUT_SCALING_POLICY_FIELDS,
  PolicyARN: READ_ONLY,
  Alarms: ignored("the policy's CloudWatch alarms by name: their thresholds are not in the policy"),
  CreationTime: READ_ONLY,
};

/** `describe-scalable-targets` and `describe-scaling-policies` print a page of results. */
export const DESCRIBE_OUTPUT_FIELDS: Fields = {
  ScalableTargets: MODELLED,
  ScalingPolicies: MODELLED,
  NextToken: ignored('a pagination token: import every page'),
};
