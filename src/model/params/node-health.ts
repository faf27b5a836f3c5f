/**
 * How a failed instance is noticed and handled (docs/models.md, "Control-plane timing" and
 * "Node health").
 * - Kubernetes: the kubelet renews its node Lease every `nodeLeaseRenewIntervalMs`; the node
 *   lifecycle controller, which looks at every node each `nodeMonitorPeriodMs`, marks a node
 *   NotReady/Unknown at its first pass more than `nodeMonitorGracePeriodMs` after the last
 *   renewal it saw and taints it node.kubernetes.io/unreachable:NoExecute; pods tolerate that for
 *   300 s (the DefaultTolerationSeconds admission plugin), then they are evicted and replaced.
 * - EC2 Auto Scaling: EC2 status checks run every minute; after the checks fail the group
 *   marks the instance unhealthy and replaces it (assumption: two failed checks, ~2 minutes).
 */
export interface NodeHealthParams {
  /**
   * kube-controller-manager `--node-monitor-grace-period`: 50 s since Kubernetes 1.32 (was 40 s;
   * kubernetes/kubernetes PR #126287, "The default value for node-monitor-grace-period has been
   * increased to 50s", fixing issue #121793). fleetsim models EKS 1.32 and later; EKS does not
   * document a different value for its managed control plane.
   */
  readonly nodeMonitorGracePeriodMs: number;
  /**
   * kube-controller-manager `--node-monitor-period` (default 5 s): "The period for syncing
   * NodeStatus in NodeController". The controller notices a missed heartbeat at its next pass,
   * not at the instant the grace period runs out, and notices a renewed one the same way.
   * fleetsim's passes fall on multiples of the period from the start of the run.
   */
  readonly nodeMonitorPeriodMs: number;
  /**
   * How often the kubelet renews its Lease in kube-node-lease: every 10 s, a quarter of the 40 s
   * `nodeLeaseDurationSeconds` (kubelet configuration; Kubernetes "Node heartbeats": "The kubelet
   * creates and then updates its Lease object every 10 seconds"; PR #80429). The Lease is the
   * heartbeat the controller goes by: the node's `.status` is posted only on a change or every
   * 5 min (`nodeStatusReportFrequency`). Renewals fall on multiples of the interval from the
   * node's registration, so the last one a failure leaves is 0-10 s before it.
   */
  readonly nodeLeaseRenewIntervalMs: number;
  /** DefaultTolerationSeconds: 300 s of tolerating node.kubernetes.io/unreachable and not-ready. */
  readonly notReadyTolerationMs: number;
  readonly ec2StatusCheckReplaceMs: number;
}

export const NODE_HEALTH: NodeHealthParams = {
  nodeMonitorGracePeriodMs: 50_000,
  nodeMonitorPeriodMs: 5_000,
  nodeLeaseRenewIntervalMs: 10_000,
  notReadyTolerationMs: 300_000,
  ec2StatusCheckReplaceMs: 120_000,
};
