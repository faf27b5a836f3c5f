import { describe, expect, it } from 'vitest';
import { dnsCapacityQps, dnsQueryFailureFraction, dnsRequestFailureFraction } from '../../src/model/dns.js';
import { COREDNS } from '../../src/model/params/coredns.js';

describe('CoreDNS capacity (src/model/dns.ts)', () => {
  it.each([
    [2, 10_000],
    [6, 30_000],
    [0, 0],
  ])('%i Ready replicas answer %i queries/s', (replicas, qps) => {
    expect(dnsCapacityQps(replicas, COREDNS.queriesPerSecondPerReplica)).toBe(qps);
  });

  it('drops nothing at or below capacity', () => {
    expect(dnsQueryFailureFraction(0, 10_000)).toBe(0);
    expect(dnsQueryFailureFraction(8_000, 10_000)).toBe(0);
    expect(dnsQueryFailureFraction(10_000, 10_000)).toBe(0);
    expect(dnsRequestFailureFraction(0, 4)).toBe(0);
  });

  it('drops the excess above capacity, spread over every query', () => {
    expect(dnsQueryFailureFraction(12_000, 10_000)).toBeCloseTo(1 / 6, 12);
    expect(dnsQueryFailureFraction(20_000, 10_000)).toBeCloseTo(0.5, 12);
    // No Ready replica: every query times out.
    expect(dnsQueryFailureFraction(1, 0)).toBe(1);
  });

  it('fails a request when any of its queries fails', () => {
    expect(dnsRequestFailureFraction(0.5, 1)).toBeCloseTo(0.5, 12);
    expect(dnsRequestFailureFraction(0.5, 2)).toBeCloseTo(0.75, 12);
    expect(dnsRequestFailureFraction(1 / 6, 4)).toBeCloseTo(1 - (5 / 6) ** 4, 12);
    expect(dnsRequestFailureFraction(1, 4)).toBe(1);
    // More queries per request, more failed requests.
    expect(dnsRequestFailureFraction(0.1, 4)).toBeGreaterThan(dnsRequestFailureFraction(0.1, 2));
  });
});
