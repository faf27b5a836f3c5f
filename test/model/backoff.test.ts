import { describe, expect, it } from 'vitest';
import { cappedBackoffMs } from '../../src/model/backoff.js';

describe('cappedBackoffMs', () => {
  it('doubles the first delay with each step until the cap', () => {
    // kubelet's container restart back-off: 10 s doubling, 300 s cap.
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => cappedBackoffMs(10_000, 300_000, n))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    // client-go's per-item limiter: 5 ms doubling to 1,000 s; 2^18 x 5 ms passes it.
    expect(cappedBackoffMs(5, 1_000_000, 17)).toBe(655_360);
    expect(cappedBackoffMs(5, 1_000_000, 18)).toBe(1_000_000);
  });

  it('stays at the cap however many steps, and at 0 for a first delay of 0', () => {
    for (const step of [40, 1023, 1024, 5_000, Number.MAX_SAFE_INTEGER]) {
      expect(cappedBackoffMs(5, 1_000_000, step)).toBe(1_000_000);
      expect(cappedBackoffMs(0, 1_000_000, step)).toBe(0);
    }
  });
});
