import { describe, expect, it } from 'vitest';
import { chooseCapacityProvider, type CapacityProviderStrategyItem } from '../../src/model/capacity-provider.js';

/** Places n tasks one by one and counts them per provider. */
function distribute(strategy: CapacityProviderStrategyItem[], n: number): Record<string, number> {
  const running = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const cp = chooseCapacityProvider(strategy, running);
    running.set(cp, (running.get(cp) ?? 0) + 1);
  }
  return Object.fromEntries(running);
}

describe('capacity provider strategy (base and weight)', () => {
  it('fills the base first, then splits by weight (the ECS docs example: base 2 on FARGATE, weights 1:1)', () => {
    expect(distribute([{ capacityProvider: 'FARGATE', base: 2, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }], 10)).toEqual({ FARGATE: 6, FARGATE_SPOT: 4 });
  });

  it('weights 1:3 put three quarters on the second provider', () => {
    expect(distribute([{ capacityProvider: 'A', base: 0, weight: 1 }, { capacityProvider: 'B', base: 0, weight: 3 }], 8)).toEqual({ A: 2, B: 6 });
  });

  it('a provider with weight 0 gets only its base', () => {
    expect(distribute([{ capacityProvider: 'A', base: 3, weight: 0 }, { capacityProvider: 'B', base: 0, weight: 1 }], 5)).toEqual({ A: 3, B: 2 });
  });
});
