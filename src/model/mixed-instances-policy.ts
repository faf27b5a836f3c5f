import type { InstanceType } from './catalog/instance-type.js';

/**
 * An Auto Scaling group's mixed instances policy (Amazon EC2 Auto Scaling API,
 * `MixedInstancesPolicy`; docs/models.md, "EC2 capacity errors"): the launch template's
 * overrides (instance types, in priority order) and the instances distribution. Plain data; the
 * functions below are Auto Scaling's rules, pure.
 */
export interface MixedInstancesPolicy {
  /** `LaunchTemplate.Overrides[].InstanceType`, in the order given: the priority order. */
  readonly instanceTypes: readonly InstanceType[];
  /** `OnDemandAllocationStrategy`: `lowest-price` (the API's default for new groups) or `prioritized`. */
  readonly onDemandAllocationStrategy: OnDemandAllocationStrategy;
  /** `OnDemandBaseCapacity`: the first instances, all On-Demand (default 0). */
  readonly onDemandBaseCapacity: number;
  /** `OnDemandPercentageAboveBaseCapacity`: the On-Demand share of the rest, percent (default 100). */
  readonly onDemandPercentageAboveBaseCapacity: number;
  /** `SpotAllocationStrategy` (default `price-capacity-optimized`). */
  readonly spotAllocationStrategy: SpotAllocationStrategy;
}

export type OnDemandAllocationStrategy = 'lowest-price' | 'prioritized';
export type SpotAllocationStrategy = 'price-capacity-optimized' | 'capacity-optimized' | 'capacity-optimized-prioritized' | 'lowest-price';

/** The instances distribution's defaults (CreateAutoScalingGroup, `InstancesDistribution`). */
export const INSTANCES_DISTRIBUTION_DEFAULTS = {
  onDemandAllocationStrategy: 'lowest-price',
  onDemandBaseCapacity: 0,
  onDemandPercentageAboveBaseCapacity: 100,
  spotAllocationStrategy: 'price-capacity-optimized',
} as const satisfies Omit<MixedInstancesPolicy, 'instanceTypes'>;

/**
 * Whether the group's next instance is On-Demand or Spot, given how many of each it has: the
 * first `onDemandBaseCapacity` are On-Demand; above the base, On-Demand instances make up
 * `onDemandPercentageAboveBaseCapacity` percent, a fraction rounded toward On-Demand.
 */
export function nextCapacityType(policy: MixedInstancesPolicy, onDemand: number, spot: number): 'on-demand' | 'spot' {
  const base = policy.onDemandBaseCapacity;
  if (onDemand < base) return 'on-demand';
  const aboveBase = onDemand - base + spot + 1;
  const onDemandWanted = Math.ceil((aboveBase * policy.onDemandPercentageAboveBaseCapacity) / 100);
  return onDemand - base < onDemandWanted ? 'on-demand' : 'spot';
}

/**
 * The order in which Auto Scaling tries the policy's instance types for a capacity type:
 * `prioritized` (On-Demand) and `capacity-optimized-prioritized` (Spot) keep the overrides'
 * order; the other strategies go cheapest first (`hourlyUsd`), ties in the overrides' order.
 * *Assumption* for Spot: fleetsim models no Spot pool depths, so `price-capacity-optimized` and
 * `capacity-optimized` fall back on price as `lowest-price` does; a pool EC2 has no capacity in
 * fails with InsufficientInstanceCapacity and the next one is tried.
 */
export function launchOrder(policy: MixedInstancesPolicy, capacityType: 'on-demand' | 'spot', hourlyUsd: (type: InstanceType) => number): readonly InstanceType[] {
  const prioritized = capacityType === 'on-demand' ? policy.onDemandAllocationStrategy === 'prioritized' : policy.spotAllocationStrategy === 'capacity-optimized-prioritized';
  if (prioritized) return policy.instanceTypes;
  return policy.instanceTypes
    .map((type, i) => ({ type, i, price: hourlyUsd(type) }))
    .sort((a, b) => a.price - b.price || a.i - b.i)
    .map((x) => x.type);
}

/** Whether the policy ever launches a Spot instance (some share above the On-Demand base is Spot). */
export function launchesSpot(policy: MixedInstancesPolicy): boolean {
  return policy.onDemandPercentageAboveBaseCapacity < 100;
}
