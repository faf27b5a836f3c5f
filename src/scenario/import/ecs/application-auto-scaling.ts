/**
 * Application Auto Scaling's scalable targets and scaling policies (accounted for by
 * auto-scaling-fields.ts) for ECS services: a target becomes the service's autoScaling
 * min and max, a target tracking policy one of its targetTracking policies. The linker attaches
 * them to the service their ResourceId (`service/<cluster>/<service>`) names.
 */
import { isObject, type Json } from '../account-fields.js';
import { given, type Data, type ImportContext } from '../import-context.js';
import type { SourceDocument, SourcePath } from '../source-document.js';

/** The only dimension fleetsim scales: an ECS service's desired count. */
export const ECS_DESIRED_COUNT = 'ecs:service:DesiredCount';

export interface ImportedScalableTarget {
  readonly resourceId: string | undefined;
  readonly data: Data;
  readonly doc: SourceDocument;
  readonly path: SourcePath;
}

export interface ImportedScalingPolicy {
  readonly resourceId: string | undefined;
  /** A targetTracking policy of the scenario's autoScaling, or undefined. */
  readonly targetTracking: Data | undefined;
  /** A stepScaling policy of the scenario's autoScaling (a step policy and its alarm), or undefined. */
  readonly stepScaling?: Data | undefined;
  readonly doc: SourceDocument;
  readonly path: SourcePath;
}

/**
 * The CloudWatch alarm a step scaling policy acts on, as the scenario's stepScaling has it
 * (`metric`, `threshold`, `comparison`, `evaluationPeriods`, `datapointsToAlarm`), marked with
 * where it came from. Only a template has the alarm beside its policy (AWS::CloudWatch::Alarm).
 */
export type StepAlarm = Data;

/** Whether a target or policy is about an ECS service's desired count; otherwise it is noted as ignored. */
export function scalesEcsService(fields: Json, doc: SourceDocument, path: SourcePath, ctx: ImportContext): boolean {
  if ((fields.ServiceNamespace === undefined || fields.ServiceNamespace === 'ecs') && (fields.ScalableDimension === undefined || fields.ScalableDimension === ECS_DESIRED_COUNT)) return true;
  ctx.log.note('ignored', doc, path, `scales ${String(fields.ScalableDimension ?? fields.ServiceNamespace)}, not an ECS service's desired count`);
  return false;
}

export function importScalableTarget(fields: Json, doc: SourceDocument, path: SourcePath, ctx: ImportContext): ImportedScalableTarget {
  const data = ctx.origins.mark({ ...given('minCapacity', fields.MinCapacity), ...given('maxCapacity', fields.MaxCapacity) }, doc, path, {
    minCapacity: [...path, 'MinCapacity'],
    maxCapacity: [...path, 'MaxCapacity'],
  });
  return { resourceId: typeof fields.ResourceId === 'string' ? fields.ResourceId : undefined, data, doc, path };
}

export function importScalingPolicy(fields: Json, doc: SourceDocument, path: SourcePath, ctx: ImportContext, alarm?: StepAlarm): ImportedScalingPolicy {
  const resourceId = typeof fields.ResourceId === 'string' ? fields.ResourceId : undefined;
  const name = fields.PolicyName;
  if (fields.PolicyType === 'StepScaling') {
    if (alarm === undefined) {
      ctx.log.note('warning', doc, path, "a step scaling policy acts on its CloudWatch alarm, whose threshold and comparison are not part of the policy: not imported (add it under the service's autoScaling.stepScaling)");
      return { resourceId, targetTracking: undefined, doc, path };
    }
    return { resourceId, targetTracking: undefined, stepScaling: stepScaling(fields, alarm, doc, path, ctx), doc, path };
  }
  if (fields.PolicyType !== 'TargetTrackingScaling') return { resourceId, targetTracking: undefined, doc, path };
  const config = isObject(fields.TargetTrackingScalingPolicyConfiguration) ? fields.TargetTrackingScalingPolicyConfiguration : {};
  const predefined = isObject(config.PredefinedMetricSpecification) ? config.PredefinedMetricSpecification : undefined;
  if (predefined === undefined) return { resourceId, targetTracking: undefined, doc, path };
  const at = [...path, 'TargetTrackingScalingPolicyConfiguration'];
  const targetTracking = ctx.origins.mark(
    {
      ...given('name', name),
      ...given('metric', predefined.PredefinedMetricType),
      ...given('targetValue', config.TargetValue),
      ...given('scaleOutCooldown', config.ScaleOutCooldown),
      ...given('scaleInCooldown', config.ScaleInCooldown),
      ...given('disableScaleIn', config.DisableScaleIn),
    },
    doc,
    at,
    {
      name: [...path, 'PolicyName'],
      metric: [...at, 'PredefinedMetricSpecification', 'PredefinedMetricType'],
      targetValue: [...at, 'TargetValue'],
      scaleOutCooldown: [...at, 'ScaleOutCooldown'],
      scaleInCooldown: [...at, 'ScaleInCooldown'],
      disableScaleIn: [...at, 'DisableScaleIn'],
    },
  );
  return { resourceId, targetTracking, doc, path };
}

/** A step policy's configuration with its alarm's, as one stepScaling policy of the scenario. */
function stepScaling(fields: Json, alarm: StepAlarm, doc: SourceDocument, path: SourcePath, ctx: ImportContext): Data {
  const config = isObject(fields.StepScalingPolicyConfiguration) ? fields.StepScalingPolicyConfiguration : {};
  const at = [...path, 'StepScalingPolicyConfiguration'];
  const steps = Array.isArray(config.StepAdjustments) ? config.StepAdjustments.filter(isObject) : [];
  return ctx.origins.inherit(
    {
      ...given('name', fields.PolicyName),
      ...alarm,
      ...given('adjustmentType', config.AdjustmentType),
      stepAdjustments: steps.map((s, k) =>
        ctx.origins.mark({ ...given('lower', s.MetricIntervalLowerBound), ...given('upper', s.MetricIntervalUpperBound), ...given('scalingAdjustment', s.ScalingAdjustment) }, doc, [...at, 'StepAdjustments', k]),
      ),
      ...given('minAdjustmentMagnitude', config.MinAdjustmentMagnitude),
      ...given('metricAggregationType', config.MetricAggregationType),
      ...given('cooldown', config.Cooldown),
    },
    alarm,
    new Map([
      ['name', { doc, path: [...path, 'PolicyName'] }],
      ['adjustmentType', { doc, path: [...at, 'AdjustmentType'] }],
      ['stepAdjustments', { doc, path: [...at, 'StepAdjustments'] }],
      ['cooldown', { doc, path: [...at, 'Cooldown'] }],
    ]),
    { doc, path: at },
  );
}
