/** An ECS service's `autoScaling` and a Deployment's HorizontalPodAutoscaler, with their APIs' defaults and checks. */
import { DEFAULT_HPA_METRICS, DEFAULT_MIN_REPLICAS, DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, type HpaMetric, type HpaScalingRules, type HpaSpec } from '../../model/hpa-spec.js';
import {
  DEFAULT_DISABLE_SCALE_IN,
  DEFAULT_ECS_COOLDOWN_MS,
  DEFAULT_METRIC_AGGREGATION_TYPE,
  type ScalableTargetSpec,
  type ScalingPolicySpec,
} from '../../model/service-autoscaling-spec.js';
import { validateHpaSpec } from '../../policy/autoscaling/hpa.js';
import { scalableTargetSpecProblems } from '../../policy/autoscaling/target-tracking.js';
import type { HorizontalPodAutoscaler, ServiceAutoScaling } from '../schema/autoscaling.js';
import type { Static } from '../schema/fields.js';
import { parseKubernetesCpu, parseKubernetesMemory, parseQuantity } from '../units.js';
import type { Path, Problems } from './problems.js';

/** The scalable target with its target tracking and step scaling policies; checked as Application Auto Scaling checks it. */
export function compileServiceAutoScaling(raw: Static<typeof ServiceAutoScaling>, path: Path, problems: Problems): ScalableTargetSpec {
  const cooldownMs = (seconds: number | undefined): number => (seconds === undefined ? DEFAULT_ECS_COOLDOWN_MS : seconds * 1000);
  const policies: ScalingPolicySpec[] = [];
  (raw.targetTracking ?? []).forEach((t, i) =>
    policies.push({
      kind: 'TargetTracking',
      name: t.name ?? `target-tracking-${i + 1}`,
      metric: t.metric,
      targetValue: t.targetValue,
      scaleOutCooldownMs: cooldownMs(t.scaleOutCooldown),
      scaleInCooldownMs: cooldownMs(t.scaleInCooldown),
      disableScaleIn: t.disableScaleIn ?? DEFAULT_DISABLE_SCALE_IN,
    }),
  );
  (raw.stepScaling ?? []).forEach((t, i) =>
    policies.push({
      kind: 'StepScaling',
      name: t.name ?? `step-scaling-${i + 1}`,
      metric: t.metric,
      threshold: t.threshold,
      comparison: t.comparison,
      evaluationPeriods: t.evaluationPeriods ?? 1,
      datapointsToAlarm: t.datapointsToAlarm ?? t.evaluationPeriods ?? 1,
      adjustmentType: t.adjustmentType,
      stepAdjustments: t.stepAdjustments,
      ...(t.minAdjustmentMagnitude === undefined ? {} : { minAdjustmentMagnitude: t.minAdjustmentMagnitude }),
      metricAggregationType: t.metricAggregationType ?? DEFAULT_METRIC_AGGREGATION_TYPE,
      cooldownMs: cooldownMs(t.cooldown),
    }),
  );
  const spec: ScalableTargetSpec = { minCapacity: raw.minCapacity, maxCapacity: raw.maxCapacity, policies };
  for (const problem of scalableTargetSpecProblems(spec)) problems.report(path, problem);
  return spec;
}

/** A Deployment's HorizontalPodAutoscaler, with the API's defaults, checked as the API server checks it. */
export function compileHpa(raw: Static<typeof HorizontalPodAutoscaler>, path: Path, problems: Problems, hasLoad = true): HpaSpec {
  type RawRules = NonNullable<NonNullable<typeof raw.behavior>['scaleUp']>;
  const rules = (r: RawRules | undefined, d: HpaScalingRules): HpaScalingRules =>
    r === undefined
      ? d
      : { stabilizationWindowSeconds: r.stabilizationWindowSeconds ?? d.stabilizationWindowSeconds, selectPolicy: r.selectPolicy ?? d.selectPolicy, policies: r.policies ?? d.policies };
  const metrics: HpaMetric[] = [];
  (raw.metrics ?? []).forEach((m, i) => {
    const metric = compileHpaMetric(m, [...path, 'metrics', i], problems, hasLoad);
    if (metric !== null) metrics.push(metric);
  });
  const spec: HpaSpec = {
    minReplicas: raw.minReplicas ?? DEFAULT_MIN_REPLICAS,
    maxReplicas: raw.maxReplicas,
    metrics: metrics.length > 0 ? metrics : DEFAULT_HPA_METRICS,
    // Without behavior the controller takes its older path (model/hpa-spec.ts, HpaSpec); with one,
    // the API server fills each direction not given with the default rules.
    behavior:
      raw.behavior === undefined
        ? null
        : { scaleUp: rules(raw.behavior.scaleUp, DEFAULT_SCALE_UP), scaleDown: rules(raw.behavior.scaleDown, DEFAULT_SCALE_DOWN) },
  };
  for (const problem of validateHpaSpec(spec)) problems.report(path, problem);
  return spec;
}

type RawHpaMetric = NonNullable<Static<typeof HorizontalPodAutoscaler>['metrics']>[number];

/**
 * One `metrics[]` entry, checked as the API server checks a MetricSpec: the source named by
 * `type` is given, and no other. Returns null after reporting a problem.
 */
function compileHpaMetric(m: RawHpaMetric, path: Path, problems: Problems, hasLoad: boolean): HpaMetric | null {
  const source = m.type === 'Resource' ? 'resource' : 'object';
  const other = m.type === 'Resource' ? 'object' : 'resource';
  if (m[other] !== undefined) {
    problems.report([...path, other], 'must populate the given metric source only');
    return null;
  }
  if (m.type === 'Object') {
    if (m.object === undefined) {
      problems.report([...path, source], 'must populate information for the given metric source');
      return null;
    }
    if (!hasLoad) {
      problems.report([...path, 'object'], "an Object metric of requests per second needs the workload's `load` (the traffic it receives)");
      return null;
    }
    const { describedObject, metric, target } = m.object;
    const key = target.type === 'Value' ? 'value' : 'averageValue';
    const parsed = parseQuantity(target[key], 'quantity');
    if (target[key] === undefined || !parsed.ok || !(parsed.value > 0)) {
      problems.report([...path, 'object', 'target', key], target[key] === undefined ? `a ${target.type} target needs '${key}'` : parsed.ok ? 'must be positive' : parsed.message);
      return null;
    }
    const described = { kind: describedObject.kind, name: describedObject.name, ...(describedObject.apiVersion === undefined ? {} : { apiVersion: describedObject.apiVersion }) };
    return target.type === 'Value'
      ? { type: 'Object', describedObject: described, name: metric.name, target: { type: 'Value', value: parsed.value } }
      : { type: 'Object', describedObject: described, name: metric.name, target: { type: 'AverageValue', averageValue: parsed.value } };
  }
  if (m.resource === undefined) {
    problems.report([...path, source], 'must populate information for the given metric source');
    return null;
  }
  const { name, target } = m.resource;
  const targetPath: Path = [...path, 'resource', 'target'];
  if (target.type === 'Utilization') {
    if (target.averageUtilization === undefined) problems.report(targetPath, "a Utilization target needs 'averageUtilization'");
    return { type: 'Resource', name, target: { type: 'Utilization', averageUtilization: target.averageUtilization ?? 80 } };
  }
  const parsed = name === 'cpu' ? parseKubernetesCpu(target.averageValue) : parseKubernetesMemory(target.averageValue);
  if (!parsed.ok) problems.report([...targetPath, 'averageValue'], parsed.message);
  return { type: 'Resource', name, target: { type: 'AverageValue', averageValue: parsed.ok ? parsed.value : 0 } };
}
