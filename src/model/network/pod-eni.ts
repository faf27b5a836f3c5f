/**
 * Security groups for pods (VPC CNI `ENABLE_POD_ENI`; Amazon EKS User Guide, "Security groups
 * for Pods"): the VPC resource controller attaches a trunk ENI to each node of a type it lists as
 * trunking-capable and advertises the type's branch ENIs as the node's extended resource
 * `vpc.amazonaws.com/pod-eni` (its limits table, the catalog's `branchEniLimit`). A pod that a
 * SecurityGroupPolicy selects gets `vpc.amazonaws.com/pod-eni: 1` in its requests and limits from
 * the controller's webhook, so kube-scheduler places it only on a node with a free branch ENI
 * ("Insufficient vpc.amazonaws.com/pod-eni"); its address is the branch ENI's own, from the
 * node's subnet, not from ipamd's pool. The trunk ENI takes one of the node's ENI slots and
 * carries no pod addresses (amazon-vpc-cni-k8s #2801), so ipamd and max pods count one ENI fewer.
 */
import type { InstanceType } from '../catalog/instance-type.js';
import type { CniSettings } from './cni-settings.js';

/** A trunk ENI is attached to nodes of this type: ENABLE_POD_ENI is on and the type supports trunking. */
export function hasTrunkEni(type: InstanceType, cni: CniSettings): boolean {
  return cni.podEni && type.trunkingCompatible === true;
}

/** The branch ENIs (`vpc.amazonaws.com/pod-eni`) a node of the type offers: 0 without a trunk. */
export function branchEnis(type: InstanceType, cni: CniSettings): number {
  return hasTrunkEni(type, cni) ? (type.branchEniLimit ?? 0) : 0;
}

/** The ENIs ipamd may attach for pod addresses: the type's, less the trunk's slot. */
export function ipamdEniLimit(type: InstanceType, cni: CniSettings): number {
  return type.maxEnis - (hasTrunkEni(type, cni) ? 1 : 0);
}
