/**
 * fleetsim's public library API: the one entry point of the package (`import ... from 'fleetsim'`,
 * package.json `exports`). What is exported here is public and follows semantic versioning
 * (docs/api.md); every other module of the package is internal and may change in any release.
 *
 * - Scenarios: {@link loadScenario} parses, validates and compiles a scenario's text into a
 *   {@link SimulationSpec}, with located {@link Diagnostic}s for bad input; no I/O.
 * - Runs: {@link runSimulation} (or {@link startSimulation} to advance in slices) with a seed, trace
 *   listeners that receive every typed {@link FleetEvent}, and a placement registry; the
 *   {@link RunResult} holds the final state. {@link produceRunOutputs} attaches the report
 *   writers `fleetsim run` uses. {@link describeEvent} words an event as ECS or Kubernetes would.
 * - Placement: the {@link PlacementRegistry} with the built-ins and your plugins
 *   ({@link PlacementPlugin}: ECS strategy types, kube-scheduler plugins, whole policies), the
 *   {@link EcsPlacementEngine} and {@link KubeSchedulerPolicy} with their plugin interfaces, and the
 *   one fit check ({@link requestFits}).
 * - The catalog and max-pods model: {@link INSTANCE_TYPES}, {@link getInstanceType}, {@link maxPods}.
 * - Autoscaling algorithms as pure functions: {@link computeHpaDecision} (HorizontalPodAutoscaler)
 *   and {@link evaluateScalableTarget} (Application Auto Scaling target tracking and step scaling).
 *
 * @packageDocumentation
 */

// Scenarios
export { loadScenario, type LoadContext, type LoadResult } from '../scenario/load-scenario.js';
export { formatDiagnostic, type Diagnostic } from '../scenario/diagnostics.js';
export type { SimulationSpec } from '../model/simulation-spec.js';

// Runs
export { runSimulation, startSimulation, type RunOptions, type RunResult, type SimulationRun } from '../run.js';
export { produceRunOutputs, RUN_OUTPUT_FILES, type RunOutputFile, type RunOutputOptions, type RunOutputs } from '../experiments/run-outputs.js';
export type { TextSink } from '../report/text-sink.js';
export type { RunSummary } from '../report/summary.js';
export type { TraceListener } from '../engine/trace.js';
export type { FleetEvent, FleetEventType } from '../model/events/index.js';
export { describeEvent } from '../report/describe/index.js';
export { SimulationError } from '../engine/errors.js';
export { ClusterState, type ClusterView } from '../model/cluster-state.js';
export type { Host, Taint } from '../model/host.js';
export type { Task } from '../model/task.js';
export type { Service } from '../model/service.js';

// Placement: the registry, plugins and their guard
export { PlacementRegistry, PluginRegistrationError } from '../policy/placement-registry.js';
export { definePlugin, type PlacementPlugin, type PlacementPolicyContext, type PlacementPolicyFactory } from '../policy/placement-plugin.js';
export { PluginError } from '../policy/plugin-error.js';
export { DEFAULT_CALL_BUDGET_MS, type GuardOptions } from '../policy/plugin-guard.js';
export { podRequestOf, requestOf, type PlacementPolicy, type PlacementRequest, type PlacementResult, type PreemptionDecision } from '../policy/placement-policy.js';
export { requestFits, resourceShortfall, SHORT_OF_CPU, SHORT_OF_MEMORY, SHORT_OF_PODS } from '../policy/resource-fit.js';
export type { PlacementFailure } from '../model/reasons/placement.js';

// ECS placement engine and its strategy interface
export { EcsPlacementEngine } from '../policy/ecs/placement-engine.js';
export type { GroupCountRule, HostKeyRule, PartitionRule, RandomRule, StrategyCompileResult, StrategyFactory, StrategyRule } from '../policy/ecs/strategy-rule.js';
export { DEFAULT_SERVICE_PLACEMENT, type EcsPlacementSpec, type EcsPlacementStrategy } from '../model/ecs-placement-spec.js';

// kube-scheduler framework and its plugin interfaces
export { KubeSchedulerPolicy, type KubeSchedulerPolicyOptions } from '../policy/kube/kube-scheduler-policy.js';
export {
  CycleState,
  MAX_NODE_SCORE,
  stateKey,
  SUCCESS,
  type AnyPlugin,
  type FilterPlugin,
  type Plugin,
  type PodInfo,
  type PostFilterPlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type StateKey,
  type Status,
} from '../policy/kube/framework.js';
export { IN_TREE_REGISTRY, type PluginFactory } from '../policy/kube/registry.js';
export { pluginRejected, type FilterReason } from '../model/reasons/scheduling.js';
export { DEFAULT_PROFILE, type PodSchedulingSpec, type SchedulerProfileSpec } from '../model/pod-scheduling-spec.js';

// The catalog and the max-pods model
export { getInstanceType, INSTANCE_TYPES, INSTANCE_TYPE_NAMES } from '../model/catalog/instance-types.js';
export type { InstanceType } from '../model/catalog/instance-type.js';
export { maxPods, type MaxPodsOptions } from '../model/network/max-pods.js';

// Autoscaling algorithms
export { computeHpaDecision, DEFAULT_HPA_TIMING, EMPTY_HPA_HISTORY, validateHpaSpec, type HpaDecision, type HpaInput, type HpaPod } from '../policy/autoscaling/hpa.js';
export type { HpaSpec } from '../model/hpa-spec.js';
export {
  evaluateScalableTarget,
  INITIAL_SCALING_STATE,
  scalableTargetSpecProblems,
  type ScalableTargetEvaluation,
  type ScalableTargetInput,
  type ScalingMetrics,
} from '../policy/autoscaling/target-tracking.js';
export type { ScalableTargetSpec } from '../model/service-autoscaling-spec.js';
