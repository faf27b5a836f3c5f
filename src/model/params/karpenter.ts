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
}

export const KARPENTER_TIMING: KarpenterTimingParams = {
  unavailableOfferingsTtlMs: 180_000,
};
