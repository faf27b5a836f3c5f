/**
 * The requests kube-scheduler scores a pod by. Filtering uses a pod's real requests; scoring
 * (NodeResourcesFit's LeastAllocated, MostAllocated and RequestedToCapacityRatio) uses its
 * non-zero requests instead, so that pods without requests neither pile onto one node nor look
 * free: each container's request as set, or 100m CPU / 200 MiB for a container that does not set
 * it (scheduler util DefaultMilliCPURequest = 100, DefaultMemoryRequest = 200 * 1024 * 1024; a
 * request explicitly set to 0 stays 0). A node's side is the sum over its pods
 * (NodeInfo.NonZeroRequested: Host.nonZeroRequestedCpu / nonZeroRequestedMemoryMiB).
 */
import { CPU_SHARES_PER_MILLICORE } from './resources.js';
import type { TaskDefinition } from './task-definition.js';

/** DefaultMilliCPURequest (100m), in CPU shares. */
export const DEFAULT_NON_ZERO_CPU = 100 * CPU_SHARES_PER_MILLICORE;
/** DefaultMemoryRequest (200 MiB). */
export const DEFAULT_NON_ZERO_MEMORY_MIB = 200;

/** A container's requests as written (a limit without a request counts as the request); undefined: not set. */
export interface ContainerRequests {
  readonly cpu?: number;
  readonly memoryMiB?: number;
}

/**
 * A pod's non-zero requests from its containers' requests as set, or undefined when every
 * container sets both (they are the requests then, and the task definition need not say so).
 */
export function nonZeroRequests(containers: readonly ContainerRequests[]): { readonly cpu: number; readonly memoryMiB: number } | undefined {
  if (containers.every((c) => c.cpu !== undefined && c.memoryMiB !== undefined)) return undefined;
  let cpu = 0;
  let memoryMiB = 0;
  for (const c of containers) {
    cpu += c.cpu ?? DEFAULT_NON_ZERO_CPU;
    memoryMiB += c.memoryMiB ?? DEFAULT_NON_ZERO_MEMORY_MIB;
  }
  return { cpu, memoryMiB };
}

/** The CPU kube-scheduler scores a task of this definition by (its request unless a container sets none). */
export function scoringCpu(td: TaskDefinition): number {
  return td.nonZeroRequests?.cpu ?? td.cpu;
}

/** The memory kube-scheduler scores a task of this definition by, MiB. */
export function scoringMemoryMiB(td: TaskDefinition): number {
  return td.nonZeroRequests?.memoryMiB ?? td.memoryMiB;
}
