import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import {
  billedSeconds,
  BYTES_PER_GB,
  commitmentSplit,
  DEFAULT_PRICING,
  defaultCommitment,
  ec2OnDemandHourlyUsd,
  fargateHourlyUsd,
  HOURS_PER_MONTH,
  lcus,
  type PricingSpec,
} from '../../src/model/pricing.js';

describe('pricing arithmetic', () => {
  it("prices the seed's Fargate example: 0.5 vCPU + 1 GB = $0.024685/h, $18.02 over a 730-hour month", () => {
    const hourly = fargateHourlyUsd(DEFAULT_PRICING, 0.5, 1024);
    expect(hourly).toBeCloseTo(0.024685, 9);
    expect(hourly * HOURS_PER_MONTH).toBeCloseTo(18.02, 2);
    // The seed's $17.78 is the same rate over 720 hours.
    expect(hourly * 720).toBeCloseTo(17.77, 2);
  });

  it("prices the seed's Web API on Fargate at $360.4/month, not the seed's $351", () => {
    expect(10 * fargateHourlyUsd(DEFAULT_PRICING, 1, 2048) * HOURS_PER_MONTH).toBeCloseTo(360.4, 1);
  });

  it('bills Fargate memory in GB of 1,024 MiB, and ARM 20 % below x86', () => {
    expect(fargateHourlyUsd(DEFAULT_PRICING, 0, 2048)).toBeCloseTo(2 * 0.004445, 9);
    const x86 = fargateHourlyUsd(DEFAULT_PRICING, 1, 2048, 'x86_64');
    const arm = fargateHourlyUsd(DEFAULT_PRICING, 1, 2048, 'arm64');
    expect(arm / x86).toBeCloseTo(0.8, 2);
  });

  it.each([
    [1, 60],
    [59_001, 60],
    [60_000, 60],
    [60_001, 61],
    [61_200, 62],
    [3_600_000, 3600],
  ])('bills %d ms as %d seconds (per second, rounded up, 60 s minimum)', (ms, seconds) => {
    expect(billedSeconds(ms, 60)).toBe(seconds);
  });

  it("takes EC2 prices from the catalog unless the scenario overrides them", () => {
    const m5 = getInstanceType('m5.xlarge')!;
    expect(ec2OnDemandHourlyUsd(DEFAULT_PRICING, m5)).toBe(0.192);
    const p: PricingSpec = { ...DEFAULT_PRICING, ec2: { ...DEFAULT_PRICING.ec2, onDemandHourlyUsd: { 'm5.xlarge': 0.25 } } };
    expect(ec2OnDemandHourlyUsd(p, m5)).toBe(0.25);
  });

  it('splits on-demand usage by commitment coverage; Reserved Instances do not cover Fargate', () => {
    expect(commitmentSplit(DEFAULT_PRICING.commitment, 'ec2')).toEqual([['on-demand', 1, 1]]);
    const ri = { ...defaultCommitment('reserved-instances'), coverage: 0.75 };
    const parts = commitmentSplit(ri, 'ec2');
    expect(parts[0]![0]).toBe('reserved');
    expect(parts[0]![1]).toBeCloseTo(0.75, 9);
    expect(parts[0]![2]).toBeCloseTo(0.63, 9);
    expect(parts[1]![0]).toBe('on-demand');
    expect(parts[1]![1]).toBeCloseTo(0.25, 9);
    expect(commitmentSplit(ri, 'fargate')).toEqual([['on-demand', 1, 1]]);
    expect(commitmentSplit(defaultCommitment('savings-plan'), 'fargate')[0]![2]).toBeCloseTo(0.8, 9);
  });

  it('charges the largest LCU dimension: processed bytes, new connections, active connections, rules', () => {
    // 1 GB processed in an hour (all requests, no successful response bytes) = 1 LCU.
    const p: PricingSpec = { ...DEFAULT_PRICING, requests: { ...DEFAULT_PRICING.requests, requestBytes: 1024, responseBytes: 0, requestsPerConnection: 1e6 } };
    expect(lcus(p, { requests: BYTES_PER_GB / 1024, successful: 0 }, 3600)).toBeCloseTo(1, 6);
    // 25 new connections per second (one request each, tiny bodies) = 1 LCU.
    const conn: PricingSpec = { ...DEFAULT_PRICING, requests: { requestBytes: 0, responseBytes: 0, requestsPerConnection: 1, connectionMs: 0, rulesEvaluated: 0 } };
    expect(lcus(conn, { requests: 25 * 3600, successful: 25 * 3600 }, 3600)).toBeCloseTo(1, 6);
    // 3,000 connections held open at once = 1 LCU.
    const active: PricingSpec = { ...conn, requests: { ...conn.requests, requestsPerConnection: 1, connectionMs: 600_000 } };
    expect(lcus(active, { requests: 5 * 3600, successful: 0 }, 3600)).toBeCloseTo(1, 6);
    // 11 rules per request: 1 charged rule evaluation per request; 1,000 per second = 1 LCU.
    const rules: PricingSpec = { ...conn, requests: { ...conn.requests, requestsPerConnection: 1e9, rulesEvaluated: 11 } };
    expect(lcus(rules, { requests: 1000 * 3600, successful: 0 }, 3600)).toBeCloseTo(1, 6);
  });

  it("makes the seed's ~$22 load balancer and ~$50 data transfer from 110 requests/s", () => {
    const seconds = 3600;
    const t = { requests: 110 * seconds, successful: 110 * seconds };
    const alb = DEFAULT_PRICING.loadBalancer.hourlyUsd * HOURS_PER_MONTH + lcus(DEFAULT_PRICING, t, seconds) * DEFAULT_PRICING.loadBalancer.lcuHourUsd * HOURS_PER_MONTH;
    expect(alb).toBeCloseTo(23.04, 1);
    const gbPerMonth = ((110 * DEFAULT_PRICING.requests.responseBytes) / BYTES_PER_GB) * 3600 * HOURS_PER_MONTH;
    expect(gbPerMonth * DEFAULT_PRICING.dataTransferOutPerGbUsd).toBeCloseTo(49.6, 1);
  });
});
