import type { ClusterView } from '../model/cluster-state.js';
import { freeCpu, freeMemoryMiB, type Host } from '../model/host.js';
import { PORT_IN_USE_PHRASE, usesHostPorts } from '../model/network/host-ports.js';
import type { PlacementPolicy, PlacementRequest, PlacementResult } from './placement-policy.js';

/**
 * First fit: the ACTIVE host with the lowest index that meets every requirement. A deliberately
 * simple baseline (a full scan); ECS's real strategies and the kube-scheduler are separate
 * policies.
 */
export const firstFit: PlacementPolicy = {
  name: 'first-fit',
  place(request: PlacementRequest, view: ClusterView): PlacementResult {
    let closest: Host | undefined;
    let closestUnmet = Number.POSITIVE_INFINITY;
    let closestSlack = Number.NEGATIVE_INFINITY;
    let active = 0;
    for (const host of view.hosts) {
      if (host.status !== 'ACTIVE' || (request.group !== undefined && host.group !== request.group)) continue;
      active++;
      const unmet = unmetRequirements(request, host);
      if (unmet.length === 0) return { ok: true, host };
      // ECS names the closest match: fewest unmet requirements, then the most room left.
      const slack = Math.min(freeCpu(host) / Math.max(1, request.cpu), freeMemoryMiB(host) / Math.max(1, request.memoryMiB));
      if (unmet.length < closestUnmet || (unmet.length === closestUnmet && slack > closestSlack)) {
        closestUnmet = unmet.length;
        closestSlack = slack;
        closest = host;
      }
    }
    return { ok: false, reason: unplaceableReason(request, active, closest) };
  },
};

/**
 * What the container instance lacks for the task, in ECS's service-event words (empty when it
 * can take it): CPU units, memory, a host port, an ENI for an awsvpc task.
 */
export function unmetRequirements(request: PlacementRequest, host: Host): string[] {
  const out: string[] = [];
  if (request.group !== undefined && host.group !== request.group) out.push(`is not in the capacity provider's Auto Scaling group (${request.group})`);
  if (request.cpuArchitecture !== undefined && host.instanceType.architecture !== request.cpuArchitecture) out.push('does not match the task definition\'s cpuArchitecture');
  if (freeCpu(host) < request.cpu) out.push('has insufficient CPU units available');
  if (freeMemoryMiB(host) < request.memoryMiB) out.push('has insufficient memory available');
  const mode = request.networkMode;
  if (mode === 'awsvpc' && host.taskEnisInUse >= host.taskEniLimit) out.push('encountered error "RESOURCE:ENI"');
  if (mode !== undefined && usesHostPorts(mode) && host.ports !== null && !host.ports.canAllocate(request.portMappings ?? [], mode).ok) {
    out.push(PORT_IN_USE_PHRASE);
  }
  return out;
}

/** ECS's service event wording for a task that no container instance can take. */
export function unplaceableReason(request: PlacementRequest, activeHosts: number, closest: Host | undefined): string {
  const prefix = `(service ${request.service}) was unable to place a task because no container instance met all of its requirements.`;
  if (activeHosts === 0 || closest === undefined) return `${prefix} Reason: No Container Instances were found in your cluster.`;
  const unmet = unmetRequirements(request, closest);
  const what = unmet.length === 0 ? 'does not meet the requirements' : unmet.join(' and ');
  return `${prefix} The closest matching (container-instance ${closest.id}) ${what}. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`;
}
