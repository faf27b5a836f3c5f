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
}

export const EKS_TIMING: EksTimingParams = {
  ipamdReconcileMs: 5_000,
  eniAttach: { median: 4_000, sigma: 0.35 },
  ipAssign: { median: 800, sigma: 0.3 },
  sandboxRetryMs: 10_000,
  schedulerBackoffInitialMs: 1_000,
  sandboxCreate: { median: 700, sigma: 0.3 },
  schedulerBackoffMaxMs: 10_000,
};
