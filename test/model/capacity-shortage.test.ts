import { describe, expect, it } from 'vitest';
import { capacityShort, covers, fargateCapacityShort, type CapacityShortage } from '../../src/model/capacity-shortage.js';

/** EC2 capacity shortages (docs/models.md, "EC2 capacity errors"): which launches they refuse. */

const shortage = (over: Partial<CapacityShortage> = {}): CapacityShortage => ({
  launchType: 'EC2',
  instanceTypes: new Set(['m5.xlarge']),
  azs: new Set(['us-east-1a']),
  capacityType: null,
  untilMs: null,
  launchFailureRate: 1,
  ...over,
});
const never = (): number => {
  throw new Error('no draw expected');
};

describe('capacity shortages', () => {
  it('cover only their types, AZs and capacity type (null: any)', () => {
    expect(covers(shortage(), 'm5.xlarge', 'us-east-1a', 'on-demand')).toBe(true);
    expect(covers(shortage(), 'm5a.xlarge', 'us-east-1a', 'on-demand')).toBe(false);
    expect(covers(shortage(), 'm5.xlarge', 'us-east-1b', 'on-demand')).toBe(false);
    expect(covers(shortage({ capacityType: 'spot' }), 'm5.xlarge', 'us-east-1a', 'on-demand')).toBe(false);
    expect(covers(shortage({ capacityType: 'spot' }), 'm5.xlarge', 'us-east-1a', 'spot')).toBe(true);
    expect(covers(shortage({ instanceTypes: null, azs: null }), 'c7g.large', 'us-east-1c', 'spot')).toBe(true);
  });

  it('refuse every covered launch without drawing, and nothing else', () => {
    expect(capacityShort([shortage()], 'm5.xlarge', 'us-east-1a', 'on-demand', never)).toBe(true);
    expect(capacityShort([shortage()], 'm5.xlarge', 'us-east-1b', 'on-demand', never)).toBe(false);
    expect(capacityShort([], 'm5.xlarge', 'us-east-1a', 'on-demand', never)).toBe(false);
  });

  it('at a rate below 1, refuse a covered launch when the draw is below the rate', () => {
    const partial = [shortage({ launchFailureRate: 0.25 })];
    expect(capacityShort(partial, 'm5.xlarge', 'us-east-1a', 'on-demand', () => 0.2499)).toBe(true);
    expect(capacityShort(partial, 'm5.xlarge', 'us-east-1a', 'on-demand', () => 0.25)).toBe(false);
    // An uncovered launch draws nothing, so other launches' draws do not shift.
    expect(capacityShort(partial, 'm5.large', 'us-east-1a', 'on-demand', never)).toBe(false);
  });

  it('let the first covering shortage decide', () => {
    const both = [shortage({ launchFailureRate: 0.5 }), shortage({ launchFailureRate: 1 })];
    expect(capacityShort(both, 'm5.xlarge', 'us-east-1a', 'on-demand', () => 0.9)).toBe(false);
  });
});

describe('Fargate capacity shortages', () => {
  const fargate = (over: Partial<CapacityShortage> = {}): CapacityShortage => shortage({ launchType: 'FARGATE', instanceTypes: null, ...over });

  it('refuse Fargate task launches in their AZs and capacity type, and never an EC2 launch', () => {
    const spot = [fargate({ capacityType: 'spot' })];
    expect(fargateCapacityShort(spot, 'us-east-1a', 'spot', never)).toBe(true);
    // Fargate Spot short is not On-Demand Fargate short, and another AZ has capacity.
    expect(fargateCapacityShort(spot, 'us-east-1a', 'on-demand', never)).toBe(false);
    expect(fargateCapacityShort(spot, 'us-east-1b', 'spot', never)).toBe(false);
    expect(capacityShort(spot, 'm5.xlarge', 'us-east-1a', 'spot', never)).toBe(false);
    expect(covers(fargate({ azs: null }), 'm5.xlarge', 'us-east-1a', 'on-demand')).toBe(false);
  });

  it('leave Fargate alone when EC2 is short, and draw only for a covering partial shortage', () => {
    expect(fargateCapacityShort([shortage({ instanceTypes: null, azs: null })], 'us-east-1a', 'on-demand', never)).toBe(false);
    const partial = [fargate({ launchFailureRate: 0.5 })];
    expect(fargateCapacityShort(partial, 'us-east-1a', 'on-demand', () => 0.49)).toBe(true);
    expect(fargateCapacityShort(partial, 'us-east-1a', 'on-demand', () => 0.5)).toBe(false);
    expect(fargateCapacityShort(partial, 'us-east-1c', 'on-demand', never)).toBe(false);
  });
});
