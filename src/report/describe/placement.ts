import { EXTENDED_RESOURCE_NAMES } from '../../model/devices.js';
import type { EcsUnmetRequirement, PlacementFailure } from '../../model/reasons/placement.js';
import type { FilterReason, PreemptionMessage, ReasonCount } from '../../model/reasons/scheduling.js';
import { assertNever } from './wording.js';

/**
 * A placement failure in the scheduler's words: ECS's service event for `service`
 * (`(service web) was unable to place a task because ...`), or kube-scheduler's FitError
 * (`0/3 nodes are available: 1 Insufficient cpu, 2 Too many pods.`).
 */
export function describePlacementFailure(service: string, f: PlacementFailure): string {
  switch (f.code) {
    case 'NO_CONTAINER_INSTANCES':
      return `${unablePrefix(service)} Reason: No Container Instances were found in your cluster.`;
    case 'NO_INSTANCE_MET_REQUIREMENTS': {
      const what = f.unmet.length === 0 ? 'does not meet the requirements' : f.unmet.map(describeUnmetRequirement).join(' and ');
      return `${unablePrefix(service)} The closest matching (container-instance ${f.closest}) ${what}. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`;
    }
    case 'NO_NODES_AVAILABLE':
      return 'no nodes available to schedule pods';
    case 'FIT_ERROR':
      // FitError.Error(), then the PostFilter's message after a space (" preemption: ...").
      return `${nodesAvailable(f.nodes, f.reasons)}${f.preemption === undefined ? '' : ` preemption: ${describePreemption(f.preemption)}`}`;
    default:
      return assertNever(f);
  }
}

/**
 * `0/N nodes are available: <histogram>.`: each reason counted over the nodes that gave it, the
 * "<count> <reason>" strings sorted as strings (Go's sort.Strings, so "10 ..." sorts before "2 ...").
 */
function nodesAvailable(nodes: number, reasons: readonly ReasonCount[]): string {
  const counts = new Map<string, number>();
  for (const { reason, nodes: n } of reasons) {
    const text = describeFilterReason(reason);
    counts.set(text, (counts.get(text) ?? 0) + n);
  }
  // A PreFilter's rejection (VolumeBinding's unbound Immediate claims) is the whole message, without a count.
  const prefilter = reasons.find((r) => r.reason.code === 'UNBOUND_IMMEDIATE_CLAIMS');
  if (prefilter !== undefined) return `0/${nodes} nodes are available: ${describeFilterReason(prefilter.reason)}.`;
  const parts = [...counts].map(([text, n]) => `${n} ${text}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `0/${nodes} nodes are available: ${parts.join(', ')}.`;
}

/** DefaultPreemption's PostFilter message (without its "preemption: " prefix). */
export function describePreemption(p: PreemptionMessage): string {
  switch (p.code) {
    case 'NOT_ELIGIBLE':
      return p.why === 'PREEMPTION_POLICY_NEVER' ? 'not eligible due to preemptionPolicy=Never.' : 'not eligible due to a terminating pod on the nominated node.';
    case 'NO_CANDIDATES':
      return nodesAvailable(p.nodes, p.reasons);
    default:
      return assertNever(p);
  }
}

function unablePrefix(service: string): string {
  return `(service ${service}) was unable to place a task because no container instance met all of its requirements.`;
}

/** What the closest container instance lacks, in ECS's service-event words. */
export function describeUnmetRequirement(u: EcsUnmetRequirement): string {
  switch (u.code) {
    case 'CAPACITY_PROVIDER_GROUP':
      return `is not in the capacity provider's Auto Scaling group (${u.group})`;
    case 'CPU_ARCHITECTURE':
      return "does not match the task definition's cpuArchitecture";
    case 'INSUFFICIENT_CPU':
      return 'has insufficient CPU units available';
    case 'INSUFFICIENT_MEMORY':
      return 'has insufficient memory available';
    case 'RESOURCE_GPU':
      // RunTask's failure reason for too few free GPUs (Developer Guide, "API failure reasons").
      return 'encountered error "RESOURCE:GPU"';
    case 'RESOURCE_ENI':
      return 'encountered error "RESOURCE:ENI"';
    case 'RESOURCE_PORTS':
      // Developer Guide "Service event messages", "Port already in-use"; ECS uses this wording
      // whether a task holds the port or the agent reserves it.
      return 'is already using a port required by your task';
    case 'DISTINCT_INSTANCE':
      // A service event quoted in aws/containers-roadmap#1201.
      return 'encountered error "DistinctInstance placement constraint unsatisfied."';
    case 'MEMBER_OF':
      // RunTask's failure reason "MemberOf placement constraint unsatisfied.".
      return 'encountered error "MemberOf placement constraint unsatisfied."';
    default:
      return assertNever(u);
  }
}

/** A filter plugin's unschedulable reason in kube-scheduler's words. */
export function describeFilterReason(r: FilterReason): string {
  switch (r.code) {
    case 'TOO_MANY_PODS':
      return 'Too many pods';
    case 'INSUFFICIENT_CPU':
      return 'Insufficient cpu';
    case 'INSUFFICIENT_MEMORY':
      return 'Insufficient memory';
    case 'INSUFFICIENT_DEVICE':
      return `Insufficient ${EXTENDED_RESOURCE_NAMES[r.device]}`;
    case 'NODE_UNSCHEDULABLE':
      return 'node(s) were unschedulable';
    case 'NODE_AFFINITY':
      return "node(s) didn't match Pod's node affinity/selector";
    case 'TOPOLOGY_SPREAD':
      return "node(s) didn't match pod topology spread constraints";
    case 'TOPOLOGY_LABEL_MISSING':
      return "node(s) didn't match pod topology spread constraints (missing required label)";
    case 'EXISTING_ANTI_AFFINITY':
      return "node(s) didn't satisfy existing pods anti-affinity rules";
    case 'POD_ANTI_AFFINITY':
      return "node(s) didn't match pod anti-affinity rules";
    case 'TAINT_NOT_TOLERATED':
      // An empty value prints empty, as the tainttoleration plugin does.
      return `node(s) had untolerated taint {${r.key}: ${r.value}}`;
    case 'PLUGIN_REJECTED':
      return r.reason;
    case 'VOLUME_NODE_AFFINITY_CONFLICT':
      return 'node(s) had volume node affinity conflict';
    case 'VOLUME_BIND_CONFLICT':
      return "node(s) didn't find available persistent volumes to bind";
    case 'UNBOUND_IMMEDIATE_CLAIMS':
      return 'pod has unbound immediate PersistentVolumeClaims';
    case 'VOLUME_ZONE_CONFLICT':
      return 'node(s) had no available volume zone';
    case 'MAX_VOLUME_COUNT':
      return 'node(s) exceed max volume count';
    case 'PREEMPTION_NOT_HELPFUL':
      return 'Preemption is not helpful for scheduling';
    case 'NO_PREEMPTION_VICTIMS':
      return 'No preemption victims found for incoming pod';
    default:
      return assertNever(r);
  }
}
