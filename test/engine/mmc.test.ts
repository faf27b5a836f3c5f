import { describe, expect, it } from 'vitest';
import { erlangCMeanWait, runMmc } from '../../bench/workloads/mmc-queue.js';

describe('M/M/c queue on the engine', () => {
  it('Erlang C gives the textbook value (c=2, a=1: Wq = 1/3 of a service time)', () => {
    // M/M/2 with lambda=1, mu=1: P(wait) = 1/3, Wq = P(wait) / (c mu - lambda) = 1/3.
    expect(erlangCMeanWait(1, 1, 2)).toBeCloseTo(1 / 3, 10);
  });

  it.each([
    { lambda: 2.4, mu: 1, c: 3, seed: 11 },
    { lambda: 0.9, mu: 0.25, c: 4, seed: 12 },
  ])('mean queueing delay matches Erlang C within 2.5% (lambda=$lambda mu=$mu c=$c)', ({ lambda, mu, c, seed }) => {
    const result = runMmc({ lambda, mu, c, customers: 1_000_000, seed });
    const expected = erlangCMeanWait(lambda, mu, c);
    expect(result.served).toBe(1_000_000);
    expect(Math.abs(result.meanWaitS - expected) / expected).toBeLessThan(0.025);
  });
});
