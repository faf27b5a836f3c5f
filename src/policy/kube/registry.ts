/**
 * The in-tree plugin registry (kube-scheduler's `frameworkruntime.Registry`): plugin name ->
 * factory that validates its args. `compileProfile` turns a SchedulerProfileSpec into the
 * ordered filter and score plugins the policy runs, or throws SchedulerConfigError naming the
 * field (`plugins[2].name: unknown plugin 'NodeResourceFit' (did you mean 'NodeResourcesFit'?)`).
 */
import { didYouMean } from '../../engine/did-you-mean.js';
import type { SchedulerProfileSpec } from '../../model/pod-scheduling-spec.js';
import { fail, readInteger, readObject, readString } from './args.js';
import { isFilterPlugin, isPostFilterPlugin, isScorePlugin, type AnyPlugin, type FilterPlugin, type PostFilterPlugin, type ScorePlugin } from './framework.js';
import { DEFAULT_PREEMPTION, DefaultPreemption, parseDefaultPreemptionArgs } from './plugins/default-preemption.js';
import { ImageLocality, IMAGE_LOCALITY } from './plugins/image-locality.js';
import { InterPodAffinity, INTER_POD_AFFINITY } from './plugins/inter-pod-affinity.js';
import { NodeAffinity, NODE_AFFINITY } from './plugins/node-affinity.js';
import { NodeResourcesBalancedAllocation, NODE_RESOURCES_BALANCED_ALLOCATION, parseBalancedAllocationArgs } from './plugins/node-resources-balanced-allocation.js';
import { NodeResourcesFit, NODE_RESOURCES_FIT, parseNodeResourcesFitArgs } from './plugins/node-resources-fit.js';
import { NodeUnschedulable, NODE_UNSCHEDULABLE } from './plugins/node-unschedulable.js';
import { parsePodTopologySpreadArgs, PodTopologySpread, POD_TOPOLOGY_SPREAD } from './plugins/pod-topology-spread.js';
import { TaintToleration, TAINT_TOLERATION } from './plugins/taint-toleration.js';
import { NodeVolumeLimits, NODE_VOLUME_LIMITS } from './plugins/node-volume-limits.js';
import { VolumeBinding, VOLUME_BINDING } from './plugins/volume-binding.js';
import { VolumeZone, VOLUME_ZONE } from './plugins/volume-zone.js';

/**
 * Builds a plugin from its (unvalidated) args, or throws SchedulerConfigError. `path` names the
 * args in messages. Returns null for plugins fleetsim accepts but does not model (no-ops).
 */
export type PluginFactory = (args: unknown, path: string) => AnyPlugin | null;

function noArgs(create: () => AnyPlugin): PluginFactory {
  return (args, path) => {
    if (args !== undefined) readObject(args, path, []);
    return create();
  };
}

const noOp: PluginFactory = () => null;

/**
 * Plugins of the default profile fleetsim models, then those it accepts as no-ops so a real
 * KubeSchedulerConfiguration can be pasted: queue sort (the queue always sorts by priority),
 * binding, and checks on objects fleetsim has no notion of (in-tree volume limits, host ports
 * of pods, nodeName, gates).
 */
export const IN_TREE_REGISTRY: ReadonlyMap<string, PluginFactory> = new Map<string, PluginFactory>([
  [NODE_UNSCHEDULABLE, noArgs(() => new NodeUnschedulable())],
  [TAINT_TOLERATION, noArgs(() => new TaintToleration())],
  [NODE_AFFINITY, noArgs(() => new NodeAffinity())],
  [NODE_RESOURCES_FIT, (args, path) => new NodeResourcesFit(parseNodeResourcesFitArgs(args, path))],
  [NODE_VOLUME_LIMITS, noArgs(() => new NodeVolumeLimits())],
  [VOLUME_BINDING, noArgs(() => new VolumeBinding())],
  [VOLUME_ZONE, noArgs(() => new VolumeZone())],
  [POD_TOPOLOGY_SPREAD, (args, path) => new PodTopologySpread(parsePodTopologySpreadArgs(args, path))],
  [INTER_POD_AFFINITY, noArgs(() => new InterPodAffinity())],
  [NODE_RESOURCES_BALANCED_ALLOCATION, (args, path) => new NodeResourcesBalancedAllocation(parseBalancedAllocationArgs(args, path))],
  [IMAGE_LOCALITY, noArgs(() => new ImageLocality())],
  [DEFAULT_PREEMPTION, (args, path) => new DefaultPreemption(parseDefaultPreemptionArgs(args, path))],
  ...[
    'PrioritySort',
    'SchedulingGates',
    'NodeName',
    'NodePorts',
    'VolumeRestrictions',
    'EBSLimits',
    'GCEPDLimits',
    'AzureDiskLimits',
    'DynamicResources',
    'DefaultBinder',
  ].map((name): [string, PluginFactory] => [name, noOp]),
]);

/** A score plugin and its weight. */
export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin & AnyPlugin;
  readonly weight: number;
}

/** A validated profile, ready to run. */
export interface CompiledProfile {
  readonly schedulerName: string;
  /** Filter plugins in profile order (a node stops at its first failing filter). */
  readonly filters: readonly (FilterPlugin & AnyPlugin)[];
  /** PostFilter plugins in profile order (preemption), run when no node passes the filters. */
  readonly postFilters: readonly (PostFilterPlugin & AnyPlugin)[];
  readonly scorers: readonly WeightedScorePlugin[];
  /** 0 = adaptive. */
  readonly percentageOfNodesToScore: number;
}

/** Validates a profile against the registry and instantiates its plugins (fresh instances). */
export function compileProfile(profile: SchedulerProfileSpec, registry: ReadonlyMap<string, PluginFactory> = IN_TREE_REGISTRY): CompiledProfile {
  const schedulerName = readString(profile.schedulerName, 'schedulerName');
  const percentage =
    profile.percentageOfNodesToScore === undefined ? 0 : readInteger(profile.percentageOfNodesToScore, 'percentageOfNodesToScore', 0, 100);
  const known = [...registry.keys()];
  const enabled = new Set<string>();
  profile.plugins.forEach((p, i) => {
    const name = readString(p.name, `plugins[${i}].name`);
    if (!registry.has(name)) fail(`plugins[${i}].name`, `unknown plugin '${name}'${didYouMean(name, known)}`);
    if (enabled.has(name)) fail(`plugins[${i}].name`, `plugin '${name}' is enabled twice`);
    enabled.add(name);
    if (p.weight !== undefined) readInteger(p.weight, `plugins[${i}].weight`, 1, 100);
  });
  const args = new Map<string, { args: unknown; path: string }>();
  profile.pluginConfig.forEach((c, i) => {
    const name = readString(c.name, `pluginConfig[${i}].name`);
    if (!registry.has(name)) fail(`pluginConfig[${i}].name`, `unknown plugin '${name}'${didYouMean(name, known)}`);
    if (args.has(name)) fail(`pluginConfig[${i}].name`, `args for '${name}' are given twice`);
    args.set(name, { args: c.args, path: `pluginConfig[${i}].args` });
  });
  const filters: (FilterPlugin & AnyPlugin)[] = [];
  const postFilters: (PostFilterPlugin & AnyPlugin)[] = [];
  const scorers: WeightedScorePlugin[] = [];
  for (const p of profile.plugins) {
    const a = args.get(p.name);
    const plugin = registry.get(p.name)!(a?.args, a?.path ?? `pluginConfig[${p.name}].args`);
    if (plugin === null) continue;
    if (isFilterPlugin(plugin)) filters.push(plugin);
    if (isPostFilterPlugin(plugin)) postFilters.push(plugin);
    if (isScorePlugin(plugin)) scorers.push({ plugin, weight: p.weight ?? 1 });
  }
  // Args for a plugin the profile does not enable are still validated (a typo should not pass).
  for (const [name, a] of args) if (!enabled.has(name)) registry.get(name)!(a.args, a.path);
  return { schedulerName, filters, postFilters, scorers, percentageOfNodesToScore: percentage };
}
