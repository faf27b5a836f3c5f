/**
 * How fast one vCPU of an instance family serves the same request, relative to a 5th-generation
 * x86 vCPU (m5, c5, r5: 1.0). A service's `load.cpuPerRequest` is the CPU one request costs on
 * that reference; on a family with performance p it costs cpuPerRequest / p.
 *
 * A documented assumption (docs/models.md, "CPU architecture and per-request CPU"): AWS publishes
 * no per-request figure, only "up to" claims per generation, which fleetsim takes as point
 * figures (so the benefit it shows is the claims' best case):
 * - 6th-generation Intel/AMD (m6i, c6i, m6a, ...): "up to 15 % better compute price performance"
 *   than the 5th at the same price (EC2 M6i/C6i product pages) -> 1.15;
 * - 7th generation and later x86 (m7i, c7i, m7a, ...): "up to 15 % better price performance" than
 *   the 6th at ~5 % higher price (EC2 M7i page; on-demand us-east-1) -> 1.15 x 1.15 x 1.05 = 1.39;
 * - Graviton2 (m6g, c6g, r6g, t4g): "up to 40 % better price performance over comparable current
 *   generation x86-based instances" (EC2 M6g page) at 20 % lower price (m6g.large $0.077 vs
 *   m5.large $0.096) -> 1.40 x 0.80 = 1.12;
 * - Graviton3 (m7g, c7g, r7g): "up to 25 % better compute performance" than Graviton2 (EC2 C7g
 *   page) -> 1.12 x 1.25 = 1.40;
 * - Graviton4 (m8g, c8g, r8g): "up to 30 % better performance" than Graviton3 (EC2 M8g page) ->
 *   1.40 x 1.30 = 1.82.
 * The seed's §12 claims "20-40 % better price-performance" for Graviton; scenarios/architecture
 * tests it on the web API with these figures.
 */
import type { CpuArchitecture, InstanceType } from '../catalog/instance-type.js';

export const CPU_PERFORMANCE = {
  x86Gen5: 1.0,
  x86Gen6: 1.15,
  x86Gen7: 1.39,
  graviton2: 1.12,
  graviton3: 1.4,
  graviton4: 1.82,
} as const;

/** The relative per-vCPU performance of an instance family (name like `m6g`, `c7i-flex`). */
export function familyPerformance(family: string, architecture: CpuArchitecture): number {
  const m = /^[a-z]+?(\d+)/.exec(family);
  const generation = m === null ? 5 : Number(m[1]);
  if (architecture === 'arm64') {
    if (generation >= 8) return CPU_PERFORMANCE.graviton4;
    if (generation === 7) return CPU_PERFORMANCE.graviton3;
    return CPU_PERFORMANCE.graviton2;
  }
  if (generation >= 7) return CPU_PERFORMANCE.x86Gen7;
  if (generation === 6) return CPU_PERFORMANCE.x86Gen6;
  return CPU_PERFORMANCE.x86Gen5;
}

/** An instance type's relative per-vCPU performance. */
export function instancePerformance(type: InstanceType): number {
  return familyPerformance(type.family, type.architecture);
}

/**
 * Fargate's: AWS does not say which processors Fargate runs on; fleetsim takes the reference
 * (1.0) for x86 and Graviton2 for ARM64 (assumption).
 */
export function fargatePerformance(architecture: CpuArchitecture): number {
  return architecture === 'arm64' ? CPU_PERFORMANCE.graviton2 : CPU_PERFORMANCE.x86Gen5;
}

/** The relative performance of the vCPU a task runs on: its instance's family, or Fargate's for its architecture. */
export function taskPerformance(task: { readonly host: { readonly instanceType: InstanceType } | null; readonly taskDefinition: { readonly cpuArchitecture?: CpuArchitecture } }): number {
  const type = task.host?.instanceType;
  return type === undefined ? fargatePerformance(task.taskDefinition.cpuArchitecture ?? 'x86_64') : instancePerformance(type);
}
