import type { ClusterView } from '../../model/cluster-state.js';
import { freeCpu, freeMemoryMiB, type Host, type Taint } from '../../model/host.js';
import { nodeSchedulingCondition } from '../../model/node-heartbeat.js';
import { fitError, NODE_UNSCHEDULABLE, taintNotTolerated, type FilterReason } from '../../model/reasons/scheduling.js';
import type { PlacementPolicy, PlacementRequest, PlacementResult } from '../placement-policy.js';
import { hostShortfall } from '../resource-fit.js';
import { shortfallReasons } from './plugins/node-resources-fit.js';

/**
 * A first kube-scheduler: the default profile's resource filters (NodeResourcesFit for cpu,
 * memory and the pod count against max pods; unready nodes are skipped) and its default score,
 * NodeResourcesFit LeastAllocated (the mean over cpu and memory of the free fraction after
 * placing the pod). Ties go to the lower node index. Like the real scheduler it knows nothing
 * of IP addresses: a node whose ipamd pool is empty still gets pods, which then wait in
 * ContainerCreating.
 *
 * An unschedulable pod gets kube-scheduler's FitError: the reasons counted over the nodes
 * (worded `0/N nodes are available: ...` by src/report/describe).
 */
export const basicKubeScheduler: PlacementPolicy = {
  name: 'kube-basic',
  place(request: PlacementRequest, view: ClusterView): PlacementResult {
    let best: Host | undefined;
    let bestScore = -1;
    const reasons = new Map<FilterReason, number>();
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
    return { ok: false, failure: fitError(nodes, reasons) };
  },
};

/** Why a node cannot take the pod, as kube-scheduler's reasons (empty when it can). */
export function unfitReasons(request: PlacementRequest, host: Host): FilterReason[] {
  const condition = nodeSchedulingCondition(host);
  if (condition === 'not-ready') return [NOT_READY];
  if (condition === 'cordoned') return [NODE_UNSCHEDULABLE];
  // A silent node is unreachable once the node lifecycle controller has tainted it.
  if (host.taints.some(isUnreachableTaint)) return [UNREACHABLE];
  return [...shortfallReasons(hostShortfall(host, request.cpu, request.memoryMiB, request.devices))];
}

const NOT_READY = taintNotTolerated('node.kubernetes.io/not-ready', undefined);
const UNREACHABLE = taintNotTolerated('node.kubernetes.io/unreachable', undefined);
const isUnreachableTaint = (t: Taint): boolean => t.key === 'node.kubernetes.io/unreachable';

/** LeastAllocated: 0..100, higher for emptier nodes (kube-scheduler's default scoring). */
export function leastAllocatedScore(request: PlacementRequest, host: Host): number {
  const cpu = host.cpu === 0 ? 0 : (freeCpu(host) - request.cpu) / host.cpu;
  const mem = host.memoryMiB === 0 ? 0 : (freeMemoryMiB(host) - request.memoryMiB) / host.memoryMiB;
  return ((cpu + mem) / 2) * 100;
}
