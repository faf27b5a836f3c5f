import { describe, expect, it } from 'vitest';
import { candidatesAsked, dnsCapacityQps, dnsQueryDropWithRetries, dnsQueryFailureFraction, dnsRequestFailureFraction, lookupOutcome, podSearchDomains, searchCandidates } from '../../src/model/dns.js';
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

describe("a pod's resolver (search list, ndots, timeouts and retries)", () => {
  const conf = COREDNS.resolver;

  it('writes the search list kubelet gives a pod in the default namespace, then the VPC domain', () => {
    expect(podSearchDomains('default', 'cluster.local', 'ec2.internal')).toEqual(['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal']);
    expect(conf).toMatchObject({ ndots: 5, timeoutMs: 5_000, attempts: 2 });
  });

  it('expands a name with fewer than ndots dots through the search list first; an absolute name is asked as is', () => {
    expect(searchCandidates('orders', conf)).toEqual(['orders.default.svc.cluster.local', 'orders.svc.cluster.local', 'orders.cluster.local', 'orders.ec2.internal', 'orders']);
    expect(searchCandidates('a.b.c.d.e.f', conf)[0]).toBe('a.b.c.d.e.f');
    expect(searchCandidates('api.stripe.com.', conf)).toEqual(['api.stripe.com']);
  });

  it.each([
    ['orders', 1],
    ['orders.payments', 2],
    ['orders.default.svc.cluster.local', 5],
    ['api.stripe.com', 5],
    ['api.stripe.com.', 1],
    ['orders.default.svc.cluster.local.', 1],
  ])('looks %s up in %i candidate names', (name, n) => {
    expect(candidatesAsked(name, conf, 'cluster.local')).toBe(n);
  });

  it('answers at once without drops: an A and an AAAA query per candidate', () => {
    expect(lookupOutcome(0, 1, conf)).toEqual({ success: 1, delayMsIfSuccess: 0, queries: 2 });
    expect(lookupOutcome(0, 5, conf).queries).toBe(10);
  });

  it('turns a dropped query into a timeout and a retry; fails the lookup only when both tries time out', () => {
    const f = 0.2;
    const q = 1 - (1 - f) ** 2; // a try needs both of its queries answered
    const o = lookupOutcome(f, 1, conf);
    expect(o.success).toBeCloseTo(1 - q * q, 12);
    // Succeeding on the second try cost one 5 s timeout.
    expect(o.delayMsIfSuccess).toBeCloseTo((5_000 * q * (1 - q)) / (1 - q * q), 9);
    expect(o.queries).toBeCloseTo(2 * (1 + q), 12);
    // A query's failure is far likelier than a lookup's: the retry absorbs most drops.
    expect(1 - o.success).toBeLessThan(dnsRequestFailureFraction(f, 2));
  });

  it('passes over a timed-out search candidate under Go, ends the lookup under glibc', () => {
    const f = 0.3;
    const go = lookupOutcome(f, 5, { ...conf, library: 'go' });
    const glibc = lookupOutcome(f, 5, { ...conf, library: 'glibc' });
    expect(go.success).toBeCloseTo(lookupOutcome(f, 1, conf).success, 12);
    expect(glibc.success).toBeCloseTo(lookupOutcome(f, 1, conf).success ** 5, 12);
    expect(go.delayMsIfSuccess).toBeGreaterThan(lookupOutcome(f, 1, conf).delayMsIfSuccess);
  });

  it('drops more once clients retry what was dropped (a fixed point), never all while some capacity is left', () => {
    const perLookup = (f: number): number => lookupOutcome(f, 1, conf).queries;
    const drop = dnsQueryDropWithRetries(6_000, 10_000, perLookup);
    expect(drop).toBeGreaterThan(1 / 6);
    expect(drop).toBeLessThan(1);
    expect(drop).toBeCloseTo(dnsQueryFailureFraction(6_000 * perLookup(drop), 10_000), 6);
    expect(dnsQueryDropWithRetries(4_000, 10_000, perLookup)).toBe(0);
    expect(dnsQueryDropWithRetries(1, 0, perLookup)).toBe(1);
  });
});
