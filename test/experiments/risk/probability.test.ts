import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeProbability, plannedRate, seedsForBound, seedsToDecide, verdictOf } from '../../../src/experiments/risk/probability-verdict.js';
import { wilsonInterval, Z_95 } from '../../../src/experiments/risk/wilson-interval.js';

describe('the Wilson score interval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Statistics in Medicine 17, Table I, method 3 (score interval without
  // continuity correction), to the four decimals printed there.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i: %f to %f (Newcombe 1998)', (k, n, low, high) => {
    const i = wilsonInterval(k, n);
    expect(i.low).toBeCloseTo(low, 4);
    expect(i.high).toBeCloseTo(high, 4);
  });

  it('32 of 40 seeds is 65 % to 90 % (the example of issue 19)', () => {
    const i = wilsonInterval(32, 40);
    expect(Math.round(i.low * 100)).toBe(65);
    expect(Math.round(i.high * 100)).toBe(90);
  });

  it('0 of n has the closed form [0, z²/(n + z²)], and n of n its mirror', () => {
    const z2 = Z_95 * Z_95;
    for (const n of [1, 7, 200, 1000]) {
      expect(wilsonInterval(0, n)).toEqual({ low: 0, high: expect.closeTo(z2 / (n + z2), 12) as unknown as number });
      expect(wilsonInterval(n, n)).toEqual({ low: expect.closeTo(n / (n + z2), 12) as unknown as number, high: 1 });
    }
  });

  it('contains the observed rate, stays in [0, 1], is symmetric in successes and failures, and narrows with more trials', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.round(f * n);
        const i = wilsonInterval(k, n);
        expect(i.low).toBeGreaterThanOrEqual(0);
        expect(i.high).toBeLessThanOrEqual(1);
        expect(i.low).toBeLessThanOrEqual(k / n + 1e-12);
        expect(i.high).toBeGreaterThanOrEqual(k / n - 1e-12);
        const mirror = wilsonInterval(n - k, n);
        expect(mirror.low).toBeCloseTo(1 - i.high, 12);
        const wider = wilsonInterval(k, n);
        const narrower = wilsonInterval(4 * k, 4 * n);
        expect(narrower.high - narrower.low).toBeLessThan(wider.high - wider.low);
      }),
    );
  });

  it('refuses counts that are not a proportion', () => {
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
  });
});

describe('judging a stated probability over seeds', () => {
  it('passes only when the whole interval is on the right side of the bound', () => {
    // 158 of 200: 72.8 % to 84.1 %.
    expect(judgeProbability(158, 200, { min: 0.7 })).toBe('passed');
    expect(judgeProbability(158, 200, { min: 0.75 })).toBe('not judged');
    expect(judgeProbability(158, 200, { min: 0.85 })).toBe('failed');
    expect(judgeProbability(158, 200, { max: 0.85 })).toBe('passed');
    expect(judgeProbability(158, 200, { max: 0.7 })).toBe('failed');
    expect(judgeProbability(158, 200, { min: 0.7, max: 0.8 })).toBe('not judged');
    expect(judgeProbability(158, 200, { min: 0.7, max: 0.9 })).toBe('passed');
  });

  it('never passes a bound on one seed that more seeds could still overturn', () => {
    for (const bound of [{ min: 0.5 }, { min: 0.7 }, { max: 0.02 }, { max: 0.3 }, { min: 0.2, max: 0.8 }]) {
      expect(judgeProbability(1, 1, bound)).not.toBe('passed');
      expect(judgeProbability(0, 1, bound)).not.toBe('passed');
    }
  });

  it('"under 2 %" needs 189 clean seeds: z²/(n + z²) <= 0.02 from n = 189', () => {
    expect(judgeProbability(0, 188, { max: 0.02 })).toBe('not judged');
    expect(judgeProbability(0, 189, { max: 0.02 })).toBe('passed');
    expect(seedsToDecide({ max: 0.02 }, 0)).toBe(189);
  });

  it('a mismatch of the interval and the bound is what verdictOf reports', () => {
    expect(verdictOf({ low: 0.1, high: 0.3 }, { min: 0.3 })).toBe('not judged');
    expect(verdictOf({ low: 0.3, high: 0.5 }, { min: 0.3 })).toBe('passed');
    expect(verdictOf({ low: 0.1, high: 0.29 }, { min: 0.3 })).toBe('failed');
  });
});

describe('the choice of N', () => {
  it('is the first n at which a run at the given rate is judged the way the rate deserves', () => {
    // n of n against min p decides once n / (n + z²) >= p: for 0.7, n >= 8.96.
    expect(seedsToDecide({ min: 0.7 }, 1)).toBe(9);
    expect(judgeProbability(8, 8, { min: 0.7 })).toBe('not judged');
    // A rate that breaks the bound is decided as failed.
    const n = seedsToDecide({ min: 0.7 }, 0.4)!;
    expect(judgeProbability(Math.round(0.4 * n), n, { min: 0.7 })).toBe('failed');
    expect(judgeProbability(Math.round(0.4 * (n - 1)), n - 1, { min: 0.7 })).toBe('not judged');
  });

  it('grows as the rate nears the bound, and gives up on a rate exactly on it', () => {
    const ns = [0.95, 0.9, 0.85, 0.8, 0.75].map((rate) => seedsToDecide({ min: 0.7 }, rate)!);
    for (let i = 1; i < ns.length; i++) expect(ns[i]!).toBeGreaterThan(ns[i - 1]!);
    expect(seedsToDecide({ min: 0.5 }, 0.5)).toBeNull();
  });

  it('decides at its n for any bound and rate off the bound (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (p, rate, isMin) => {
        fc.pre(Math.abs(rate - p) > 0.1);
        const bound = isMin ? { min: p } : { max: p };
        const n = seedsToDecide(bound, rate);
        expect(n).not.toBeNull();
        const verdict = judgeProbability(Math.round(rate * n!), n!, bound);
        expect(verdict).toBe((isMin ? rate >= p : rate <= p) ? 'passed' : 'failed');
      }),
      { numRuns: 200 },
    );
  });

  it('tests plan for the middle of the stated range', () => {
    expect(plannedRate({ min: 0.6 })).toBeCloseTo(0.8, 12);
    expect(plannedRate({ max: 0.02 })).toBeCloseTo(0.01, 12);
    expect(plannedRate({ min: 0.2, max: 0.4 })).toBeCloseTo(0.3, 12);
    // 0.8 of n against min 0.6, and 0.01 of n against max 0.02.
    expect(seedsForBound({ min: 0.6 })).toBe(seedsToDecide({ min: 0.6 }, 0.8));
    expect(seedsForBound({ max: 0.02 })).toBe(seedsToDecide({ max: 0.02 }, 0.01));
    expect(seedsForBound({ max: 0.02 })).toBeGreaterThan(seedsToDecide({ max: 0.02 }, 0)!);
  });
});
