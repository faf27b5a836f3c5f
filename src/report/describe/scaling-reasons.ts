import { formatClock } from '../../engine/time.js';
import type { HpaMetric } from '../../model/hpa-spec.js';
import type { HpaMetricError, HpaReason, PolicyDecision, ScalingBreach, ScalingExplanation, ScalingVeto, StepAlarm } from '../../model/reasons/autoscaling.js';
import type { AdjustmentType, ComparisonOperator, StepAdjustment } from '../../model/service-autoscaling-spec.js';
import { assertNever } from './wording.js';

/** One policy's verdict in the words of an Application Auto Scaling activity. */
export function describePolicyDecision(d: PolicyDecision): string {
  const why = describeScalingExplanation(d.explanation);
  return d.veto === undefined ? why : `${why}; not applied: ${describeVeto(d.veto)}`;
}

export function describeScalingExplanation(x: ScalingExplanation): string {
  switch (x.code) {
    case 'SCALE_IN_DISABLED':
      return `${x.metric} not above target ${fmt(x.target)}; scale in is disabled`;
    case 'INSUFFICIENT_DATA':
      return `${x.metric} has fewer than ${x.datapoints} datapoints (INSUFFICIENT_DATA): no scale in`;
    case 'WITHIN_TARGET':
      return `${x.metric} not above target ${fmt(x.target)} and not below ${fmt(x.low)} for ${x.datapoints} datapoints`;
    case 'ALARM_INSUFFICIENT_DATA':
      return `alarm ${describeAlarm(x.alarm)}: INSUFFICIENT_DATA`;
    case 'ALARM_OK':
      return `alarm ${describeAlarm(x.alarm)} not breached for ${x.datapointsToAlarm} of ${x.evaluationPeriods} datapoints`;
    case 'NO_STEP':
      return `${describeBreach(x.breach)} matches no step adjustment`;
    case 'STEP_NO_CHANGE':
      return `${describeBreach(x.breach)} leaves the capacity at ${x.capacity}`;
    case 'SCALE_OUT_COOLDOWN':
      return `${describeBreach(x.breach)}; scale-out cooldown until ${formatClock(x.until)}: ${x.proposed} from ${x.base} is no larger than the ${x.reached} already reached`;
    case 'AT_CAPACITY':
      return `${describeBreach(x.breach)}; capacity already ${x.current}${x.atMax === null ? '' : ` (maxCapacity ${x.atMax})`}`;
    case 'SCALE_OUT':
      return `${describeBreach(x.breach)}: scale out ${x.from} -> ${x.to}${x.cooldownBase === null ? '' : ` (from ${x.cooldownBase} before the scale out in cooldown)`}`;
    case 'NO_WHOLE_TASK':
      return `${describeBreach(x.breach)}; no whole task can be removed from ${x.current}${x.atMin === null ? '' : ` (minCapacity ${x.atMin})`}`;
    case 'SCALE_IN_COOLDOWN':
      return `${describeBreach(x.breach)}; scale-in cooldown until ${formatClock(x.until)}`;
    case 'SCALE_IN':
      return `${describeBreach(x.breach)}: scale in ${x.from} -> ${x.to}`;
    default:
      return assertNever(x);
  }
}

/** Why a policy's verdict was not applied. */
export function describeVeto(v: ScalingVeto): string {
  switch (v.code) {
    case 'SCALE_OUT_TAKES_PRECEDENCE':
      return 'a scale out by another policy takes precedence';
    case 'DEPLOYMENT_IN_PROGRESS':
      return 'scale in is suspended while a deployment is in progress';
    case 'POLICIES_NOT_READY':
      return `not every target tracking policy is ready to scale in (${v.policies.join(', ')} is not)`;
    default:
      return assertNever(v);
  }
}

function describeBreach(b: ScalingBreach): string {
  switch (b.kind) {
    case 'above-target':
      return `${b.metric} ${fmt(b.latest)} > target ${fmt(b.target)} for ${b.datapoints} datapoints`;
    case 'below-target':
      return `${b.metric} ${fmt(b.latest)} < ${fmt(b.low)} (90% of target ${fmt(b.target)}) for ${b.datapoints} datapoints`;
    case 'step-alarm': {
      const what = `alarm ${describeAlarm(b.alarm)}: ${b.aggregation} ${fmt(b.value)}`;
      return b.step === null ? what : `${what}, step ${describeStep(b.step, b.adjustmentType, b.alarm.comparison)}`;
    }
    default:
      return assertNever(b);
  }
}

const OPERATOR_SYMBOL: Readonly<Record<ComparisonOperator, string>> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

function describeAlarm(a: StepAlarm): string {
  return `${a.metric} ${OPERATOR_SYMBOL[a.comparison]} ${fmt(a.threshold)}`;
}

function describeStep(step: StepAdjustment, adjustmentType: AdjustmentType, comparison: ComparisonOperator): string {
  const lower = step.lower === undefined ? '-inf' : fmt(step.lower);
  const upper = step.upper === undefined ? '+inf' : fmt(step.upper);
  const unit = adjustmentType === 'PercentChangeInCapacity' ? '%' : adjustmentType === 'ExactCapacity' ? ' (exact)' : '';
  const sign = adjustmentType !== 'ExactCapacity' && step.scalingAdjustment > 0 ? '+' : '';
  // The brackets show which bound is inclusive on this side of the threshold (UG-SS).
  const upward = comparison === 'GreaterThanOrEqualToThreshold' || comparison === 'GreaterThanThreshold';
  const interval = upward ? `[${lower}, ${upper})` : `(${lower}, ${upper}]`;
  return `${interval} ${sign}${step.scalingAdjustment}${unit}`;
}

/** A number as the activity log shows it: integers as they are, others to two decimals. */
function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** The HPA's reason as Kubernetes states it (a condition reason, or the SuccessfulRescale reason). */
export function describeHpaReason(r: HpaReason): string {
  switch (r.code) {
    case 'AboveMaxReplicas':
      return 'Current number of replicas above Spec.MaxReplicas';
    case 'BelowMinReplicas':
      return 'Current number of replicas below Spec.MinReplicas';
    case 'MetricAboveTarget':
      return `${describeHpaMetric(r.metric)} above target`;
    case 'AllMetricsBelowTarget':
      return 'All metrics below target';
    case 'ScalingDisabled':
    case 'FailedComputeMetricsReplicas':
    case 'ScaleUpLimit':
    case 'ScaleDownLimit':
    case 'TooManyReplicas':
    case 'TooFewReplicas':
    case 'ReadyForNewScale':
    case 'ScaleUpStabilized':
    case 'ScaleDownStabilized':
      return r.code;
    default:
      return assertNever(r);
  }
}

/** A metric as the HPA controller names it, e.g. `cpu resource utilization (percentage of request)`. */
export function describeHpaMetric(m: HpaMetric): string {
  switch (m.type) {
    case 'Resource':
      return m.target.type === 'Utilization' ? `${m.name} resource utilization (percentage of request)` : `${m.name} resource`;
    case 'Pods':
      return `pods metric ${m.name}`;
    case 'Object':
      return `${m.describedObject.kind} metric ${m.name}`;
    case 'External':
      return `external metric ${m.name}`;
    default:
      return assertNever(m);
  }
}

/** A kind's resource name as the API server spells it (Ingress -> ingresses, Service -> services). */
function resourcePlural(kind: string): string {
  const lower = kind.toLowerCase();
  return lower.endsWith('s') ? `${lower}es` : `${lower}s`;
}

/** The HPA controller's error for a metric it could not compute. */
export function describeHpaMetricError(e: HpaMetricError): string {
  switch (e.code) {
    case 'NO_PODS':
      return 'no pods returned by selector while calculating replica count';
    case 'NO_POD_METRICS':
      return 'did not receive metrics for targeted pods (pods might be unready)';
    case 'MISSING_REQUEST':
      return `missing request for ${e.resource} in pod ${e.pod}`;
    case 'NO_EXTERNAL_METRIC':
      return `unable to get external metric ${e.name}`;
    case 'NO_OBJECT_METRIC':
      // The controller's own argument order (replica_calculator.go GetObjectMetricReplicas).
      return `unable to get metric ${e.name}: ${e.kind} on default ${e.object}/the server could not find the metric ${e.name} for ${resourcePlural(e.kind)} ${e.object}`;
    default:
      return assertNever(e);
  }
}
