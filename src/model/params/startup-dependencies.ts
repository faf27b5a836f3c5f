import type { LogNormalParams } from './ec2-task-startup.js';

/**
 * Start-up dependencies (docs/models.md, "Start-up dependencies"): what fetching a task's
 * secrets and registry credentials takes, and the bytes a task start sends through the VPC's
 * NAT gateways or endpoints. Prices are in src/model/pricing.ts (VPC_NETWORK_PRICES).
 */
export interface StartupDependencyParams {
  /**
   * One task's secrets and registry credentials, fetched before its image pull: the ECS agent
   * (or Fargate) calls Secrets Manager / SSM for all of them concurrently, so a task waits for
   * one round of calls. Assumption: a GetSecretValue or GetParameters call inside the Region
   * answers in tens to a few hundred ms; median 250 ms with sigma 0.5 covers the TLS handshake
   * and SigV4-signed call, through a NAT gateway or an endpoint alike (AWS publishes no figure).
   */
  readonly secretFetch: LogNormalParams;
  /**
   * How long a call to an unreachable service takes to fail: the SDK's retries of a TCP connect
   * that times out ("service call has been retried 5 time(s) ... context deadline exceeded").
   * Assumption, the same 60 s fleetsim uses for an unreachable registry (src/model/app-failure.ts).
   */
  readonly unreachableTimeoutMs: number;
  /** How long a call that is answered with an error (AccessDenied, ResourceNotFound) takes to fail, after the SDK's quick retries. Assumption: 3 s. */
  readonly deniedTimeoutMs: number;
  /** Bytes one secret fetch moves (request, response, TLS handshake). Assumption: 8 KiB. */
  readonly secretFetchBytes: number;
  /** Bytes of ECR's API calls for one image (GetAuthorizationToken on ecr.api, the manifest on ecr.dkr). Assumption: 16 KiB each. */
  readonly registryCallBytes: number;
  /**
   * kubelet's retry of a pod whose container config failed (CreateContainerConfigError, a
   * missing Secret): the pod worker re-syncs after `backOffPeriod` (10 s) with jitter up to
   * +50 % (kubernetes pkg/kubelet/kubelet.go `backOffPeriod`, pod_workers.go
   * `workerBackOffPeriodJitterFactor` 0.5).
   */
  readonly kubeletSyncRetryMs: number;
  readonly kubeletSyncRetryJitter: number;
}

export const STARTUP_DEPENDENCIES: StartupDependencyParams = {
  secretFetch: { median: 250, sigma: 0.5 },
  unreachableTimeoutMs: 60_000,
  deniedTimeoutMs: 3_000,
  secretFetchBytes: 8 * 1024,
  registryCallBytes: 16 * 1024,
  kubeletSyncRetryMs: 10_000,
  kubeletSyncRetryJitter: 0.5,
};

/**
 * A NAT gateway's bandwidth: 5 Gbps, scaling automatically to 100 Gbps (Amazon VPC user guide,
 * "NAT gateway basics"). fleetsim does not throttle pulls by it: each pull runs at a fixed
 * throughput (EC2 45 MiB/s, Fargate 15 MiB/s). The baseline (596 MiB/s) carries 13 concurrent
 * EC2 pulls or 39 Fargate pulls, the maximum 265 or 795; a Fargate burst at the sustained launch
 * rate (20 tasks/s, ~11 s pulls of 180 MB) keeps ~230 in flight, ~29 Gbps: above the baseline,
 * within the maximum, and AWS does not document how fast a gateway scales between them
 * (docs/models.md, "Start-up dependencies"). Kept for the docs and for a scenario that wants to
 * check its own numbers against it.
 */
export const NAT_GATEWAY_BANDWIDTH_GBPS = { baseline: 5, max: 100 } as const;
