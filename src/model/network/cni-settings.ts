/**
 * Amazon VPC CNI (aws-node / ipamd) settings that decide how many ENIs and addresses a node
 * holds. Names and defaults from the amazon-vpc-cni-k8s README and docs/eni-and-ip-target.md.
 */
export interface CniSettings {
  /** ENABLE_PREFIX_DELEGATION: ENI slots hold /28 prefixes instead of single addresses. */
  readonly prefixDelegation: boolean;
  /** WARM_ENI_TARGET (default 1): keep "a full ENI" of free addresses. Ignored when an IP target is set. */
  readonly warmEniTarget: number;
  /** WARM_IP_TARGET: keep this many free addresses. Overrides WARM_ENI_TARGET. */
  readonly warmIpTarget: number | null;
  /** MINIMUM_IP_TARGET: the floor of addresses a node holds. Overrides WARM_ENI_TARGET. */
  readonly minimumIpTarget: number | null;
  /** WARM_PREFIX_TARGET (default 1, prefix mode): keep this many whole /28 prefixes free. */
  readonly warmPrefixTarget: number;
  /**
   * ENABLE_POD_ENI (security groups for pods): the VPC resource controller attaches a trunk ENI
   * to each trunking-capable node, which then offers branch ENIs (src/model/network/pod-eni.ts).
   */
  readonly podEni: boolean;
}

export const DEFAULT_CNI_SETTINGS: CniSettings = {
  prefixDelegation: false,
  warmEniTarget: 1,
  warmIpTarget: null,
  minimumIpTarget: null,
  warmPrefixTarget: 1,
  podEni: false,
};

/** True when ipamd sizes its pool by address counts (WARM_IP_TARGET / MINIMUM_IP_TARGET). */
export function usesIpTargets(s: CniSettings): boolean {
  return s.warmIpTarget !== null || s.minimumIpTarget !== null;
}
