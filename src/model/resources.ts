/**
 * Resource units. CPU is an integer count of "cpu shares" so that both ECS CPU units
 * (1,024 per vCPU) and Kubernetes millicores (1,000 per core) are exact integers:
 * 1 vCPU = 1,024,000 shares, 1 ECS unit = 1,000 shares, 1m = 1,024 shares. Integer sums never
 * drift when tasks are added and removed, so "fits" is exact.
 * Memory is whole MiB (ECS's unit); Kubernetes quantities are rounded up to the next MiB.
 */
export const CPU_SHARES_PER_VCPU = 1_024_000;
export const CPU_SHARES_PER_ECS_UNIT = 1_000;
export const CPU_SHARES_PER_MILLICORE = 1_024;

export function vcpuToShares(vcpu: number): number {
  return Math.round(vcpu * CPU_SHARES_PER_VCPU);
}

export function sharesToVcpu(shares: number): number {
  return shares / CPU_SHARES_PER_VCPU;
}

export function sharesToEcsUnits(shares: number): number {
  return shares / CPU_SHARES_PER_ECS_UNIT;
}

/** CPU and memory a task asks for, or a host offers. */
export interface ResourceAmounts {
  readonly cpu: number;
  readonly memoryMiB: number;
}
