/**
 * AWS::CloudWatch::Alarm, the half of a step scaling policy that the policy does not hold: the
 * metric, threshold and comparison (AWS CloudFormation User Guide, AWS::CloudWatch::Alarm). An
 * alarm whose AlarmActions name a step scaling policy of the template becomes part of that
 * policy (stepAlarmFor); any other alarm is noted as ignored (it notifies, it scales nothing
 * fleetsim runs).
 */
import type { Json } from '../account-fields.js';
import { ignored, MODELLED, TAGS, unmodelled, warnUnless, type Fields } from '../field-rules.js';
import { given } from '../import-context.js';
import type { StepAlarm } from '../ecs/application-auto-scaling.js';
import { accountedProperties, type ResourceHandler, type TemplateContext } from './template-context.js';

export const ALARM_FIELDS: Fields = {
  alarmActions: MODELLED,
  metricName: MODELLED,
  namespace: MODELLED,
  statistic: MODELLED,
  threshold: MODELLED,
  comparisonOperator: MODELLED,
  evaluationPeriods: MODELLED,
  datapointsToAlarm: MODELLED,
  period: warnUnless((v) => v === undefined || v === 60, 'fleetsim evaluates alarms on one-minute datapoints'),
  dimensions: ignored("which service the metric is of: the policy's scalable target says it"),
  actionsEnabled: warnUnless((v) => v !== false, 'with actions disabled the alarm scales nothing'),
  alarmName: ignored("the alarm's name"),
  alarmDescription: ignored('free text'),
  okActions: ignored('notifications when the alarm clears'),
  insufficientDataActions: ignored('notifications when data is missing'),
  treatMissingData: ignored('fleetsim publishes a datapoint every minute'),
  unit: ignored('the metric unit'),
  evaluateLowSampleCountPercentile: ignored('only for percentile statistics'),
  extendedStatistic: unmodelled('percentile statistics are not modelled'),
  metrics: unmodelled('metric math alarms are not modelled'),
  thresholdMetricId: unmodelled('anomaly detection bands are not modelled'),
  evaluationCriteria: unmodelled('alarms evaluated on a query are not modelled'),
  evaluationInterval: unmodelled('fleetsim evaluates alarms every minute'),
  evaluationWindow: unmodelled('fleetsim evaluates alarms every minute'),
  actionConfiguration: ignored('how alarm actions are run'),
  warmUpConfiguration: unmodelled('alarm warm-up is not modelled'),
  tags: TAGS,
};

/** CloudWatch metrics as the scenario's predefined scaling metrics. */
const METRICS: Readonly<Record<string, string>> = {
  'AWS/ECS:CPUUtilization': 'ECSServiceAverageCPUUtilization',
  'AWS/ECS:MemoryUtilization': 'ECSServiceAverageMemoryUtilization',
  'AWS/ApplicationELB:RequestCountPerTarget': 'ALBRequestCountPerTarget',
};

/** Every field known, none noted: an alarm that scales nothing is one ignored line, its fields still checked. */
const UNUSED_ALARM_FIELDS: Fields = Object.fromEntries(Object.keys(ALARM_FIELDS).map((k) => [k, MODELLED]));

/** An alarm that triggers a step scaling policy of the template is accounted for field by field (stepAlarmFor reads it); any other is one ignored line. */
export const alarm: ResourceHandler = (resource, t) => {
  const actions = t.properties(resource.logicalId).AlarmActions;
  const scales = Array.isArray(actions) && actions.some((a) => typeof a === 'string' && t.stepPolicies.has(a));
  accountedProperties(resource, t, scales ? ALARM_FIELDS : UNUSED_ALARM_FIELDS);
  if (!scales) t.ctx.log.note('ignored', t.doc, resource.path, 'an alarm that triggers no step scaling policy of the template: it notifies, and scales nothing fleetsim runs');
};

/**
 * The alarm of the step scaling policy whose Ref is `policyRef`: the first AWS::CloudWatch::Alarm
 * of the template whose AlarmActions include it, as the scenario's stepScaling fields; undefined
 * when there is none or its metric is not one fleetsim models (noted).
 */
export function stepAlarmFor(policyRef: string, t: TemplateContext): StepAlarm | undefined {
  for (const id of t.logicalIdsOf('AWS::CloudWatch::Alarm')) {
    const props: Json = t.properties(id);
    const actions = Array.isArray(props.AlarmActions) ? props.AlarmActions : [];
    if (!actions.includes(policyRef)) continue;
    const path = ['Resources', id, 'Properties'];
    const metric = METRICS[`${String(props.Namespace)}:${String(props.MetricName)}`];
    if (metric === undefined) {
      t.ctx.log.note('warning', t.doc, [...path, 'MetricName'], `not modelled, and it would change the answer: ${String(props.Namespace)} ${String(props.MetricName)} is not a metric fleetsim publishes (ECS CPUUtilization, MemoryUtilization; ALB RequestCountPerTarget): the step policy is not imported`);
      return undefined;
    }
    return t.ctx.origins.mark(
      {
        metric,
        ...given('threshold', props.Threshold),
        ...given('comparison', props.ComparisonOperator),
        ...given('evaluationPeriods', numberOf(props.EvaluationPeriods)),
        ...given('datapointsToAlarm', numberOf(props.DatapointsToAlarm)),
      },
      t.doc,
      path,
      { metric: [...path, 'MetricName'], comparison: [...path, 'ComparisonOperator'] },
    );
  }
  return undefined;
}

function numberOf(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}
