import type { NodeHealthParams } from './params/node-health.js';

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
