/**
 * What a placement plugin provides: the contract between fleetsim and a module that adds
 * placement behaviour, whether the module ships inside fleetsim (the built-ins, built-in-plugin.ts)
 * or is loaded from a user's path (`--plugin ./my-plugin.js`, or the library's
 * `PlacementRegistry.with`). Each part plugs into the same interface and registry the built-ins
 * use, so adding one never touches the scheduler core, the scenario schema or the engine:
 *
 * - `ecsStrategies`: ECS placement strategy types by name, usable in a service's
 *   `placementStrategy: [{type: <name>, field?}]` (StrategyFactory, ecs/strategy-rule.ts);
 * - `kubePlugins`: kube-scheduler framework plugins by name (Filter, Score and the other
 *   extension points, kube/framework.ts), enabled with a weight in `cluster.scheduler.plugins`;
 * - `policies`: whole placement policies by name (PlacementPolicy, placement-policy.ts),
 *   chosen for a run with `--placement-policy <name>` or `RunOptions.placementPolicy`.
 *
 * Names are global: registering a name twice is an error, built-ins included.
 */
import type { RandomStream } from '../engine/rng.js';
import type { ClusterView } from '../model/cluster-state.js';
import type { EcsPlacementSpec } from '../model/ecs-placement-spec.js';
import type { PodSchedulingSpec, SchedulerProfileSpec } from '../model/pod-scheduling-spec.js';
import type { StrategyFactory } from './ecs/strategy-rule.js';
import type { PluginFactory } from './kube/registry.js';
import type { PlacementPolicy } from './placement-policy.js';

export interface PlacementPlugin {
  /** Names the plugin in messages (`plugin 'my-plugin' (./my-plugin.js): ...`). */
  readonly name: string;
  readonly ecsStrategies?: Readonly<Record<string, StrategyFactory>>;
  readonly kubePlugins?: Readonly<Record<string, PluginFactory>>;
  readonly policies?: Readonly<Record<string, PlacementPolicyFactory>>;
}

/** What a run hands a placement policy when it builds one (once per run). */
export interface PlacementPolicyContext {
  /** The cluster the policy places into (read-only; the caller applies decisions). */
  readonly view: ClusterView;
  /** The policy's own seeded stream: every random draw goes through it. */
  readonly rng: RandomStream;
  readonly platform: 'ecs' | 'eks';
  /** A service's ECS placement strategies and constraints. */
  readonly ecsPlacement: (service: string) => EcsPlacementSpec;
  /** A workload's pod scheduling spec (labels, affinity, tolerations, spreading, priority). */
  readonly podScheduling: (service: string) => PodSchedulingSpec;
  /** The cluster's kube-scheduler profile. */
  readonly schedulerProfile: SchedulerProfileSpec;
  /** Every ECS strategy type and kube-scheduler plugin registered, the built-ins and the loaded ones. */
  readonly ecsStrategies: ReadonlyMap<string, StrategyFactory>;
  readonly kubePlugins: ReadonlyMap<string, PluginFactory>;
  /** Check invariants that cost time on every decision (kube-scheduler's score range check). */
  readonly checkScores: boolean;
}

/**
 * Builds a placement policy for a run. Called once, before the first event; the policy's
 * `onRecord`, if any, is subscribed to the trace by the caller.
 */
export type PlacementPolicyFactory = (context: PlacementPolicyContext) => PlacementPolicy;

/** Identity, for typing a plugin module's export: `export default definePlugin({ ... })`. */
export function definePlugin<P extends PlacementPlugin>(plugin: P): P {
  return plugin;
}
