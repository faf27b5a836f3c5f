import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { INSTANCES_DISTRIBUTION_DEFAULTS, launchOrder, nextCapacityType, type MixedInstancesPolicy } from '../../src/model/mixed-instances-policy.js';

/** Auto Scaling's mixed instances policy (docs/models.md, "EC2 capacity errors"): the split and the type order. */

const types = ['m6i.xlarge', 'm5.xlarge', 'm5a.xlarge'].map((n) => getInstanceType(n)!);
const policy = (over: Partial<MixedInstancesPolicy> = {}): MixedInstancesPolicy => ({ ...INSTANCES_DISTRIBUTION_DEFAULTS, instanceTypes: types, ...over });
const price = (t: { onDemandHourlyUsd: number }): number => t.onDemandHourlyUsd;

describe('the instances distribution', () => {
  it('launches the base On-Demand, then splits the rest by the percentage, rounding toward On-Demand', () => {
    const p = policy({ onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 50 });
    let onDemand = 0;
    let spot = 0;
    const kinds: string[] = [];
    for (let i = 0; i < 7; i++) {
      const next = nextCapacityType(p, onDemand, spot);
      kinds.push(next);
      if (next === 'spot') spot++;
      else onDemand++;
    }
    // 2 base On-Demand; above it 50 %: 1 of 1 (rounded up), 1 of 2, 2 of 3, 2 of 4, 3 of 5.
    expect(kinds).toEqual(['on-demand', 'on-demand', 'on-demand', 'spot', 'on-demand', 'spot', 'on-demand']);
  });

  it('is all On-Demand by default and all Spot at 0 % above a zero base', () => {
    expect(nextCapacityType(policy(), 10, 0)).toBe('on-demand');
    expect(nextCapacityType(policy({ onDemandPercentageAboveBaseCapacity: 0 }), 0, 5)).toBe('spot');
  });
});

describe('the launch order', () => {
  it('keeps the overrides order for prioritized, and goes cheapest first for lowest-price', () => {
    expect(launchOrder(policy({ onDemandAllocationStrategy: 'prioritized' }), 'on-demand', price).map((t) => t.name)).toEqual(['m6i.xlarge', 'm5.xlarge', 'm5a.xlarge']);
    const cheapest = launchOrder(policy(), 'on-demand', price).map((t) => t.name);
    const prices = cheapest.map((n) => getInstanceType(n)!.onDemandHourlyUsd);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    expect(cheapest[0]).toBe('m5a.xlarge');
  });

  it('keeps the order for Spot only with capacity-optimized-prioritized', () => {
    expect(launchOrder(policy({ spotAllocationStrategy: 'capacity-optimized-prioritized' }), 'spot', price)[0]!.name).toBe('m6i.xlarge');
    expect(launchOrder(policy({ spotAllocationStrategy: 'price-capacity-optimized' }), 'spot', price)[0]!.name).toBe('m5a.xlarge');
  });
});
