import type { LogNormalParams } from './ec2-task-startup.js';

/**
 * Fargate task sizes: the CPU/memory combinations of the seed's table (§4), which are AWS's
 * (ECS developer guide, "Task CPU and memory"): memory in GB for each vCPU size, as
 * [min, max, step].
 */
export const FARGATE_SIZES: readonly { readonly vcpu: number; readonly memoryGb: readonly number[] }[] = [
  { vcpu: 0.25, memoryGb: [0.5, 1, 2] },
  { vcpu: 0.5, memoryGb: range(1, 4, 1) },
  { vcpu: 1, memoryGb: range(2, 8, 1) },
  { vcpu: 2, memoryGb: range(4, 16, 1) },
  { vcpu: 4, memoryGb: range(8, 30, 1) },
  { vcpu: 8, memoryGb: range(16, 60, 4) },
  { vcpu: 16, memoryGb: range(32, 120, 8) },
];

function range(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  for (let v = min; v <= max; v += step) out.push(v);
  return out;
}

/** Null when (vCPU, memory MiB) is a valid Fargate size, else a message naming the valid choices. */
export function checkFargateSize(vcpu: number, memoryMiB: number): string | null {
  const row = FARGATE_SIZES.find((r) => r.vcpu === vcpu);
  if (row === undefined) return `${vcpu} vCPU is not a Fargate size; choose ${FARGATE_SIZES.map((r) => `${r.vcpu}`).join(', ')} vCPU (CPU units ${FARGATE_SIZES.map((r) => r.vcpu * 1024).join(', ')})`;
  if (row.memoryGb.some((gb) => Math.round(gb * 1024) === memoryMiB)) return null;
  return `${memoryMiB} MiB is not valid with ${vcpu} vCPU on Fargate; choose ${row.memoryGb.map((gb) => `${gb} GB`).join(', ')} (${row.memoryGb.map((gb) => Math.round(gb * 1024)).join(', ')} MiB)`;
}

/**
 * EKS on Fargate: the pod's requests (plus 256 MiB Fargate adds for Kubernetes components) are
 * rounded up to the smallest Fargate size that fits (EKS user guide, "Fargate pod
 * configuration"). Returns [vCPU, memory MiB].
 */
export function fargatePodSize(vcpu: number, memoryMiB: number): [number, number] {
  return fargateSizeAtLeast(vcpu, memoryMiB + 256);
}

/** The smallest Fargate size with at least `vcpu` and `memoryMiB` (the largest when none has), as [vCPU, memory MiB]. */
export function fargateSizeAtLeast(vcpu: number, memoryMiB: number): [number, number] {
  for (const row of FARGATE_SIZES) {
    if (row.vcpu < vcpu) continue;
    for (const gb of row.memoryGb) if (gb * 1024 >= memoryMiB) return [row.vcpu, Math.round(gb * 1024)];
  }
  const last = FARGATE_SIZES[FARGATE_SIZES.length - 1]!;
  return [last.vcpu, Math.round(last.memoryGb[last.memoryGb.length - 1]! * 1024)];
}

/**
 * Fargate start-up: a Firecracker microVM and the task's ENI are provisioned (PROVISIONING),
 * then the image is pulled fresh — no cache between tasks — and containers start.
 * Calibration (an assumption, not AWS-published): the seed's Fargate column (50 MB 15-25 s,
 * 200 MB 25-45 s, 1 GB 45-90 s) implies ~10 s of provisioning and ~15 MiB/s effective pull
 * throughput; the issue on start-up timelines refines these per phase.
 */
export interface FargateTimingParams {
  readonly provision: LogNormalParams;
  readonly registryOverhead: LogNormalParams;
  readonly pullThroughputMiBps: number;
  readonly containerStart: LogNormalParams;
  readonly gracefulExit: LogNormalParams;
  /** How often a task waiting for a subnet address retries (it stays in PROVISIONING). */
  readonly eniRetryMs: number;
  /**
   * EKS on Fargate only: the fargate-scheduler binds the pod and the microVM registers as a
   * Kubernetes node (kubelet start, node Ready) before the pod can start; an assumption
   * calibrated to the seed's EKS Fargate column being 5-10 s slower than ECS Fargate.
   */
  readonly eksNodeRegistration: LogNormalParams;
  /**
   * SOCI lazy loading: the fraction of an image's bytes a task needs before it starts (the rest
   * is fetched on demand). Application-specific; Harter et al., "Slacker" (FAST '16) measured
   * that containers read 6.4 % of their image data at start. 0.2 is a conservative default.
   */
  readonly sociStartupFraction: number;
  /** Fetching the SOCI index before the lazy pull begins. */
  readonly sociIndexFetch: LogNormalParams;
}

export const FARGATE_TIMING: FargateTimingParams = {
  provision: { median: 10_000, sigma: 0.2 },
  registryOverhead: { median: 2_000, sigma: 0.3 },
  pullThroughputMiBps: 15,
  containerStart: { median: 1_500, sigma: 0.35 },
  gracefulExit: { median: 1_000, sigma: 0.4 },
  eniRetryMs: 10_000,
  eksNodeRegistration: { median: 8_000, sigma: 0.25 },
  sociStartupFraction: 0.2,
  sociIndexFetch: { median: 1_000, sigma: 0.3 },
};
