/**
 * The one "does it fit" check of fleetsim's placement: whether a host (or a planned node) has
 * room for a request's CPU, memory and one more task or pod. The ECS placement engine and its
 * naive reference, kube-scheduler's NodeResourcesFit, Karpenter's solver (existing nodes and
 * instance type options alike) and the first-fit baselines all ask it, so they never disagree
 * on what fits.
 *
 * Semantics (kube-scheduler's fitsRequest, which ECS's resource check agrees with for the
 * non-negative free amounts hosts always have): a request of 0 for a resource is not checked;
 * otherwise it must not exceed what is free. A host whose task count is at its limit
 * (`maxTasks`: EKS max pods; Infinity on ECS) takes nothing more.
 */
import type { Host } from '../model/host.js';
import { usesHostPorts, type PortMapping } from '../model/network/host-ports.js';
import type { PlacementRequest } from './placement-policy.js';

/** The host runs as many tasks or pods as it may (kube-scheduler's "Too many pods"). */
export const SHORT_OF_PODS = 1;
/** Free CPU is below the request. */
export const SHORT_OF_CPU = 2;
/** Free memory is below the request. */
export const SHORT_OF_MEMORY = 4;

/**
 * What a capacity lacks for a request, as a bitmask of SHORT_OF_*: 0 when the request fits.
 * `freePods` is how many more tasks or pods it may run. Pure and allocation-free: it runs once
 * per examined host on every placement.
 */
export function resourceShortfall(freeCpu: number, freeMemoryMiB: number, freePods: number, cpu: number, memoryMiB: number): number {
  let bits = 0;
  if (freePods < 1) bits |= SHORT_OF_PODS;
  if (cpu > 0 && cpu > freeCpu) bits |= SHORT_OF_CPU;
  if (memoryMiB > 0 && memoryMiB > freeMemoryMiB) bits |= SHORT_OF_MEMORY;
  return bits;
}

/** {@link resourceShortfall} of a host: its unallocated CPU and memory, its task slots left. */
export function hostShortfall(host: Host, cpu: number, memoryMiB: number): number {
  return resourceShortfall(host.cpu - host.allocatedCpu, host.memoryMiB - host.allocatedMemoryMiB, host.maxTasks - host.tasks.size, cpu, memoryMiB);
}

/**
 * Whether the host can take the request as far as the host itself goes: its resources (above),
 * and for an ECS request its capacity provider's group, the image's architecture, a free task
 * ENI (awsvpc) or the host ports (bridge/host). Not the host's status, nor constraints or
 * scheduling rules: the policies check those. {@link unmetRequirements} (first-fit.ts) says
 * what is missing when this is false, in ECS's words.
 */
export function requestFits(request: PlacementRequest, host: Host): boolean {
  if (request.group !== undefined && host.group !== request.group) return false;
  if (request.cpuArchitecture !== undefined && host.instanceType.architecture !== request.cpuArchitecture) return false;
  if (hostShortfall(host, request.cpu, request.memoryMiB) !== 0) return false;
  const mode = request.networkMode;
  if (mode === 'awsvpc') return host.taskEnisInUse < host.taskEniLimit;
  if (mode !== undefined && usesHostPorts(mode) && host.ports !== null) return host.ports.canAllocate(request.portMappings ?? NO_PORTS, mode).ok;
  return true;
}

const NO_PORTS: readonly PortMapping[] = Object.freeze([]);
