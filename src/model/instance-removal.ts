import type { Platform } from './simulation-spec.js';
import type { ScaleInDrainParams } from './params/scale-in-drain.js';

/**
 * How Auto Scaling removes an instance it chose itself (a scale-in of the group's desired
 * capacity, or AZRebalance): drained only where AWS drains it.
 * - `terminate`: terminated at once; its tasks or pods die with it.
 * - `drain`: drained first (ECS DRAINING, or cordon and evict with PodDisruptionBudgets
 *   respected), terminated once empty, or after `forceAfterMs` with whatever still runs on it.
 */
export type InstanceRemoval = { readonly kind: 'terminate' } | { readonly kind: 'drain'; readonly forceAfterMs: number };

/** What decides a group's removal rule. */
export interface GroupRemovalFacts {
  readonly platform: Platform;
  /** EKS: an EKS managed node group (false: self-managed, and every ECS group). */
  readonly managedNodeGroup: boolean;
  /** ECS: `managedDraining` of the capacity provider backed by the group; null: no capacity provider. */
  readonly managedDraining: boolean | null;
}

export const TERMINATE_AT_ONCE: InstanceRemoval = Object.freeze({ kind: 'terminate' });

/**
 * The rule for one group (docs/models.md, "Scale-in and draining"):
 * - ECS, plain Auto Scaling group (no capacity provider), or a capacity provider with
 *   managedDraining DISABLED: terminated at once ("Amazon EC2 instances can be scaled-in or
 *   terminated at any time, even if they are running Amazon ECS tasks. Amazon ECS will launch
 *   replacement service tasks after they stop": ECS developer guide, "Safely stop Amazon ECS
 *   workloads running on EC2 instances", the managed termination / managed draining table).
 * - ECS capacity provider with managedDraining ENABLED (the default): ECS's lifecycle hook drains
 *   the instance before Auto Scaling terminates it, for up to `ecsManagedDrainingMaxMs`.
 * - EKS managed node group: EKS's lifecycle hook drains the node, for up to
 *   `eksManagedNodeGroupDrainMs` ("Delete a managed node group from your cluster").
 * - EKS self-managed node group: nothing drains it (without a lifecycle hook or the AWS Node
 *   Termination Handler, which fleetsim does not model): terminated at once.
 * Managed termination protection (which instances may be chosen) is decided apart from this.
 */
export function instanceRemoval(facts: GroupRemovalFacts, params: ScaleInDrainParams): InstanceRemoval {
  if (facts.platform === 'eks') return facts.managedNodeGroup ? { kind: 'drain', forceAfterMs: params.eksManagedNodeGroupDrainMs } : TERMINATE_AT_ONCE;
  return facts.managedDraining === true ? { kind: 'drain', forceAfterMs: params.ecsManagedDrainingMaxMs } : TERMINATE_AT_ONCE;
}
