import type { ClusterView } from '../../model/cluster-state.js';
import { freeCpu, freeMemoryMiB, type Host } from '../../model/host.js';
import type { PlacementPolicy, PlacementRequest, PlacementResult } from '../placement-policy.js';

/**
 * A first kube-scheduler: the default profile's resource filters (NodeResourcesFit for cpu,
 * memory and the pod count against max pods; unready nodes are skipped) and its default score,
 * NodeResourcesFit LeastAllocated (the mean over cpu and memory of the free fraction after
 * placing the pod). Ties go to the lower node index. Like the real scheduler it knows nothing
 * of IP addresses: a node whose ipamd pool is empty still gets pods, which then wait in
 * ContainerCreating.
 *
 * An unschedulable pod gets kube-scheduler's message: `0/N nodes are available: ...` with the
 * reasons counted and sorted as the scheduler's FitError does.
 */
export const basicKubeScheduler: PlacementPolicy = {
  name: 'kube-basic',
  place(request: PlacementRequest, view: ClusterView): PlacementResult {
    let best: Host | undefined;
    let bestScore = -1;
    const reasons = new Map<string, number>();
    let nodes = 0;
    for (const host of view.hosts) {
      if (host.status === 'DEREGISTERED') continue;
      nodes++;
      const why = unfitReasons(request, host);
      if (why.length > 0) {
        for (const r of why) reasons.set(r, (reasons.get(r) ?? 0) + 1);
        continue;
      }
      const score = leastAllocatedScore(request, host);
      if (score > bestScore) {
        bestScore = score;
        best = host;
      }
    }
    if (best !== undefined) return { ok: true, host: best };
    return { ok: false, reason: unschedulableMessage(nodes, reasons) };
  },
};

/** Why a node cannot take the pod, in kube-scheduler's words (empty when it can). */
export function unfitReasons(request: PlacementRequest, host: Host): string[] {
  if (host.status === 'REGISTERING') return ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'];
  if (host.status === 'DRAINING') return ['node(s) were unschedulable'];
  if (host.status === 'UNREACHABLE') return ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'];
  const out: string[] = [];
  if (host.tasks.size + 1 > host.maxTasks) out.push('Too many pods');
  if (freeCpu(host) < request.cpu) out.push('Insufficient cpu');
  if (freeMemoryMiB(host) < request.memoryMiB) out.push('Insufficient memory');
  return out;
}

/** LeastAllocated: 0..100, higher for emptier nodes (kube-scheduler's default scoring). */
export function leastAllocatedScore(request: PlacementRequest, host: Host): number {
  const cpu = host.cpu === 0 ? 0 : (freeCpu(host) - request.cpu) / host.cpu;
  const mem = host.memoryMiB === 0 ? 0 : (freeMemoryMiB(host) - request.memoryMiB) / host.memoryMiB;
  return ((cpu + mem) / 2) * 100;
}

/** `0/3 nodes are available: 1 Insufficient cpu, 2 Too many pods.` (reasons sorted as strings). */
export function unschedulableMessage(nodes: number, reasons: ReadonlyMap<string, number>): string {
  if (nodes === 0) return 'no nodes available to schedule pods';
  const parts = [...reasons].map(([reason, n]) => `${n} ${reason}`).sort();
  return `0/${nodes} nodes are available: ${parts.join(', ')}.`;
}
