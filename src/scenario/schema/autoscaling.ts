/** ECS Service Auto Scaling and the Kubernetes HorizontalPodAutoscaler. */
import { DEFAULT_MIN_REPLICAS } from '../../model/hpa-spec.js';
import { DEFAULT_DISABLE_SCALE_IN, DEFAULT_ECS_COOLDOWN_MS, DEFAULT_METRIC_AGGREGATION_TYPE } from '../../model/service-autoscaling-spec.js';
import { Closed, EcsTaskCount, Optional, Quantity, StringEnum, Type } from './fields.js';

const DEFAULT_COOLDOWN_SECONDS = DEFAULT_ECS_COOLDOWN_MS / 1000;

const ScalingMetric = StringEnum(['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget'], {
  description: 'The predefined metric: average CPU or memory utilization of the service (percent of what its tasks reserve), or ALB requests per target per minute.',
});

const Cooldown = (what: string) => Type.Integer({ minimum: 0, description: `Seconds ${what}.`, default: DEFAULT_COOLDOWN_SECONDS });

export const TargetTrackingPolicy = Closed({
  name: Optional(Type.String({ description: 'Policy name, for outputs (default target-tracking-<n>).' })),
  metric: ScalingMetric,
  targetValue: Type.Number({ exclusiveMinimum: 0, description: 'The value the policy keeps the metric at.' }),
  scaleOutCooldown: Optional(Cooldown('after a scale-out before another')),
  scaleInCooldown: Optional(Cooldown('after a scale-in before another')),
  disableScaleIn: Optional(Type.Boolean({ description: 'The policy only scales out.', default: DEFAULT_DISABLE_SCALE_IN })),
});

export const StepAdjustment = Closed({
  lower: Optional(Type.Number({ description: 'Lower bound of the step, relative to the threshold (absent: minus infinity).' })),
  upper: Optional(Type.Number({ description: 'Upper bound of the step, relative to the threshold (absent: infinity).' })),
  scalingAdjustment: Type.Integer({ description: 'The change when the metric is in this step (meaning per adjustmentType).' }),
});

export const StepScalingPolicy = Closed({
  name: Optional(Type.String({ description: 'Policy name, for outputs (default step-scaling-<n>).' })),
  metric: ScalingMetric,
  threshold: Type.Number({ description: "The CloudWatch alarm's threshold." }),
  comparison: StringEnum(['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanOrEqualToThreshold', 'LessThanThreshold'], { description: "The alarm's comparison operator." }),
  evaluationPeriods: Optional(Type.Integer({ minimum: 1, description: 'Minutes the alarm evaluates.', default: 1 })),
  datapointsToAlarm: Optional(Type.Integer({ minimum: 1, description: 'Breaching minutes among them that set it off (default evaluationPeriods).' })),
  adjustmentType: StringEnum(['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity'], { description: 'How scalingAdjustment changes the desired count.' }),
  stepAdjustments: Type.Array(StepAdjustment, { minItems: 1, description: 'The steps, by metric distance from the threshold.' }),
  minAdjustmentMagnitude: Optional(Type.Integer({ minimum: 1, description: 'PercentChangeInCapacity: change by at least this many tasks.' })),
  metricAggregationType: Optional(StringEnum(['Average', 'Minimum', 'Maximum'], { description: 'How the minute is aggregated.', default: DEFAULT_METRIC_AGGREGATION_TYPE })),
  cooldown: Optional(Cooldown('after an adjustment before the next')),
});

export const ServiceAutoScaling = Closed(
  {
    minCapacity: EcsTaskCount({ description: 'The lowest desired count scaling may set.' }),
    maxCapacity: EcsTaskCount({ description: 'The highest desired count scaling may set.' }),
    targetTracking: Optional(Type.Array(TargetTrackingPolicy, { description: 'Target tracking scaling policies.' })),
    stepScaling: Optional(Type.Array(StepScalingPolicy, { description: 'Step scaling policies (each with its CloudWatch alarm).' })),
  },
  { description: 'ECS Service Auto Scaling: the scalable target (desired count) and its policies.' },
);

const HpaRules = Closed(
  {
    stabilizationWindowSeconds: Optional(Type.Integer({ minimum: 0, maximum: 3600, description: 'Seconds of past recommendations considered (scale-up default 0, scale-down 300).' })),
    selectPolicy: Optional(StringEnum(['Max', 'Min', 'Disabled'], { description: 'Which policy limit applies when several do.', default: 'Max' })),
    policies: Optional(
      Type.Array(
        Closed({
          type: StringEnum(['Pods', 'Percent'], { description: 'A number of pods or a percent of the current replicas.' }),
          value: Type.Integer({ minimum: 1, description: 'How many pods (or percent) per period.' }),
          periodSeconds: Type.Integer({ minimum: 1, maximum: 1800, description: 'The period the limit applies to.' }),
        }),
        { description: 'Rate limits (default: scale-up 4 pods or 100 % per 15 s, scale-down 100 % per 15 s).' },
      ),
    ),
  },
  { description: 'Scaling rules for one direction (HPAScalingRules).' },
);

const MetricTarget = Closed(
  {
    type: StringEnum(['Utilization', 'AverageValue'], { description: 'A percent of the requests, or an absolute value per pod.' }),
    averageUtilization: Optional(Type.Integer({ minimum: 1, description: "Utilization: percent of the pods' requests." })),
    averageValue: Optional(Quantity('quantity', 'Per pod: 500m, 1Gi')),
  },
  { description: 'The value the HPA keeps the metric at.' },
);

const ObjectMetricTarget = Closed(
  {
    type: StringEnum(['Value', 'AverageValue'], { description: 'Value: the total; AverageValue: the total per pod of the workload.' }),
    value: Optional(Quantity('quantity', 'Value: the total, e.g. 10k')),
    averageValue: Optional(Quantity('quantity', 'AverageValue: per pod, e.g. 500')),
  },
  { description: 'The value the HPA keeps the metric at.' },
);

export const HorizontalPodAutoscaler = Closed(
  {
    minReplicas: Optional(Type.Integer({ minimum: 1, description: 'The fewest replicas.', default: DEFAULT_MIN_REPLICAS })),
    maxReplicas: Type.Integer({ minimum: 1, description: 'The most replicas.' }),
    metrics: Optional(
      Type.Array(
        Closed({
          type: StringEnum(['Resource', 'Object'], {
            description: "Resource: the pods' CPU or memory (metrics-server). Object: one value describing an object, here the requests per second the workload receives (see `object`).",
          }),
          resource: Optional(
            Closed({ name: StringEnum(['cpu', 'memory'], { description: 'The resource.' }), target: MetricTarget }, { description: 'type Resource: the resource and its target.' }),
          ),
          object: Optional(
            Closed(
              {
                describedObject: Closed(
                  {
                    apiVersion: Optional(Type.String({ description: 'e.g. networking.k8s.io/v1 (informational).' })),
                    kind: StringEnum(['Ingress', 'Service'], { description: "The object that routes the workload's traffic." }),
                    name: Type.String({ minLength: 1, description: 'Its name (informational: fleetsim models one entry point per workload).' }),
                  },
                  { description: 'The object the metric describes.' },
                ),
                metric: Closed(
                  { name: StringEnum(['requests-per-second'], { description: "The metric: the workload's requests per second, as a custom metrics adapter (e.g. prometheus-adapter) publishes it." }) },
                  { description: 'The metric.' },
                ),
                target: ObjectMetricTarget,
              },
              { description: "type Object: a metric of the Ingress or Service in front of the workload, computed from the workload's `load`." },
            ),
          ),
        }),
        { description: 'The metrics to scale on (default: cpu at 80 % utilization).' },
      ),
    ),
    behavior: Optional(Closed({ scaleUp: Optional(HpaRules), scaleDown: Optional(HpaRules) }, {
          description:
            'Scaling rules per direction (autoscaling/v2 behavior); a direction not given gets the API defaults. Without behavior the controller scales by its older rules: up to max(2 x current, 4) replicas per sync, down to the highest recommendation of the last 5 minutes.',
        })),
  },
  { description: 'A HorizontalPodAutoscaler (autoscaling/v2) on this Deployment.' },
);
