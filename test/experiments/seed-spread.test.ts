import { describe, expect, it } from 'vitest';
import { formatOutside, MAX_TABLE_SEEDS, medianInRange, seedSpread, seedsOutside, tableSeeds } from '../../src/experiments/seed-spread.js';

describe('seed-robust table cells', () => {
  it('derive their seeds from the base seed, a set of their own for every base', () => {
    expect(tableSeeds('1', 3)).toEqual(['1-1', '1-2', '1-3']);
    expect(tableSeeds('1', 21).filter((s) => tableSeeds('2', 21).includes(s))).toEqual([]);
    expect(() => tableSeeds('1', 0)).toThrow(RangeError);
    expect(() => tableSeeds('1', MAX_TABLE_SEEDS + 1)).toThrow(RangeError);
  });

  it('report the median and the p5-p95 of the seeds that gave a value', () => {
    expect(seedSpread([3, 1, 2, null])).toEqual({ n: 3, p5: 1.1, median: 2, p95: 2.9 });
    expect(seedSpread([null, null])).toBeNull();
  });

  it('judge "in range" on the median, and count the single seeds outside (a seed without a value is outside)', () => {
    const values = [4, 4.5, 5.5, 6, 7, null];
    expect(medianInRange(seedSpread(values), [5, 30])).toBe(true);
    expect(seedsOutside(values, [5, 30])).toBe(3);
    expect(medianInRange(seedSpread([1, 2, 9]), [5, 30])).toBe(false);
    expect(medianInRange(null, [5, 30])).toBe(false);
    expect(formatOutside(0, 21)).toBe('');
    expect(formatOutside(3, 21)).toBe('; 3/21 seeds outside');
  });
});
