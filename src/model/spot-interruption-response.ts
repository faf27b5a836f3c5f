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
