import type { ClusterView } from '../model/cluster-state.js';
import { freeCpu, freeMemoryMiB, type Host } from '../model/host.js';
import { CPU_SHARES_PER_ECS_UNIT } from '../model/resources.js';
import type { PlacementPolicy, PlacementRequest, PlacementResult } from './placement-policy.js';

/**
 * First fit: the ACTIVE host with the lowest index that has room. A deliberately simple
 * baseline (a full scan); ECS's real strategies and the kube-scheduler are separate policies.
 */
export const firstFit: PlacementPolicy = {
  name: 'first-fit',
  place(request: PlacementRequest, view: ClusterView): PlacementResult {
    let closest: Host | undefined;
    let closestScore = -1;
    let active = 0;
    for (const host of view.hosts) {
      if (host.status !== 'ACTIVE') continue;
      active++;
      const cpuOk = freeCpu(host) >= request.cpu;
      const memOk = freeMemoryMiB(host) >= request.memoryMiB;
      if (cpuOk && memOk) return { ok: true, host };
      // The closest match is the host that comes nearest to covering the request.
      const score = Math.min(freeCpu(host) / Math.max(1, request.cpu), freeMemoryMiB(host) / Math.max(1, request.memoryMiB));
      if (score > closestScore) {
        closestScore = score;
        closest = host;
      }
    }
    return { ok: false, reason: unplaceableReason(request, active, closest) };
  },
};

/** ECS's service event wording for a task that no container instance can take. */
export function unplaceableReason(request: PlacementRequest, activeHosts: number, closest: Host | undefined): string {
  const prefix = `(service ${request.service}) was unable to place a task because no container instance met all of its requirements.`;
  if (activeHosts === 0 || closest === undefined) return `${prefix} Reason: No Container Instances were found in your cluster.`;
  const missing: string[] = [];
  if (freeCpu(closest) < request.cpu) missing.push('CPU units');
  if (freeMemoryMiB(closest) < request.memoryMiB) missing.push('memory');
  const what = missing.length === 0 ? 'resources' : missing.join(' and ');
  const free = `${freeCpu(closest) / CPU_SHARES_PER_ECS_UNIT} CPU units and ${freeMemoryMiB(closest)} MiB free`;
  return `${prefix} The closest matching (container-instance ${closest.id}) has insufficient ${what} available (${free}).`;
}
