/**
 * Every placement behaviour a run may use, by name: ECS strategy types, kube-scheduler plugins
 * and whole placement policies. A registry is immutable; `with(plugin)` returns a new one with
 * the plugin's parts added. The built-ins come in through the same call (`PlacementRegistry.builtIn()`
 * is the empty registry with BUILT_IN_PLUGIN), a loaded plugin through `with(plugin, guard)`,
 * which wraps each of its parts in the checks of plugin-guard.ts.
 *
 * Scenarios name what they use (`placementStrategy: [{type}]`, `cluster.scheduler.plugins`) and
 * are checked against the registry of the run; they never load code themselves.
 */
import { didYouMean } from '../engine/did-you-mean.js';
import type { StrategyFactory } from './ecs/strategy-rule.js';
import type { PluginFactory } from './kube/registry.js';
import { BUILT_IN_PLUGIN, DEFAULT_POLICY } from './built-in-plugin.js';
import type { PlacementPlugin, PlacementPolicyContext, PlacementPolicyFactory } from './placement-plugin.js';
import type { PlacementPolicy } from './placement-policy.js';
import { guardKubePluginFactory, guardPolicyFactory, guardStrategyFactory, type GuardOptions } from './plugin-guard.js';

/** A plugin that cannot be registered: malformed, or a name already taken. Bad input, one line. */
export class PluginRegistrationError extends Error {
  override readonly name = 'PluginRegistrationError';
}

type Part = 'ecsStrategies' | 'kubePlugins' | 'policies';

const PART_NOUNS: Readonly<Record<Part, string>> = { ecsStrategies: 'ECS strategy type', kubePlugins: 'kube-scheduler plugin', policies: 'placement policy' };

export class PlacementRegistry {
  private constructor(
    /** ECS strategy type -> factory. */
    readonly ecsStrategies: ReadonlyMap<string, StrategyFactory>,
    /** kube-scheduler plugin name -> factory. */
    readonly kubePlugins: ReadonlyMap<string, PluginFactory>,
    /** Placement policy name -> factory. */
    readonly policies: ReadonlyMap<string, PlacementPolicyFactory>,
    /** The plugins registered, in order, and where each came from. */
    readonly plugins: readonly { readonly name: string; readonly source: string }[],
  ) {}

  /** A registry with nothing in it. */
  static empty(): PlacementRegistry {
    return new PlacementRegistry(new Map(), new Map(), new Map(), []);
  }

  /** fleetsim's built-ins (shared: a registry never changes). */
  static builtIn(): PlacementRegistry {
    return (builtIn ??= PlacementRegistry.empty().with(BUILT_IN_PLUGIN));
  }

  /**
   * A new registry with the plugin's parts added. With `guard`, each part is wrapped in the checks
   * of plugin-guard.ts (pass it for code from outside fleetsim); without, it is trusted as the
   * built-ins are. Throws PluginRegistrationError for a malformed plugin or a name taken already.
   */
  with(plugin: PlacementPlugin, guard?: GuardOptions): PlacementRegistry {
    const source = guard?.source ?? 'built in';
    if (plugin === null || typeof plugin !== 'object') throw new PluginRegistrationError(`${source}: a plugin module must export an object (default export or 'plugin')`);
    if (typeof plugin.name !== 'string' || plugin.name === '') throw new PluginRegistrationError(`${source}: the plugin needs a name (a non-empty string)`);
    const parts = (['ecsStrategies', 'kubePlugins', 'policies'] as const).filter((p) => plugin[p] !== undefined);
    if (parts.length === 0) throw new PluginRegistrationError(`plugin '${plugin.name}' (${source}) provides nothing: give ecsStrategies, kubePlugins or policies`);
    const add = <F>(part: Part, known: ReadonlyMap<string, F>, wrap: (name: string, f: F, g: GuardOptions) => F): Map<string, F> => {
      const out = new Map(known);
      const given = plugin[part] as Readonly<Record<string, F>> | undefined;
      if (given === undefined) return out;
      if (given === null || typeof given !== 'object') throw new PluginRegistrationError(`plugin '${plugin.name}' (${source}): ${part} must be an object of name -> factory`);
      for (const [name, factory] of Object.entries(given)) {
        if (typeof factory !== 'function') throw new PluginRegistrationError(`plugin '${plugin.name}' (${source}): ${part}.${name} must be a factory function`);
        if (out.has(name)) throw new PluginRegistrationError(`plugin '${plugin.name}' (${source}): ${PART_NOUNS[part]} '${name}' is registered already (by ${this.ownerOf(part, name)})`);
        out.set(name, guard === undefined ? factory : wrap(name, factory, guard));
      }
      return out;
    };
    const ecs = add('ecsStrategies', this.ecsStrategies, guardStrategyFactory);
    const kube = add('kubePlugins', this.kubePlugins, guardKubePluginFactory);
    const policies = add('policies', this.policies, guardPolicyFactory);
    const registry = new PlacementRegistry(ecs, kube, policies, [...this.plugins, { name: plugin.name, source }]);
    registry.owners = new Map(this.owners);
    for (const part of parts) for (const name of Object.keys(plugin[part] ?? {})) registry.owners.set(`${part}\u0000${name}`, plugin.name);
    return registry;
  }

  private owners = new Map<string, string>();

  private ownerOf(part: Part, name: string): string {
    return this.owners.get(`${part}\u0000${name}`) ?? 'another plugin';
  }

  /**
   * The policy a run uses: `name`, or the platform's default. Throws PluginRegistrationError for a
   * name nothing registered (with a "did you mean").
   */
  createPolicy(name: string | undefined, context: Omit<PlacementPolicyContext, 'ecsStrategies' | 'kubePlugins'>): PlacementPolicy {
    const chosen = name ?? DEFAULT_POLICY[context.platform];
    const factory = this.policies.get(chosen);
    if (factory === undefined) {
      throw new PluginRegistrationError(`placement policy '${chosen}' is not registered: use one of ${[...this.policies.keys()].join(', ')}${didYouMean(chosen, this.policies.keys())}`);
    }
    return factory({ ...context, ecsStrategies: this.ecsStrategies, kubePlugins: this.kubePlugins });
  }
}

let builtIn: PlacementRegistry | undefined;
