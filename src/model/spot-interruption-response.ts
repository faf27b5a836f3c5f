import type { Platform } from './simulation-spec.js';

/**
 * Who drains a Spot instance of an Auto Scaling group (ECS) or node group (EKS) in the two
 * minutes between EC2's interruption notice and the interruption; null: nobody, its tasks or
 * pods run until the instance is gone (docs/models.md, "Spot interruptions").
 */
export type SpotDrainer = 'ecs-agent' | 'eks-managed-node-group' | 'node-termination-handler';

/** What decides a group's response to a Spot interruption notice. */
export interface SpotResponseFacts {
  readonly platform: Platform;
  /** EKS: an EKS managed node group (false: self-managed, and every ECS group). */
  readonly managedNodeGroup: boolean;
  /** ECS: the agent's `ECS_ENABLE_SPOT_INSTANCE_DRAINING` on the group's instances (default false). */
  readonly spotInstanceDraining: boolean;
  /** EKS self-managed: the AWS Node Termination Handler runs on the cluster (default false). */
  readonly nodeTerminationHandler: boolean;
}

/**
 * The rule for one group:
 * - ECS: only with Spot Instance draining turned on in the agent's configuration does ECS set the
 *   container instance DRAINING on the notice ("Spot Instance draining is turned off by
 *   default": ECS developer guide, "Configuring Amazon ECS Linux container instances to receive
 *   Spot Instance notices"); the service scheduler then replaces its tasks elsewhere.
 * - EKS managed node group: EKS drains the Spot node when the interruption notice arrives (EKS
 *   user guide, "Managed node groups", capacity types: "If a Spot two-minute interruption notice
 *   arrives before the replacement Spot node is in a Ready state, Amazon EKS starts draining the
 *   Spot node").
 * - EKS self-managed node group: nothing drains it unless the AWS Node Termination Handler runs
 *   (aws/aws-node-termination-handler: it cordons and drains on the Spot interruption notice).
 */
export function spotDrainer(facts: SpotResponseFacts): SpotDrainer | null {
  if (facts.platform === 'ecs') return facts.spotInstanceDraining ? 'ecs-agent' : null;
  if (facts.managedNodeGroup) return 'eks-managed-node-group';
  return facts.nodeTerminationHandler ? 'node-termination-handler' : null;
}

/** How a group answers EC2's Spot interruption notice: who drains, and whether it launches the replacement at once. */
export interface SpotResponse {
  readonly drainer: SpotDrainer | null;
  /**
   * The group launches the instance's replacement at the notice rather than after the
   * interruption: an EKS managed node group, whose Auto Scaling group EKS opts in to Capacity
   * Rebalancing (EKS user guide, "Managed node groups", capacity types), replaces a Spot node on
   * its rebalance recommendation, which EC2 sends at the latest with the interruption notice
   * ("Amazon EC2 always gives both an EC2 instance rebalance recommendation and a Spot two-minute
   * instance interruption notice": Auto Scaling User Guide, "Capacity Rebalancing in Auto Scaling
   * to replace at-risk Spot Instances"). Other groups replace it once it is interrupted (a
   * group's own `CapacityRebalance` is not modelled).
   */
  readonly replaceAtNotice: boolean;
}

/** The group's answer to a notice (docs/models.md, "Spot interruptions"). */
export function spotResponse(facts: SpotResponseFacts): SpotResponse {
  return { drainer: spotDrainer(facts), replaceAtNotice: facts.platform === 'eks' && facts.managedNodeGroup };
}
