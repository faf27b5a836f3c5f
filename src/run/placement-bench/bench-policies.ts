/**
 * The policies a placement benchmark compares, named on its command line: a built-in shorthand
 * (binpack, spread, random, kube-default, first-fit, kube-basic), an ECS strategy type
 * (`ecs:<type>[:<field>]`, built in or loaded), the default kube-scheduler profile with a plugin
 * enabled (`kube-default+<Plugin>[=<weight>]`), or any registered placement policy by name. Each
 * resolves to a registered policy with the ECS placement or scheduler profile it is given, so a
 * user's plugin is benchmarked through the same registry and interfaces as the built-ins.
 */
import { DEFAULT_PROFILE, type SchedulerProfileSpec } from '../../model/pod-scheduling-spec.js';
import type { EcsPlacementSpec, EcsPlacementStrategy } from '../../model/ecs-placement-spec.js';
import { didYouMean } from '../../engine/did-you-mean.js';
import type { PlacementRegistry } from '../../policy/placement-registry.js';

export interface BenchPolicy {
  /** As given on the command line (the report's row label). */
  readonly label: string;
  /** The registered placement policy that places. */
  readonly policy: string;
  /** The platform its cluster is built for: ECS container instances or EKS nodes (max pods). */
  readonly platform: 'ecs' | 'eks';
  readonly ecsPlacement: EcsPlacementSpec;
  readonly profile: SchedulerProfileSpec;
}

/** The built-in shorthands, in the order a default benchmark compares them. */
export const DEFAULT_BENCH_POLICIES = ['binpack', 'spread', 'random', 'kube-default'] as const;

const placement = (...strategies: EcsPlacementStrategy[]): EcsPlacementSpec => ({ strategies, constraints: [] });
const ecs = (label: string, spec: EcsPlacementSpec): BenchPolicy => ({ label, policy: 'ecs-placement', platform: 'ecs', ecsPlacement: spec, profile: DEFAULT_PROFILE });

const SHORTHANDS: Readonly<Record<string, BenchPolicy>> = {
  binpack: ecs('binpack', placement({ type: 'binpack', field: 'memory' })),
  spread: ecs('spread', placement({ type: 'spread', field: 'attribute:ecs.availability-zone' })),
  random: ecs('random', placement({ type: 'random' })),
  'kube-default': { label: 'kube-default', policy: 'kube-scheduler', platform: 'eks', ecsPlacement: placement(), profile: DEFAULT_PROFILE },
};

/** The policy a name stands for, or the one-line reason it stands for none (the caller exits 2). */
export function resolveBenchPolicy(name: string, registry: PlacementRegistry): { ok: true; policy: BenchPolicy } | { ok: false; message: string } {
  const shorthand = SHORTHANDS[name];
  if (shorthand !== undefined) return { ok: true, policy: shorthand };
  if (name.startsWith('ecs:')) {
    const [type = '', field] = name.slice(4).split(':');
    const factory = registry.ecsStrategies.get(type);
    if (factory === undefined) return { ok: false, message: `--policy ${name}: no ECS strategy type '${type}'; registered: ${[...registry.ecsStrategies.keys()].join(', ')}${didYouMean(type, registry.ecsStrategies.keys())}` };
    const strategy = (field === undefined ? { type } : { type, field }) as EcsPlacementStrategy;
    const compiled = factory(strategy);
    if (!compiled.ok) return { ok: false, message: `--policy ${name}: ${compiled.message}` };
    return { ok: true, policy: ecs(name, placement(strategy)) };
  }
  if (name.startsWith('kube-default+')) {
    const [plugin = '', weightText] = name.slice('kube-default+'.length).split('=');
    if (!registry.kubePlugins.has(plugin)) return { ok: false, message: `--policy ${name}: no kube-scheduler plugin '${plugin}'${didYouMean(plugin, registry.kubePlugins.keys())}` };
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!Number.isInteger(weight) || weight < 1 || weight > 100) return { ok: false, message: `--policy ${name}: the weight must be a whole number from 1 to 100` };
    const plugins = [...DEFAULT_PROFILE.plugins.filter((p) => p.name !== plugin), { name: plugin, weight }];
    return { ok: true, policy: { label: name, policy: 'kube-scheduler', platform: 'eks', ecsPlacement: placement(), profile: { ...DEFAULT_PROFILE, plugins } } };
  }
  if (registry.policies.has(name)) {
    const eks = name.startsWith('kube');
    return { ok: true, policy: { label: name, policy: name, platform: eks ? 'eks' : 'ecs', ecsPlacement: placement(), profile: DEFAULT_PROFILE } };
  }
  const known = [...Object.keys(SHORTHANDS), ...registry.policies.keys()];
  return {
    ok: false,
    message: `--policy ${name}: not a policy; use ${Object.keys(SHORTHANDS).join(', ')}, ecs:<strategy type>[:<field>], kube-default+<plugin>[=<weight>] or a registered policy (${[...registry.policies.keys()].join(', ')})${didYouMean(name, known)}`,
  };
}
