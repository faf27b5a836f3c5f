import type { LogNormalParams } from './ec2-task-startup.js';

/**
 * Mounting an EFS volume as a task or pod starts (docs/models.md, "EFS volumes"), and what EFS
 * costs. AWS publishes no mount time; the figures below are labelled assumptions.
 */
export interface EfsMountParams {
  /**
   * One NFS mount through the AZ's mount target without TLS: the DNS lookup and the NFSv4.1
   * mount (`mount -t efs`). Assumption: median 600 ms, sigma 0.4 (a mount inside the Region is a
   * few round trips; AWS publishes no figure).
   */
  readonly mount: LogNormalParams;
  /**
   * What transit encryption adds: efs-utils starts a stunnel process and the NFS traffic goes
   * through a TLS session to the mount target. Assumption: median 400 ms, sigma 0.5.
   */
  readonly tlsSetup: LogNormalParams;
  /**
   * How long a mount in an AZ without a mount target takes to fail: the DNS lookup fails at once
   * (NXDOMAIN) and efs-utils' fallback (a DescribeMountTargets call through botocore) fails on
   * the missing module. Assumption: 1 s, most of it the ECS agent's or Fargate's round trip.
   */
  readonly failAfterMs: number;
  /**
   * kubelet's retry of a volume that failed to mount: the operation executor's exponential
   * back-off, 500 ms doubling to at most 2 min 2 s (kubernetes pkg/util/goroutinemap/
   * exponentialbackoff: initialDurationBeforeRetry 500 ms, maxDurationBeforeRetry 2m2s).
   */
  readonly kubeletRetryInitialMs: number;
  readonly kubeletRetryMaxMs: number;
}

export const EFS_MOUNT: EfsMountParams = {
  mount: { median: 600, sigma: 0.4 },
  tlsSetup: { median: 400, sigma: 0.5 },
  failAfterMs: 1_000,
  kubeletRetryInitialMs: 500,
  kubeletRetryMaxMs: 122_000,
};

/**
 * EFS prices, us-east-1 (aws.amazon.com/efs/pricing, read 2026-12-05): Standard storage per
 * GB-month (billed on the average stored over the month). Elastic throughput's per-GB read and
 * write charges ($0.03 and $0.06 per GB) need the bytes the app reads and writes, which fleetsim
 * does not model: they are listed for the docs and left out of the cost report. Bursting
 * throughput has no charge beyond storage.
 */
export const EFS_PRICES = {
  standardStorageGbMonthUsd: 0.3,
  elasticReadPerGbUsd: 0.03,
  elasticWritePerGbUsd: 0.06,
} as const;
