import { VCPU_CLASS_NAMES } from '../../model/ec2-vcpu-class.js';
import type { DrainReason, HostEvent, HostFailureReason, HostLaunchFailure, KarpenterDisruptionReason, RemovalDrain, TerminationReason } from '../../model/events/host.js';
import { formatIp } from '../../model/network/cidr.js';
import type { SpotDrainer } from '../../model/spot-interruption-response.js';
import { assertNever, type Wording } from './wording.js';

export const HOST_WORDING: Wording<HostEvent> = {
  'host.launched': {
    entity: (e) => e.host,
    text: (e) => {
      const where = e.subnet === null || e.ip === null ? e.az : `${e.az}, ${e.subnet} ${formatIp(e.ip)}`;
      return `${e.instanceType}${e.capacityType === 'spot' ? ', spot' : ''} in ${where} (${e.nodePool === null ? 'group' : 'NodePool'} ${e.group})`;
    },
  },
  'host.launch-failed': {
    entity: (e) => e.group,
    text: (e) => `${e.instanceType} in ${e.az}: ${describeLaunchFailure(e.reason, e.instanceType)}`,
  },
  'host.registered': {
    entity: (e) => e.host,
    text: (e) => `ACTIVE with ${e.cpu / 1000} CPU units and ${e.memoryMiB} MiB registered`,
  },
  'host.spot-interruption-notice': {
    entity: (e) => e.host,
    text: (e) => `EC2 Spot Instance Interruption Warning (group ${e.group}): terminate at ${e.interruptAt / 1000}s; ${e.drainer === null ? 'nothing drains the instance' : SPOT_DRAINER[e.drainer]}`,
  },
  'host.draining': { entity: (e) => e.host, text: (e) => describeDrainReason(e.reason) },
  'host.failed': { entity: (e) => e.host, text: (e) => describeHostFailure(e.reason) },
  'host.terminated': { entity: (e) => e.host, text: (e) => describeTermination(e.reason) },
  'node.tainted': { entity: (e) => e.host, text: (e) => `${e.key}:${e.effect}: NodeNotReady: Kubelet stopped posting node status` },
  'node.untainted': { entity: (e) => e.host, text: (e) => `${e.key}: NodeReady: kubelet is posting ready status` },
  'node.partitioned': { entity: (e) => e.host, text: () => 'kubelet lost contact with the API server (network partition; the instance keeps running)' },
  'node.reconnected': { entity: (e) => e.host, text: () => 'kubelet reaches the API server again; node Ready' },
  'image.pull-started': { entity: (e) => e.host, text: (e) => `${e.image} (done in ${e.durationMs} ms)` },
  'image.pulled': { entity: (e) => e.host, text: (e) => e.image },
};

/** Why an instance could not launch: EC2's error, or fleetsim's host limit. */
export function describeLaunchFailure(r: HostLaunchFailure, instanceType = 'the instance type'): string {
  switch (r.code) {
    case 'NO_FREE_ADDRESS':
      return `InsufficientFreeAddressesInSubnet (no subnet in ${r.az} has a free address)`;
    case 'INSUFFICIENT_INSTANCE_CAPACITY':
      // EC2's message for the error code, naming the type and the AZ as EC2's does.
      return `InsufficientInstanceCapacity: We currently do not have sufficient ${instanceType} capacity in the Availability Zone you requested (${r.az}).`;
    case 'REQUEST_LIMIT_EXCEEDED':
      return describeRequestLimit(r);
    case 'VCPU_LIMIT_EXCEEDED':
      return describeVcpuLimit(r);
    case 'HOST_LIMIT':
      return `fleetsim's host limit: the run has ${r.limit.toLocaleString('en-US')} hosts (--max-hosts raises it; docs/limits.md)`;
    default:
      return assertNever(r);
  }
}

/**
 * EC2's RequestLimitExceeded as Karpenter logs it ("Request limit exceeded. Account ... has been
 * throttled on ec2:CreateFleet because it exceeded its request rate limit."), naming the bucket.
 */
export function describeRequestLimit(r: Extract<HostLaunchFailure, { code: 'REQUEST_LIMIT_EXCEEDED' }>): string {
  const what = r.bucket === 'resource' ? `its resource rate limit (instances launched: ${formatRate(r.burst, r.perSecond)})` : `its request rate limit (${r.action} calls: ${formatRate(r.burst, r.perSecond)})`;
  return `RequestLimitExceeded: Request limit exceeded. Account has been throttled on ec2:${r.action} because it exceeded ${what}.`;
}

/** EC2's VcpuLimitExceeded message, with the quota's class and capacity type. */
export function describeVcpuLimit(r: Extract<HostLaunchFailure, { code: 'VCPU_LIMIT_EXCEEDED' }>): string {
  const quota = r.capacityType === 'spot' ? `All ${VCPU_CLASS_NAMES[r.vcpuClass]} Spot Instance Requests` : `Running On-Demand ${VCPU_CLASS_NAMES[r.vcpuClass]} instances`;
  return `VcpuLimitExceeded: You have requested more vCPU capacity than your current vCPU limit of ${r.limit.toLocaleString('en-US')} allows for the instance bucket that the specified instance type belongs to (${quota}).`;
}

function formatRate(burst: number, perSecond: number): string {
  return `bucket ${burst.toLocaleString('en-US')}, ${perSecond.toLocaleString('en-US')} a second`;
}

/** Why an instance is drained, as the controller that drains it says. */
export function describeDrainReason(r: DrainReason): string {
  switch (r.code) {
    case 'ASG_SCALE_IN':
      return `Auto Scaling group ${r.group} scales in`;
    case 'AZ_REBALANCE':
      return `Auto Scaling group ${r.group}: AZRebalance moves an instance to the AZ with the fewest`;
    case 'SPOT_INTERRUPTION_WARNING':
      return 'Karpenter: spot interruption warning';
    case 'SPOT_INTERRUPTION_NOTICE':
      return `EC2 Spot Instance Interruption Warning (group ${r.group}): ${SPOT_DRAINER[r.drainer]}`;
    case 'KARPENTER_DISRUPTION':
      return `Karpenter: ${describeKarpenterDisruption(r.disruption)}`;
    case 'CLUSTER_AUTOSCALER_SCALE_DOWN':
      return `Cluster Autoscaler scales down node group ${r.group}`;
    default:
      return assertNever(r);
  }
}

/** Why Karpenter disrupts a node, as its disruption controller logs it. */
export function describeKarpenterDisruption(r: KarpenterDisruptionReason): string {
  switch (r.code) {
    case 'REPLACED_BY_CHEAPER_NODE':
      return 'replaced by a cheaper node';
    case 'EXPIRED':
      return 'expired (expireAfter)';
    case 'CONSOLIDATION':
      return `consolidation (${r.reason}, ${r.method}); saves $${r.savingsPerHour.toFixed(4)}/h`;
    default:
      return assertNever(r);
  }
}

function describeHostFailure(r: HostFailureReason): string {
  return r.code === 'AZ_OUTAGE' ? `Availability Zone ${r.az} outage` : 'instance failure (scenario fault)';
}

/** Why an instance was terminated. */
export function describeTermination(r: TerminationReason): string {
  switch (r.code) {
    case 'ASG_SCALE_IN':
      return `Auto Scaling group ${r.group} terminated the instance${REMOVAL_DRAIN[r.drain]}`;
    case 'AZ_REBALANCE':
      return `Auto Scaling group ${r.group} terminated the instance to rebalance its Availability Zones (AZRebalance)${REMOVAL_DRAIN[r.drain]}`;
    case 'ASG_STATUS_CHECK_REPLACEMENT':
      return 'Auto Scaling replaced an instance that failed its EC2 status checks';
    case 'KARPENTER_DRAINED':
      return 'Karpenter terminated the drained node';
    case 'SPOT_RECLAIMED':
      return 'EC2 reclaimed the spot instance';
    case 'CLUSTER_AUTOSCALER_SCALE_DOWN':
      return `Cluster Autoscaler terminated the drained node (node group ${r.group})`;
    case 'NODE_PROVISION_TIMEOUT':
      return `Cluster Autoscaler removed a node of ${r.group} that did not register within max-node-provision-time`;
    case 'KARPENTER_REGISTRATION_TTL':
      return `Karpenter deleted the NodeClaim (NodePool ${r.nodePool}): its node did not register within the registration TTL`;
    default:
      return assertNever(r);
  }
}

/** What a scale-in's termination adds about its drain (nothing for a drain that emptied the instance). */
const REMOVAL_DRAIN: Readonly<Record<RemovalDrain, string>> = {
  emptied: '',
  forced: ' after its drain ran out of time, with the tasks still on it',
  none: ' without draining it, with its tasks',
};

/** Who drains an instance under a Spot interruption notice, as its documentation says it. */
const SPOT_DRAINER: Readonly<Record<SpotDrainer, string>> = {
  'ecs-agent': 'ECS sets the container instance to DRAINING (ECS_ENABLE_SPOT_INSTANCE_DRAINING)',
  'eks-managed-node-group': 'Amazon EKS cordons and drains the Spot node',
  'node-termination-handler': 'AWS Node Termination Handler cordons and drains the node',
};
