import type { LogNormalParams } from './ec2-task-startup.js';

/**
 * How long a new EC2 instance takes to join the cluster: RunInstances until the instance is
 * running, the OS boot (cloud-init, user data), then registration (the ECS agent registers the
 * container instance; kubelet registers the node, which turns Ready once the VPC CNI is up).
 * Assumptions, log-normal around typical figures: an EC2 instance usually leaves `pending` in
 * 10-30 s; an EKS node is typically Ready about a minute after launch, which is the seed's
 * "60-120 s (new node)" once a provisioner's batching and the pod's own start are added.
 * A Karpenter NodeClaim is Registered at the end of `osBoot` (kubelet creates the Node object as
 * it starts; assumption) and Initialized at the end of `kubeletRegistration` (node Ready).
 */
export interface Ec2LaunchParams {
  readonly instanceLaunch: LogNormalParams;
  readonly osBoot: LogNormalParams;
  readonly ecsAgentRegistration: LogNormalParams;
  readonly kubeletRegistration: LogNormalParams;
  /** After a failed launch (no subnet address), Auto Scaling tries again after this. */
  readonly launchRetryMs: number;
}

export const EC2_LAUNCH: Ec2LaunchParams = {
  instanceLaunch: { median: 12_000, sigma: 0.3 },
  osBoot: { median: 20_000, sigma: 0.25 },
  ecsAgentRegistration: { median: 5_000, sigma: 0.3 },
  kubeletRegistration: { median: 25_000, sigma: 0.25 },
  launchRetryMs: 30_000,
};
