/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) as fleetsim models it. Data only: field
 * names follow the autoscaling/v2 API (`spec.minReplicas`, `spec.maxReplicas`, `spec.metrics[]`,
 * `spec.behavior.scaleUp|scaleDown`), flattened where the simulator needs no nesting (a Resource
 * metric is `{type: 'Resource', name: 'cpu', target}` instead of `{type, resource: {name, target}}`).
 * Semantics live in src/policy/autoscaling/hpa.ts; the scenario layer fills the API defaults
 * (below) and validates.
 *
 * Units: CPU in cpu shares (src/model/resources.ts: 1 vCPU = 1,024,000, 1m = 1,024), memory in
 * MiB, Pods/External metrics in their own unit (e.g. requests per second). Behavior fields keep
 * the API's seconds (`stabilizationWindowSeconds`, `periodSeconds`); the controller constants
 * are engine milliseconds.
 *
 * Sources (facts only):
 * - kubernetes.io, "Horizontal Pod Autoscaling" (concepts/workloads/autoscaling): sync period,
 *   tolerance, readiness flags, the default behavior, the behavior examples.
 * - kubernetes/kubernetes pkg/apis/autoscaling/v2/defaults.go: the default scaling rules and
 *   minReplicas / metrics defaults; pkg/controller/podautoscaler/config/v1alpha1/defaults.go and
 *   the kube-controller-manager flags for the controller constants.
 */

/** The resources a Resource metric may name (`spec.metrics[].resource.name`). */
export type HpaResourceName = 'cpu' | 'memory';

/**
 * The keys a pod's metric sample uses for the resource metrics: `cpu` in cpu shares in use (the
 * unit of the pod's CPU request), `memory` in MiB in use. Pods metrics use their own name.
 */
export const HPA_RESOURCE_METRIC_KEYS: Readonly<Record<HpaResourceName, string>> = { cpu: 'cpu', memory: 'memory' };

/** `target: {type: Utilization, averageUtilization}`: percent of the pods' summed requests. */
export interface HpaUtilizationTarget {
  readonly type: 'Utilization';
  /** Percent, > 0 (may exceed 100). */
  readonly averageUtilization: number;
}

/**
 * `target: {type: AverageValue, averageValue}`: the metric's average over the pods. For a
 * Resource metric: cpu shares per pod for `cpu`, MiB per pod for `memory`.
 */
export interface HpaAverageValueTarget {
  readonly type: 'AverageValue';
  readonly averageValue: number;
}

/** `target: {type: Value, value}`: the metric's total (Object and External metrics). */
export interface HpaValueTarget {
  readonly type: 'Value';
  readonly value: number;
}

/** `type: Resource`: per-pod CPU or memory from the resource metrics API (metrics-server). */
export interface HpaResourceMetric {
  readonly type: 'Resource';
  readonly name: HpaResourceName;
  readonly target: HpaUtilizationTarget | HpaAverageValueTarget;
}

/**
 * `type: Pods`: a per-pod metric from the custom metrics API (e.g. `requests_per_second`),
 * averaged over the pods. The API allows only AverageValue targets for it.
 */
export interface HpaPodsMetric {
  readonly type: 'Pods';
  /** The key of the metric in each pod's sample. */
  readonly name: string;
  readonly target: HpaAverageValueTarget;
}

/**
 * `type: External`: one number from outside the cluster (e.g. a queue length or a load
 * balancer's request rate). AverageValue divides it by the target's pod count; Value compares the
 * total with the target.
 */
export interface HpaExternalMetric {
  readonly type: 'External';
  /** The key of the metric in the autoscaler's external metric sample. */
  readonly name: string;
  readonly target: HpaAverageValueTarget | HpaValueTarget;
}

/** `describedObject`: the Kubernetes object an Object metric describes (same namespace as the HPA). */
export interface HpaDescribedObject {
  /** e.g. `Ingress`, `Service`. */
  readonly kind: string;
  readonly name: string;
  /** e.g. `networking.k8s.io/v1`; informational. */
  readonly apiVersion?: string;
}

/**
 * `type: Object`: one number describing a single object of the cluster (e.g. an Ingress's
 * `requests-per-second`), from the custom metrics API. The controller computes it as it does an
 * External metric: Value compares the number with the target (`GetObjectMetricReplicas`),
 * AverageValue divides it by the target's pod count (`GetObjectPerPodMetricReplicas`).
 */
export interface HpaObjectMetric {
  readonly type: 'Object';
  readonly describedObject: HpaDescribedObject;
  /** `metric.name`. */
  readonly name: string;
  readonly target: HpaAverageValueTarget | HpaValueTarget;
}

/** The key of an Object metric's value in the autoscaler's input: `<kind>/<object>/<metric>`. */
export function objectMetricKey(m: Pick<HpaObjectMetric, 'describedObject' | 'name'>): string {
  return `${m.describedObject.kind}/${m.describedObject.name}/${m.name}`;
}

export type HpaMetric = HpaResourceMetric | HpaPodsMetric | HpaObjectMetric | HpaExternalMetric;

/** `HPAScalingPolicy`: at most `value` pods (or `value` percent) change within `periodSeconds`. */
export interface HpaScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  /** > 0. */
  readonly value: number;
  /** 1..1800 (API validation). */
  readonly periodSeconds: number;
}

/**
 * `selectPolicy`: `Max` picks the policy allowing the largest change, `Min` the smallest,
 * `Disabled` forbids scaling in this direction.
 */
export type HpaSelectPolicy = 'Max' | 'Min' | 'Disabled';

/** `HPAScalingRules`, one per direction (`behavior.scaleUp`, `behavior.scaleDown`). */
export interface HpaScalingRules {
  /**
   * How far back past recommendations count: scale-up uses the lowest recommendation of the
   * window, scale-down the highest. 0..3600 (API validation).
   */
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: HpaSelectPolicy;
  /** At least one unless `selectPolicy` is Disabled (API validation). */
  readonly policies: readonly HpaScalingPolicy[];
  /**
   * `tolerance` (Kubernetes 1.33+, feature gate HPAConfigurableTolerance): the usage ratio must
   * leave [1 - scaleDown.tolerance, 1 + scaleUp.tolerance] before this direction acts. Absent:
   * the controller's `--horizontal-pod-autoscaler-tolerance`, {@link HPA_TOLERANCE}.
   */
  readonly tolerance?: number;
}

export interface HpaBehavior {
  readonly scaleUp: HpaScalingRules;
  readonly scaleDown: HpaScalingRules;
}

/**
 * `HorizontalPodAutoscalerSpec` without `scaleTargetRef` (the scenario names the workload).
 * `behavior` is null when the HPA has no `spec.behavior`: the API server fills the default rules
 * only into a behavior that is present (defaults.go), and the controller scales an HPA without
 * one by its older rules (`normalizeDesiredReplicas`, see src/policy/autoscaling/hpa.ts).
 */
export interface HpaSpec {
  /** >= 1; 0 only with an External metric (Kubernetes' HPAScaleToZero gate). */
  readonly minReplicas: number;
  /** >= minReplicas, >= 1. */
  readonly maxReplicas: number;
  /** At least one; the API default is {@link DEFAULT_HPA_METRICS}. */
  readonly metrics: readonly HpaMetric[];
  readonly behavior: HpaBehavior | null;
}

/**
 * `--horizontal-pod-autoscaler-tolerance` (default 0.1): "the control plane skips any scaling
 * action if the ratio is sufficiently close to 1.0".
 */
export const HPA_TOLERANCE = 0.1;

/** `--horizontal-pod-autoscaler-sync-period` (default 15 s): how often the controller runs. */
export const HPA_SYNC_PERIOD_MS = 15_000;

/**
 * `--horizontal-pod-autoscaler-cpu-initialization-period` (default 5 min): within it after a pod
 * starts, its CPU sample is set aside unless the pod is Ready and the sample was taken entirely
 * after it became Ready.
 */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;

/**
 * `--horizontal-pod-autoscaler-initial-readiness-delay` (default 30 s): after the CPU
 * initialization period, an unready pod's CPU sample is set aside if its Ready condition last
 * changed within this delay of the pod's start (i.e. it has never been Ready).
 */
export const INITIAL_READINESS_DELAY_MS = 30_000;

/**
 * `--horizontal-pod-autoscaler-downscale-stabilization` (default 5 min): the scale-down
 * stabilization window when `behavior.scaleDown.stabilizationWindowSeconds` is not set, and the
 * window of an HPA without `behavior`.
 */
export const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS = 300;

/**
 * The window of one resource metrics sample: metrics-server's `--metric-resolution`, 15 s in its
 * upstream manifests. The CPU initialization rule compares it with the pod's Ready transition.
 */
export const METRICS_WINDOW_MS = 15_000;

/**
 * An HPA without `behavior` may scale up to max(2 x current, 4) replicas per sync
 * (horizontal.go `calculateScaleUpLimit`: scaleUpLimitFactor 2, scaleUpLimitMinimum 4).
 */
export const LEGACY_SCALE_UP_LIMIT_FACTOR = 2;
export const LEGACY_SCALE_UP_LIMIT_MINIMUM = 4;

/** API default `minReplicas`. */
export const DEFAULT_MIN_REPLICAS = 1;

/** API default `metrics` when none are listed: CPU at 80 % of requests. */
export const DEFAULT_HPA_METRICS: readonly HpaMetric[] = [
  { type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
];

/**
 * API default `behavior.scaleUp` (defaults.go): no stabilization; add at most 4 pods or 100 % of
 * the current replicas, whichever is more, every 15 s.
 */
export const DEFAULT_SCALE_UP: HpaScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

/**
 * API default `behavior.scaleDown` (defaults.go): the controller's 300 s stabilization window;
 * then any number of pods (100 %) may go every 15 s.
 */
export const DEFAULT_SCALE_DOWN: HpaScalingRules = {
  stabilizationWindowSeconds: DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/**
 * The rules the API server fills into a `behavior` that is present, for each direction not given
 * (defaults.go). An HPA without `behavior` does not get them: see {@link HpaSpec}.
 */
export const DEFAULT_HPA_BEHAVIOR: HpaBehavior = { scaleUp: DEFAULT_SCALE_UP, scaleDown: DEFAULT_SCALE_DOWN };
