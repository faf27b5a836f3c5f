import type { NodeHealthParams } from './params/node-health.js';
import type { Host } from './host.js';

type HeartbeatParams = Pick<NodeHealthParams, 'nodeMonitorGracePeriodMs' | 'nodeMonitorPeriodMs' | 'nodeLeaseRenewIntervalMs'>;

/**
 * When the node lifecycle controller marks NotReady a node whose kubelet went silent at
 * `silentAt` (the instance failed, or the kubelet lost the API server): the last Lease renewal
 * was at the latest multiple of the renew interval since the node registered (`registeredAt`),
 * and the controller's first pass (a multiple of the monitor period since time 0) strictly after
 * that renewal plus the grace period marks it ("now is after probeTimestamp + gracePeriod").
 * With the defaults: 40-55 s after the kubelet went silent.
 */
export function nodeNotReadyAt(silentAt: number, registeredAt: number, p: HeartbeatParams): number {
  const since = Math.max(0, silentAt - registeredAt);
  const lastRenewal = registeredAt + Math.floor(since / p.nodeLeaseRenewIntervalMs) * p.nodeLeaseRenewIntervalMs;
  return nextMonitorPass(lastRenewal + p.nodeMonitorGracePeriodMs, p);
}

/** The node lifecycle controller's first pass strictly after `t` (passes at multiples of its period). */
export function nextMonitorPass(t: number, p: Pick<NodeHealthParams, 'nodeMonitorPeriodMs'>): number {
  return (Math.floor(t / p.nodeMonitorPeriodMs) + 1) * p.nodeMonitorPeriodMs;
}

/**
 * How kube-scheduler sees a host's Node, beyond the Node's taints (kube-scheduler reads the Node
 * object only; nothing tells it that an instance failed or a kubelet went silent):
 * - `not-ready`: the node has never been Ready (booting, or failed while booting): the
 *   node.kubernetes.io/not-ready taint;
 * - `cordoned`: drained (`spec.unschedulable`), also when the instance then failed;
 * - `ready`: otherwise, including a node whose instance failed or whose kubelet went silent
 *   (status UNREACHABLE): it looks Ready until the node lifecycle controller marks it NotReady
 *   (`nodeNotReadyAt`, 40-55 s later) and taints it node.kubernetes.io/unreachable (NoSchedule
 *   and NoExecute); those taints are on `host.taints` from then, and the scheduler's
 *   TaintToleration filter goes by them. Pods bound to it meanwhile never start (no kubelet
 *   sees them) until the kubelet is back, or the taint manager evicts them.
 * The one rule for kube-scheduler's filters, its binding and the reference scheduler.
 */
export type NodeSchedulingCondition = 'ready' | 'not-ready' | 'cordoned';

export function nodeSchedulingCondition(host: Host): NodeSchedulingCondition {
  if (host.activeAt === null || host.status === 'DEREGISTERED') return 'not-ready';
  return host.cordoned ? 'cordoned' : 'ready';
}
