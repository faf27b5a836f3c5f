/**
 * How a failed instance is noticed and handled.
 * - Kubernetes: the node lifecycle controller marks a node NotReady/Unknown after
 *   `node-monitor-grace-period` (40 s) without a kubelet heartbeat and taints it
 *   node.kubernetes.io/unreachable:NoExecute; pods tolerate that for 300 s (the
 *   DefaultTolerationSeconds admission plugin), then they are evicted and replaced.
 * - EC2 Auto Scaling: EC2 status checks run every minute; after the checks fail the group
 *   marks the instance unhealthy and replaces it (assumption: two failed checks, ~2 minutes).
 */
export interface NodeHealthParams {
  readonly nodeMonitorGracePeriodMs: number;
  readonly notReadyTolerationMs: number;
  readonly ec2StatusCheckReplaceMs: number;
}

export const NODE_HEALTH: NodeHealthParams = {
  nodeMonitorGracePeriodMs: 40_000,
  notReadyTolerationMs: 300_000,
  ec2StatusCheckReplaceMs: 120_000,
};
