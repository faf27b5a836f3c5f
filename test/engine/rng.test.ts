import { describe, expect, it } from 'vitest';
import { DuplicateStreamError } from '../../src/engine/errors.js';
import { RandomStream } from '../../src/engine/rng.js';

const draws = (s: RandomStream, n: number): number[] => Array.from({ length: n }, () => s.random());

describe('RandomStream', () => {
  it('is reproducible: same seed and label, same draws', () => {
    expect(draws(RandomStream.root(42).fork('a'), 5)).toEqual(draws(RandomStream.root(42).fork('a'), 5));
  });

  it('a different seed or label changes the draws', () => {
    const base = draws(RandomStream.root(42).fork('a'), 5);
    expect(draws(RandomStream.root(43).fork('a'), 5)).not.toEqual(base);
    expect(draws(RandomStream.root(42).fork('b'), 5)).not.toEqual(base);
  });

  it('forks are independent: drawing from or adding a stream never shifts another', () => {
    const root1 = RandomStream.root(7);
    const a1 = root1.fork('a');
    const alone = draws(a1, 10);

    const root2 = RandomStream.root(7);
    const extra = root2.fork('new-stream');
    draws(extra, 1000);
    const a2 = root2.fork('a');
    draws(root2.fork('b'), 50);
    expect(draws(a2, 10)).toEqual(alone);
  });

  it('refuses to fork a label twice from the same parent (both forks would draw alike), naming it', () => {
    const root = RandomStream.root(42);
    root.fork('app-failures');
    expect(() => root.fork('app-failures')).toThrow(new DuplicateStreamError('app-failures', '42'));
    expect(() => root.fork('app-failures')).toThrow("random stream 'app-failures' forked twice (seed 42)");
    const faults = root.fork('faults');
    faults.fork('3');
    expect(() => faults.fork('3')).toThrow(/'faults\/3' forked twice/);
    // The same label under different parents names different streams: allowed.
    expect(root.fork('3').label).toBe('3');
    expect(RandomStream.root(42).fork('app-failures').label).toBe('app-failures');
  });

  it('nested forks are a pure function of the label path', () => {
    expect(draws(RandomStream.root(1).fork('x').fork('y'), 3)).toEqual(draws(RandomStream.root(1).fork('x').fork('y'), 3));
    expect(RandomStream.root(1).fork('x').fork('y').label).toBe('x/y');
  });

  it('distributions have the right means', () => {
    const s = RandomStream.root(3).fork('dist');
    const n = 200_000;
    let exp = 0;
    let norm = 0;
    let uni = 0;
    let tri = 0;
    let hits = 0;
    const logs: number[] = [];
    for (let i = 0; i < n; i++) {
      exp += s.exponential(5);
      norm += s.normal(10, 2);
      uni += s.uniform(2, 4);
      tri += s.triangular(0, 3, 6);
      if (s.bernoulli(0.3)) hits++;
      logs.push(s.logNormal(100, 0.5));
    }
    expect(exp / n).toBeCloseTo(5, 1);
    expect(norm / n).toBeCloseTo(10, 1);
    expect(uni / n).toBeCloseTo(3, 2);
    expect(tri / n).toBeCloseTo(3, 1);
    expect(hits / n).toBeCloseTo(0.3, 2);
    logs.sort((a, b) => a - b);
    expect(logs[n / 2]!).toBeGreaterThan(98);
    expect(logs[n / 2]!).toBeLessThan(102);
  });

  it('int() covers both ends and pick() every element', () => {
    const s = RandomStream.root(5).fork('ints');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(s.int(1, 4));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
    const picked = new Set<string>();
    for (let i = 0; i < 1000; i++) picked.add(s.pick(['a', 'b', 'c']));
    expect(picked.size).toBe(3);
    expect(() => s.pick([])).toThrow();
  });
});

describe('RandomStream.sample', () => {
  it('draws n distinct items without replacement, reproducibly, and leaves its input alone', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = RandomStream.root(7).fork('s').sample(items, 5);
    const b = RandomStream.root(7).fork('s').sample(items, 5);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(5);
    expect(items).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(RandomStream.root(7).fork('s').sample(items, 50).sort((x, y) => x - y)).toEqual(items);
    expect(RandomStream.root(7).fork('s').sample([], 3)).toEqual([]);
  });

  it('is uniform: each of 4 items is chosen first about a quarter of the time', () => {
    const rng = RandomStream.root(1).fork('uniform');
    const firsts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) firsts[rng.sample([0, 1, 2, 3], 2)[0]!]!++;
    for (const n of firsts) expect(n / 8000).toBeCloseTo(0.25, 1);
  });
});
