import type { ClusterView } from '../model/cluster-state.js';
import { freeCpu, freeMemoryMiB, type Host } from '../model/host.js';
import { usesHostPorts } from '../model/network/host-ports.js';
import {
  NO_CONTAINER_INSTANCES,
  UNMET_CPU_ARCHITECTURE,
  UNMET_INSUFFICIENT_CPU,
  UNMET_INSUFFICIENT_MEMORY,
  UNMET_RESOURCE_ENI,
  UNMET_RESOURCE_GPU,
  UNMET_RESOURCE_PORTS,
  type EcsPlacementFailure,
  type EcsUnmetRequirement,
} from '../model/reasons/placement.js';
import type { PlacementPolicy, PlacementRequest, PlacementResult } from './placement-policy.js';
import { hostShortfall, requestFits, SHORT_OF_CPU, SHORT_OF_GPU, SHORT_OF_MEMORY } from './resource-fit.js';

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
      if (requestFits(request, host)) return { ok: true, host };
      const unmet = unmetRequirements(request, host);
      // ECS names the closest match: fewest unmet requirements, then the most room left.
      const slack = Math.min(freeCpu(host) / Math.max(1, request.cpu), freeMemoryMiB(host) / Math.max(1, request.memoryMiB));
      if (unmet.length < closestUnmet || (unmet.length === closestUnmet && slack > closestSlack)) {
        closestUnmet = unmet.length;
        closestSlack = slack;
        closest = host;
      }
    }
    return { ok: false, failure: unplaceableFailure(request, active, closest) };
  },
};

/**
 * What the container instance lacks for the task, as codes in ECS's order: its group,
 * architecture, CPU units, memory, GPUs, an ENI for an awsvpc task, a host port. Empty when
 * {@link requestFits} holds, and also when only a task-count limit stops it (ECS instances
 * have none; a benchmark's hosts may).
 */
export function unmetRequirements(request: PlacementRequest, host: Host): EcsUnmetRequirement[] {
  const out: EcsUnmetRequirement[] = [];
  if (request.group !== undefined && host.group !== request.group) out.push({ code: 'CAPACITY_PROVIDER_GROUP', group: request.group });
  if (request.cpuArchitecture !== undefined && host.instanceType.architecture !== request.cpuArchitecture) out.push(UNMET_CPU_ARCHITECTURE);
  const short = hostShortfall(host, request.cpu, request.memoryMiB, request.devices);
  if ((short & SHORT_OF_CPU) !== 0) out.push(UNMET_INSUFFICIENT_CPU);
  if ((short & SHORT_OF_MEMORY) !== 0) out.push(UNMET_INSUFFICIENT_MEMORY);
  if ((short & SHORT_OF_GPU) !== 0) out.push(UNMET_RESOURCE_GPU);
  const mode = request.networkMode;
  if (mode === 'awsvpc' && host.taskEnisInUse >= host.taskEniLimit) out.push(UNMET_RESOURCE_ENI);
  if (mode !== undefined && usesHostPorts(mode) && host.ports !== null && !host.ports.canAllocate(request.portMappings ?? [], mode).ok) {
    out.push(UNMET_RESOURCE_PORTS);
  }
  return out;
}

/** Why no container instance can take the task: none is ACTIVE, or what the closest one lacks. */
export function unplaceableFailure(request: PlacementRequest, activeHosts: number, closest: Host | undefined): EcsPlacementFailure {
  if (activeHosts === 0 || closest === undefined) return NO_CONTAINER_INSTANCES;
  return { code: 'NO_INSTANCE_MET_REQUIREMENTS', closest: closest.id, unmet: unmetRequirements(request, closest) };
}
