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
 * Fargate start-up: a Firecracker microVM and the task's ENI are provisioned (PROVISIONING),
 * then the image is pulled fresh — no cache between tasks — and containers start.
 * Calibration (an assumption, not AWS-published): the seed's Fargate column (50 MB 15-25 s,
 * 200 MB 25-45 s, 1 GB 45-90 s) implies ~11 s of provisioning and ~15 MiB/s effective pull
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
}

export const FARGATE_TIMING: FargateTimingParams = {
  provision: { median: 11_000, sigma: 0.2 },
  registryOverhead: { median: 2_000, sigma: 0.3 },
  pullThroughputMiBps: 15,
  containerStart: { median: 1_500, sigma: 0.35 },
  gracefulExit: { median: 1_000, sigma: 0.4 },
  eniRetryMs: 10_000,
};
