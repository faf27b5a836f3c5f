/**
 * ECS capacity providers: where a service's tasks run. An Auto Scaling group capacity provider
 * (optionally with managed scaling), or the built-in FARGATE and FARGATE_SPOT.
 */
export const FARGATE = 'FARGATE';
export const FARGATE_SPOT = 'FARGATE_SPOT';

export interface CapacityProviderStrategyItem {
  readonly capacityProvider: string;
  /** Tasks that run on this provider before weights apply (at most one item may set it). */
  readonly base: number;
  /** Relative share of the tasks beyond the bases. */
  readonly weight: number;
}

export interface ManagedScalingSpec {
  /** Target CapacityProviderReservation, percent (default 100). */
  readonly targetCapacity: number;
  readonly minimumScalingStepSize: number;
  readonly maximumScalingStepSize: number;
  /** A new instance blocks further scale-out for this long (default 300 s). */
  readonly instanceWarmupMs: number;
}

export interface CapacityProviderSpec {
  readonly name: string;
  readonly autoScalingGroup: string;
  readonly managedScaling: ManagedScalingSpec | null;
  /** Only instances without tasks are terminated on scale-in. */
  readonly managedTerminationProtection: boolean;
  /**
   * Managed instance draining: ECS drains an instance Auto Scaling terminates (scale-in,
   * AZRebalance) before it goes (src/model/instance-removal.ts); false: it goes with its tasks.
   */
  readonly managedDraining: boolean;
}

/** ManagedScaling defaults (ECS API reference, ManagedScaling). */
export const MANAGED_SCALING_DEFAULTS: ManagedScalingSpec = {
  targetCapacity: 100,
  minimumScalingStepSize: 1,
  maximumScalingStepSize: 10_000,
  instanceWarmupMs: 300_000,
};

export function isFargateProvider(name: string): boolean {
  return name === FARGATE || name === FARGATE_SPOT;
}

/**
 * The provider the next task goes to, given how many of the service's live tasks each provider
 * runs: first fill the `base`, then keep the tasks beyond the bases in proportion to the weights
 * (ECS "Capacity provider strategies": base, then weight). Ties go to the first item.
 */
export function chooseCapacityProvider(strategy: readonly CapacityProviderStrategyItem[], running: ReadonlyMap<string, number>): string {
  for (const item of strategy) if ((running.get(item.capacityProvider) ?? 0) < item.base) return item.capacityProvider;
  let best: CapacityProviderStrategyItem | undefined;
  let bestLoad = Number.POSITIVE_INFINITY;
  for (const item of strategy) {
    if (item.weight <= 0) continue;
    const load = ((running.get(item.capacityProvider) ?? 0) - item.base + 1) / item.weight;
    if (load < bestLoad) {
      bestLoad = load;
      best = item;
    }
  }
  return (best ?? strategy[0]!).capacityProvider;
}
