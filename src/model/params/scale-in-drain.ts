/**
 * How long an instance Auto Scaling chose to terminate (scale-in, AZRebalance) is drained before
 * it is terminated with whatever still runs on it (docs/models.md, "Scale-in and draining";
 * src/model/instance-removal.ts says which groups drain at all).
 */
export interface ScaleInDrainParams {
  /**
   * ECS capacity provider with managed instance draining: the container instance "remains in the
   * DRAINING state until either all tasks are stopped or 48 hours has passed" (ECS developer
   * guide, "Safely stop Amazon ECS workloads running on EC2 instances", "Tasks and managed
   * instance draining"); then the termination goes ahead.
   */
  readonly ecsManagedDrainingMaxMs: number;
  /**
   * EKS managed node group: before each instance is terminated EKS drains the node (evictions,
   * which respect PodDisruptionBudgets); "If the node hasn't been drained after 5 minutes, Amazon
   * EKS lets Auto Scaling continue the forced termination of the instance" (EKS user guide,
   * "Delete a managed node group from your cluster", which scales the group in to zero). The
   * same page's drain applies to every scale-in of the group; the 15 minutes of "Managed node
   * update behavior" bound an update's drain, which fleetsim does not model.
   */
  readonly eksManagedNodeGroupDrainMs: number;
}

export const SCALE_IN_DRAIN: ScaleInDrainParams = {
  ecsManagedDrainingMaxMs: 48 * 3_600_000,
  eksManagedNodeGroupDrainMs: 5 * 60_000,
};
