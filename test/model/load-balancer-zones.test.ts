import { describe, expect, it } from 'vitest';
import { healthyZone, observeZone, zoneDnsWeight } from '../../src/model/load-balancer-zones.js';
import { LOAD_BALANCER_ZONES } from '../../src/model/params/load-balancer-zones.js';

const p = { dnsTtlMs: 60_000, zoneFailoverDetectionMs: 30_000 };

describe("a load balancer zone's share in clients' DNS", () => {
  it('uses the documented 60 s TTL', () => {
    expect(LOAD_BALANCER_ZONES.dnsTtlMs).toBe(60_000);
  });

  it('holds a full share until DNS drops the zone, then falls to 0 as cached answers expire over the TTL', () => {
    const zone = healthyZone('us-east-1b');
    expect(observeZone(zone, true, 0, p)).toBe(true);
    expect(zoneDnsWeight(zone, 100_000, p)).toBe(1);
    expect(observeZone(zone, false, 300_000, p)).toBe(false);
    expect(zoneDnsWeight(zone, 300_000, p)).toBe(1);
    expect(zoneDnsWeight(zone, 330_000, p)).toBe(1);
    expect(zoneDnsWeight(zone, 360_000, p)).toBe(0.5);
    expect(zoneDnsWeight(zone, 390_000, p)).toBe(0);
    expect(zoneDnsWeight(zone, 900_000, p)).toBe(0);
  });

  it('comes back the same way once healthy, and is settled at a full share again', () => {
    const zone = healthyZone('us-east-1b');
    observeZone(zone, false, 0, p);
    expect(observeZone(zone, true, 600_000, p)).toBe(false);
    expect(zoneDnsWeight(zone, 630_000, p)).toBe(0);
    expect(zoneDnsWeight(zone, 660_000, p)).toBe(0.5);
    expect(observeZone(zone, true, 690_000, p)).toBe(true);
    expect(zone.changedAt).toBeNull();
    expect(zoneDnsWeight(zone, 700_000, p)).toBe(1);
  });

  it('starts a change in mid-transition from where the weight was', () => {
    const zone = healthyZone('us-east-1b');
    observeZone(zone, false, 0, p);
    // At 60 s the weight is 0.5; healthy again: held at 0.5 for the detection delay, then up.
    observeZone(zone, true, 60_000, p);
    expect(zoneDnsWeight(zone, 80_000, p)).toBe(0.5);
    expect(zoneDnsWeight(zone, 120_000, p)).toBe(1);
  });
});
