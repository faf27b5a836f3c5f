import type { EcsPlacementStrategy } from '../../model/ecs-placement-spec.js';
import type { Host } from '../../model/host.js';
import type { PlacementRequest } from '../placement-policy.js';

/**
 * A compiled ECS placement strategy: how it ranks candidate instances. Lower keys win and ties
 * pass to the next strategy. Every strategy takes one of four shapes, and the placement engine
 * keeps one kind of index per shape, so a new strategy of an existing shape is one module plus
 * one line in `STRATEGY_FACTORIES` (strategy-registry.ts):
 *
 * - `partition`: instances are grouped by a static value (an attribute); an instance's key is
 *   the number of the task group's tasks on all instances sharing its value (spread on an
 *   attribute). The engine splits hosts into cells by these values.
 * - `host-key`: the key is a number of the instance alone that changes only when tasks are
 *   placed or stopped on it (binpack: remaining CPU or memory). The engine keeps instances
 *   sorted by it.
 * - `group-count`: the key is the number of the task group's tasks on the instance itself
 *   (spread on instanceId). The engine keeps per-group counts in a tree.
 * - `random`: a uniform choice among the candidates still tied; it ends the chain.
 */
export type StrategyRule = PartitionRule | HostKeyRule | GroupCountRule | RandomRule;

interface RuleBase {
  /** How messages and reports name it, e.g. `spread(attribute:ecs.availability-zone)`. */
  readonly label: string;
}

export interface PartitionRule extends RuleBase {
  readonly kind: 'partition';
  /** The attribute whose values group the instances. */
  readonly attribute: string;
}

export interface HostKeyRule extends RuleBase {
  readonly kind: 'host-key';
  /** Names the key for sharing one index between strategies that rank alike (`cpu`, `memory`). */
  readonly keyName: string;
  /** The key: an integer in [0, 2^31). Must depend only on the host's own state. */
  keyOf(host: Host): number;
  /** Keys below this cannot take the request (binpack: the amount it asks for). */
  minUsefulKey(request: PlacementRequest): number;
  /**
   * A second number of the host that must reach `minUsefulAux(request)` for it to fit (binpack
   * on memory: the remaining CPU), so scans skip hosts that lack it without testing them.
   * Changes under the same conditions as the key.
   */
  auxOf(host: Host): number;
  minUsefulAux(request: PlacementRequest): number;
}

export interface GroupCountRule extends RuleBase {
  readonly kind: 'group-count';
}

export interface RandomRule extends RuleBase {
  readonly kind: 'random';
}

export type StrategyCompileResult = { readonly ok: true; readonly rule: StrategyRule } | { readonly ok: false; readonly message: string };

/** Validates one strategy's arguments and compiles it; a bad field is a message, not a throw. */
export type StrategyFactory = (strategy: EcsPlacementStrategy) => StrategyCompileResult;
