/**
 * How many pods the Amazon VPC CNI lets kubelet run on an EKS node (the kubelet `maxPods`).
 *
 * The rules reproduce two published AWS artefacts (facts only, no code carried over):
 * - amazon-eks-ami `eni-max-pods.txt`, the default for AL2 nodes: in secondary-IP mode each ENI
 *   on the default network card gives pods every address but its own primary one, plus 2 pods
 *   that use host networking (aws-node and kube-proxy): `ENIs x (IPv4 per ENI - 1) + 2`, no cap.
 * - amazon-eks-ami `max-pods-calculator.sh`, which AWS recommends for custom networking and
 *   prefix delegation. With custom networking the primary ENI stays on the node's subnet and
 *   carries no pods, so one ENI fewer counts. With prefix delegation every secondary address
 *   slot holds a /28 prefix of 16 addresses: `ENIs x ((IPv4 per ENI - 1) x 16) + 2`. The script's
 *   recommended value is then capped at 110 pods for instances with 30 or fewer vCPUs and at
 *   250 above that (it tests `vCPUs > 30`, so exactly 30 vCPUs still gets 110).
 */
import type { InstanceType } from '../catalog/instance-type.js';

/** Addresses in the /28 prefix that prefix delegation puts in each secondary-address slot. */
export const IPS_PER_PREFIX = 16;
/** aws-node and kube-proxy run with host networking and so need no pod address. */
export const HOST_NETWORK_PODS = 2;
/** The calculator's ceiling for instances with at most {@link CEILING_VCPU_THRESHOLD} vCPUs. */
export const LOW_VCPU_MAX_PODS_CEILING = 110;
/** The calculator's ceiling above {@link CEILING_VCPU_THRESHOLD} vCPUs. */
export const HIGH_VCPU_MAX_PODS_CEILING = 250;
/** The calculator gives the high ceiling only when vCPUs exceed this. */
export const CEILING_VCPU_THRESHOLD = 30;

/**
 * EKS managed node groups (without a custom AMI) enforce a maximum on the kubelet's maxPods: 110
 * for instances with fewer than 30 vCPUs and 250 for all others, "regardless of whether prefix
 * delegation is enabled or not" (Amazon EKS User Guide, "Create a managed node group"). Note the
 * boundary differs from the calculator's: the guide gives 250 at exactly 30 vCPUs, the calculator
 * 110, so a 30-vCPU type under prefix delegation still gets the calculator's 110.
 */
export const MANAGED_NODE_GROUP_VCPU_THRESHOLD = 30;

/** The managed node group's maxPods ceiling for an instance with this many vCPUs. */
export function managedNodeGroupMaxPodsCeiling(vcpu: number): number {
  return vcpu < MANAGED_NODE_GROUP_VCPU_THRESHOLD ? LOW_VCPU_MAX_PODS_CEILING : HIGH_VCPU_MAX_PODS_CEILING;
}

export interface MaxPodsOptions {
  /** VPC CNI `ENABLE_PREFIX_DELEGATION=true`. */
  readonly prefixDelegation?: boolean;
  /** VPC CNI custom networking (`AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true`). */
  readonly customNetworking?: boolean;
  /** An operator-set ceiling (a `maxPods` override); applied last, only ever lowers the result. */
  readonly cniMaxPodsCap?: number;
  /** The node is in an EKS managed node group: {@link managedNodeGroupMaxPodsCeiling} applies. */
  readonly managedNodeGroup?: boolean;
  /**
   * A trunk ENI is attached (security groups for pods on a trunking-capable type): it takes one
   * of the node's ENI slots and carries no pod addresses, so one ENI fewer counts.
   */
  readonly trunkEni?: boolean;
}

/** ENIs whose secondary slots hold pod addresses: custom networking leaves the primary ENI out, a trunk ENI one more. */
function podEnis(type: InstanceType, customNetworking: boolean, trunkEni = false): number {
  return Math.max(0, type.maxEnis - (customNetworking ? 1 : 0) - (trunkEni ? 1 : 0));
}

/**
 * Secondary-IP mode: `ENIs x (IPv4 per ENI - 1) + 2`. Without custom networking this is exactly
 * the eni-max-pods.txt figure (c5.large 29, c5.18xlarge 737); with it, one ENI fewer (c5.large 20).
 */
export function secondaryIpModeMaxPods(type: InstanceType, opts: { customNetworking?: boolean; trunkEni?: boolean } = {}): number {
  return podEnis(type, opts.customNetworking ?? false, opts.trunkEni) * (type.ipv4PerEni - 1) + HOST_NETWORK_PODS;
}

/**
 * Prefix-delegation capacity before any ceiling (what the calculator prints with
 * `--show-max-allowed` on a Nitro type): `ENIs x ((IPv4 per ENI - 1) x 16) + 2`.
 * Ignores `type.nitro`; {@link maxPods} handles the non-Nitro fallback.
 */
export function prefixDelegationMaxPods(type: InstanceType, opts: { customNetworking?: boolean; trunkEni?: boolean } = {}): number {
  return podEnis(type, opts.customNetworking ?? false, opts.trunkEni) * ((type.ipv4PerEni - 1) * IPS_PER_PREFIX) + HOST_NETWORK_PODS;
}

/** The calculator's recommended ceiling for an instance with this many vCPUs. */
export function maxPodsCeiling(vcpu: number): number {
  return vcpu > CEILING_VCPU_THRESHOLD ? HIGH_VCPU_MAX_PODS_CEILING : LOW_VCPU_MAX_PODS_CEILING;
}

/**
 * What `max-pods-calculator.sh` prints (its recommended value) for this type and CNI mode.
 *
 * The script applies its vCPU ceiling in secondary-IP mode too, so its answer can be below
 * eni-max-pods.txt (c5.4xlarge: 110 against 234); use {@link maxPods} for the AMI default.
 * Prefix delegation needs Nitro: on other types the script falls back to the secondary-IP
 * formula, still under the ceiling.
 */
export function calculatorRecommendedMaxPods(
  type: InstanceType,
  opts: { prefixDelegation?: boolean; customNetworking?: boolean; trunkEni?: boolean } = {},
): number {
  const mode = { customNetworking: opts.customNetworking ?? false, trunkEni: opts.trunkEni ?? false };
  const uncapped =
    opts.prefixDelegation === true && type.nitro ? prefixDelegationMaxPods(type, mode) : secondaryIpModeMaxPods(type, mode);
  return Math.min(uncapped, maxPodsCeiling(type.vcpu));
}

/**
 * The kubelet max-pods value a node of this type gets.
 *
 * - Default (secondary-IP mode): the AMI's eni-max-pods.txt figure, uncapped; with
 *   `customNetworking`, the primary ENI is not counted.
 * - `prefixDelegation`: the calculator's recommendation, so capped at 110 (30 or fewer vCPUs)
 *   or 250. Prefix delegation requires a Nitro instance; on a non-Nitro type (P3 here) the node
 *   falls back to the secondary-IP figure, under the same ceiling, exactly as the script does.
 *   Note the script detects Nitro from the EC2 `Hypervisor` field, which is empty for most bare
 *   metal types, so it also takes the fallback on them; every metal size in the catalog has more
 *   than 30 vCPUs and at least 250 secondary-IP pods, so the result (250) is the same either way.
 * - `managedNodeGroup`: the managed node group's ceiling (110 below 30 vCPUs, else 250) on top,
 *   in either mode: a c5.4xlarge (16 vCPUs) gets 110, not eni-max-pods.txt's 234.
 * - `trunkEni` (security groups for pods): one ENI fewer carries pod addresses, as with custom
 *   networking (a c5.large: 20 instead of 29).
 * - `cniMaxPodsCap`: applied last as an upper bound.
 */
export function maxPods(type: InstanceType, opts: MaxPodsOptions = {}): number {
  const customNetworking = opts.customNetworking ?? false;
  const trunkEni = opts.trunkEni ?? false;
  let pods = opts.prefixDelegation
    ? calculatorRecommendedMaxPods(type, { prefixDelegation: true, customNetworking, trunkEni })
    : secondaryIpModeMaxPods(type, { customNetworking, trunkEni });
  if (opts.managedNodeGroup === true) pods = Math.min(pods, managedNodeGroupMaxPodsCeiling(type.vcpu));
  if (opts.cniMaxPodsCap !== undefined) {
    if (!Number.isInteger(opts.cniMaxPodsCap) || opts.cniMaxPodsCap < 1) {
      throw new RangeError(`cniMaxPodsCap must be a positive integer, got ${opts.cniMaxPodsCap}`);
    }
    pods = Math.min(pods, opts.cniMaxPodsCap);
  }
  return pods;
}

/**
 * The max pods Karpenter gives the nodes it launches (aws/karpenter-provider-aws, instancetype
 * `pods` and `ENILimitedPods`; facts only): the NodeClass's `kubelet.maxPods` when set, else the
 * ENI-limited figure `ENIs x (IPv4 per ENI - 1) + 2` of the default network card, for every AMI
 * family that supports it (AL2, AL2023, Bottlerocket). Karpenter has no prefix-delegation branch:
 * with ENABLE_PREFIX_DELEGATION a c5.large still gets 29 pods, not the calculator's 110, unless
 * `kubelet.maxPods` says otherwise (Karpenter passes the figure to the node's kubelet, so the node
 * runs what Karpenter planned for). Nor does it count managed node groups' caps.
 *
 * One departure, stated in docs/network.md: Karpenter subtracts only its `RESERVED_ENIS` setting
 * (default 0) from the ENIs, so with security groups for pods (a trunk ENI) its figure is one ENI
 * above what ipamd can address, and the surplus pods wait for an address. fleetsim keeps
 * `trunkEni` lowering the figure, as for node groups, so such nodes are not over-filled.
 */
export function karpenterMaxPods(type: InstanceType, opts: { readonly kubeletMaxPods?: number; readonly trunkEni?: boolean } = {}): number {
  return opts.kubeletMaxPods ?? secondaryIpModeMaxPods(type, { trunkEni: opts.trunkEni ?? false });
}
