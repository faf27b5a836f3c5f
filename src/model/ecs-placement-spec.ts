/**
 * ECS task placement strategies and constraints of a service, as data (the `placementStrategy`
 * and `placementConstraints` of CreateService). Field names and values follow the ECS API
 * reference (PlacementStrategy, PlacementConstraint); the behaviour lives in src/policy/ecs.
 */

/**
 * One placement strategy (API reference "PlacementStrategy"):
 * - `binpack` on `cpu` or `memory`: the instances with the least remaining amount of that
 *   resource (but still enough for the task) win.
 * - `spread` on `instanceId` (or `host`, which has the same effect) or on an attribute written
 *   `attribute:<name>`, e.g. `attribute:ecs.availability-zone`: the instances whose value carries
 *   the fewest tasks of the service win.
 * - `random`: any candidate, uniformly.
 */
export type EcsPlacementStrategy =
  | { readonly type: 'binpack'; readonly field: 'cpu' | 'memory' }
  | { readonly type: 'spread'; readonly field: string }
  | { readonly type: 'random' }
  /** A strategy type a loaded plugin registers (src/policy/placement-plugin.ts), with its own field if any. */
  | { readonly type: string; readonly field?: string };

/**
 * One placement constraint (API reference "PlacementConstraint"): `distinctInstance` puts each
 * task of the group on a different container instance; `memberOf` admits only the instances a
 * cluster query language expression selects.
 */
export type EcsPlacementConstraint = { readonly type: 'distinctInstance' } | { readonly type: 'memberOf'; readonly expression: string };

/** Strategies are applied in order, each passing its ties to the next; constraints all bind. */
export interface EcsPlacementSpec {
  readonly strategies: readonly EcsPlacementStrategy[];
  readonly constraints: readonly EcsPlacementConstraint[];
}

/** CreateService: "You can specify a maximum of 5 strategy rules for each service." */
export const MAX_PLACEMENT_STRATEGIES = 5;

/** CreateService: "You can specify a maximum of 10 constraints for each task." */
export const MAX_PLACEMENT_CONSTRAINTS = 10;

/**
 * What a service gets when it names no strategy. The Developer Guide ("Use strategies to define
 * Amazon ECS task placement") says service tasks default to `spread` on
 * `attribute:ecs.availability-zone`, and the service scheduler's placement logic ("Update Amazon
 * ECS service parameters") then places the task in the optimal zone "favoring container instances
 * with the fewest number of running tasks for this service", which is `spread` on `instanceId`
 * within the zone. No constraint is the default ("There isn't a default task placement
 * constraint for tasks in services").
 */
export const DEFAULT_SERVICE_PLACEMENT: EcsPlacementSpec = Object.freeze({
  strategies: Object.freeze([
    Object.freeze({ type: 'spread', field: 'attribute:ecs.availability-zone' } as const),
    Object.freeze({ type: 'spread', field: 'instanceId' } as const),
  ]),
  constraints: Object.freeze([]),
});
