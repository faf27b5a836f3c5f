/**
 * The generated clusters and workloads of a placement benchmark. A cluster is `hosts` instances
 * round-robin over three AZs: every tenth a GPU instance (g4dn.xlarge), the rest m5.xlarge, so a
 * GPU-aware policy has something to keep free. A workload is a mix of task shapes drawn in a
 * seeded order until the tasks ask for `fill` of the cluster's CPU or memory (whichever they ask
 * more of), then `churn` rounds:
 * each stops that fraction of the running tasks (seeded choice) and places as many new ones.
 */
import { CPU_SHARES_PER_MILLICORE } from '../../model/resources.js';

/** One shape of task or pod in a mix: CPU in millicores, memory in MiB, how often it is drawn. */
export interface TaskShape {
  readonly name: string;
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
  /** Relative frequency in the mix. */
  readonly weight: number;
  /** Pods of this shape want a GPU (label fleetsim.dev/gpu=true; only a GPU-aware policy reads it). */
  readonly gpu?: boolean;
}

/**
 * The two mixes: `web` is uniform web services (1 vCPU : 2 GiB, memory and CPU bind together);
 * `mixed` adds memory-heavy caches, CPU-heavy workers and GPU inference pods, the shapes that
 * strand capacity when a policy packs them carelessly.
 */
export const WORKLOAD_MIXES: Readonly<Record<string, readonly TaskShape[]>> = {
  web: [
    { name: 'web-small', cpuMillicores: 250, memoryMiB: 512, weight: 4 },
    { name: 'web-medium', cpuMillicores: 500, memoryMiB: 1024, weight: 3 },
    { name: 'web-large', cpuMillicores: 1000, memoryMiB: 2048, weight: 1 },
  ],
  mixed: [
    { name: 'web-small', cpuMillicores: 250, memoryMiB: 512, weight: 4 },
    { name: 'cache', cpuMillicores: 250, memoryMiB: 6144, weight: 1 },
    { name: 'worker', cpuMillicores: 2000, memoryMiB: 1024, weight: 1 },
    { name: 'inference', cpuMillicores: 1000, memoryMiB: 4096, weight: 1, gpu: true },
  ],
};

export const BENCH_AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;
export const GPU_EVERY = 10;
export const GENERAL_TYPE = 'm5.xlarge';
export const GPU_TYPE = 'g4dn.xlarge';

export interface WorkloadOptions {
  readonly mix: string;
  /** Fraction of the cluster's CPU or memory (the one the tasks ask more of) they ask for (0..1]. */
  readonly fill: number;
  /** Fraction of the running tasks replaced per churn round (0..1). */
  readonly churn: number;
  readonly churnRounds: number;
}

export const DEFAULT_WORKLOAD: Omit<WorkloadOptions, 'mix'> = { fill: 0.6, churn: 0.2, churnRounds: 1 };

/** A shape's CPU in cpu shares (src/model/resources.ts). */
export function shapeCpu(shape: TaskShape): number {
  return shape.cpuMillicores * CPU_SHARES_PER_MILLICORE;
}
