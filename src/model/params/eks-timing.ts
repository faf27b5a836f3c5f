import type { LogNormalParams } from './ec2-task-startup.js';

/**
 * Timing of the Kubernetes and VPC CNI control loops fleetsim models on EKS.
 */
export interface EksTimingParams {
  /** ipamd's pool check interval (amazon-vpc-cni-k8s ipamd: ipPoolMonitorInterval = 5 s). */
  readonly ipamdReconcileMs: number;
  /** CreateNetworkInterface + AttachNetworkInterface ("can take up to 10 seconds": VPC CNI docs). */
  readonly eniAttach: LogNormalParams;
  /** AssignPrivateIpAddresses / prefixes on an attached ENI: one EC2 API call. */
  readonly ipAssign: LogNormalParams;
  /** kubelet's retry of a failed pod sandbox: the pod worker's back-off period (10 s) plus jitter up to 50 %. */
  readonly sandboxRetryMs: number;
  /** kube-scheduler's pod back-off: initial 1 s, doubling to at most 10 s (podInitialBackoffSeconds / podMaxBackoffSeconds). */
  readonly schedulerBackoffInitialMs: number;
  /** kubelet creating the pod sandbox (pause container, network namespace, CNI ADD) once it has an address. */
  readonly sandboxCreate: LogNormalParams;
  readonly schedulerBackoffMaxMs: number;
  /**
   * kube-scheduler `podMaxInUnschedulablePodsDuration` (5 min): a pod that failed scheduling and
   * saw no cluster event that could help goes back to the active queue once it has been among
   * the unschedulable pods longer than this, swept by `flushUnschedulablePodsLeftover` every
   * `schedulerUnschedulableFlushMs` (30 s) (kube-scheduler's scheduling_queue.go:
   * DefaultPodMaxInUnschedulablePodsDuration = 5 * time.Minute; `wait.Until(
   * p.flushUnschedulablePodsLeftover, 30*time.Second, ...)`). Events that could help (a node added or Ready, a pod deleted or bound) move it
   * back sooner, as the queueing hints do.
   */
  readonly schedulerMaxInUnschedulableMs: number;
  readonly schedulerUnschedulableFlushMs: number;
  /**
   * From a change a workload controller watches (a pod deleted or its status changed) to the
   * ReplicaSet/Deployment controller's sync: the informer delivers the watch event and the
   * workqueue hands the object to a worker; no resync period is waited for (the controllers'
   * resync only re-lists). **Assumption**: 100 ms, "well under a second"; Kubernetes publishes
   * no figure (the API server's watch latency SLO is not defined; its mutating-call SLO is 1 s
   * at the 99th percentile).
   */
  readonly workloadControllerReactionMs: number;
}

export const EKS_TIMING: EksTimingParams = {
  ipamdReconcileMs: 5_000,
  eniAttach: { median: 4_000, sigma: 0.35 },
  ipAssign: { median: 800, sigma: 0.3 },
  sandboxRetryMs: 10_000,
  schedulerBackoffInitialMs: 1_000,
  sandboxCreate: { median: 700, sigma: 0.3 },
  schedulerBackoffMaxMs: 10_000,
  schedulerMaxInUnschedulableMs: 300_000,
  schedulerUnschedulableFlushMs: 30_000,
  workloadControllerReactionMs: 100,
};
