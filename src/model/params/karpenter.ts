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
}

export const KARPENTER_TIMING: KarpenterTimingParams = {
  unavailableOfferingsTtlMs: 180_000,
  disruptionPollMs: 10_000,
};
