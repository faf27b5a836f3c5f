/**
 * Karpenter (AWS provider) timing fleetsim models beyond the NodePool's batch durations
 * (docs/models.md, "AZ impairment").
 */
export interface KarpenterTimingParams {
  /**
   * How long an offering (instance type, capacity type, zone) that EC2 refused with
   * InsufficientInstanceCapacity stays out of launches: aws/karpenter-provider-aws pkg/cache
   * `UnavailableOfferingsTTL = 3 * time.Minute`.
   */
  readonly unavailableOfferingsTtlMs: number;
  /**
   * How often the disruption controller looks for a consolidation, expiry or drift action:
   * kubernetes-sigs/karpenter pkg/controllers/disruption/controller.go `pollingPeriod =
   * 10 * time.Second` (its Reconcile requeues after that period).
   */
  readonly disruptionPollMs: number;
  /**
   * How long a launched NodeClaim may go without its node registering before Karpenter deletes it
   * (and terminates the instance) and provisions its pods again: kubernetes-sigs/karpenter
   * pkg/controllers/nodeclaim/lifecycle/liveness.go `registrationTTL = time.Minute * 15`
   * ("a heuristic time that we expect the node to register within").
   */
  readonly registrationTtlMs: number;
}

export const KARPENTER_TIMING: KarpenterTimingParams = {
  unavailableOfferingsTtlMs: 180_000,
  disruptionPollMs: 10_000,
  registrationTtlMs: 900_000,
};
