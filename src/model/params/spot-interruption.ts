/**
 * EC2's Spot Instance interruption notice: "a warning that is issued two minutes before Amazon
 * EC2 stops or terminates your Spot Instance" (Amazon EC2 User Guide, "Spot Instance
 * interruption notices"); terminate is the interruption behavior of Spot Instances launched by
 * Auto Scaling groups, EKS node groups and Karpenter. fleetsim models no hibernation (no notice
 * ahead). Read by the Spot notices of Auto Scaling groups (src/controllers/infra/spot-notice.ts)
 * and Karpenter's interruption handling (src/controllers/karpenter/disruption.ts).
 */
export const SPOT_INTERRUPTION_NOTICE_MS = 120_000;
