import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/model/token-bucket.js';

describe('TokenBucket (Fargate launch rate, src/model/token-bucket.ts)', () => {
  it('starts full: the burst goes at once, the next token one refill interval later', () => {
    const b = new TokenBucket(100, 20);
    let taken = 0;
    while (b.tryTake(0)) taken++;
    expect(taken).toBe(100);
    expect(b.msUntil(0)).toBe(50);
    expect(b.tryTake(49)).toBe(false);
    expect(b.tryTake(50)).toBe(true);
  });

  it('sustains the refill rate: 20 a second after the burst', () => {
    const b = new TokenBucket(100, 20);
    let taken = 0;
    for (let t = 0; t <= 10_000; t += 10) while (b.tryTake(t)) taken++;
    expect(taken).toBe(100 + 200);
  });

  it('never holds more than its capacity', () => {
    const b = new TokenBucket(5, 1);
    expect(b.available(3_600_000)).toBe(5);
  });

  it('msUntil is exact: no token before it, one at it (any rate)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.01, max: 500, noNaN: true }), fc.integer({ min: 0, max: 10_000 }), (capacity, rate, start) => {
        const b = new TokenBucket(capacity, rate);
        while (b.tryTake(start));
        const wait = b.msUntil(start);
        expect(wait).toBeGreaterThan(0);
        if (wait > 1) expect(new TokenBucket(capacity, rate).msUntil(0)).toBe(0);
        expect(b.tryTake(start + wait)).toBe(true);
      }),
    );
  });

  it('rejects a bucket that could never give a token', () => {
    expect(() => new TokenBucket(0, 20)).toThrow(/capacity >= 1/);
    expect(() => new TokenBucket(100, 0)).toThrow(/refill rate > 0/);
  });
});
