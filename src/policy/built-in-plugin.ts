/**
 * fleetsim's own placement behaviour, registered as a plugin like any other: the ECS strategy
 * types, the kube-scheduler plugins of the in-tree registry, and the whole policies a run can
 * choose. A loaded plugin provides the same three parts (placement-plugin.ts); the registry
 * (placement-registry.ts) starts from this one.
 */
import { EcsPlacementEngine } from './ecs/placement-engine.js';
import { STRATEGY_FACTORIES } from './ecs/strategy-registry.js';
import { firstFit } from './first-fit.js';
import { basicKubeScheduler } from './kube/basic-scheduler.js';
import { KubeSchedulerPolicy } from './kube/kube-scheduler-policy.js';
import { IN_TREE_REGISTRY } from './kube/registry.js';
import { definePlugin } from './placement-plugin.js';

/** The policy a run uses when none is named: ECS's placement engine, or kube-scheduler. */
export const DEFAULT_POLICY = { ecs: 'ecs-placement', eks: 'kube-scheduler' } as const;

export const BUILT_IN_PLUGIN = definePlugin({
  name: 'fleetsim',
  ecsStrategies: Object.fromEntries(STRATEGY_FACTORIES),
  kubePlugins: Object.fromEntries(IN_TREE_REGISTRY),
  policies: {
    /** ECS task placement: the service's strategies and constraints, from indexes (placement-engine.ts). */
    'ecs-placement': (ctx) => new EcsPlacementEngine(ctx.view, ctx.ecsPlacement, ctx.rng, ctx.ecsStrategies),
    /** kube-scheduler with the cluster's profile over the registered plugins (kube-scheduler-policy.ts). */
    'kube-scheduler': (ctx) =>
      new KubeSchedulerPolicy(ctx.schedulerProfile, ctx.rng, ctx.podScheduling, { checkScores: ctx.checkScores, registry: ctx.kubePlugins }),
    /** The lowest-index host that fits (first-fit.ts): a baseline. */
    'first-fit': () => firstFit,
    /** Resource filters and LeastAllocated only, no index (basic-scheduler.ts): a baseline. */
    'kube-basic': () => basicKubeScheduler,
  },
});
