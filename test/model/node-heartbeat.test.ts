import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextMonitorPass, nodeNotReadyAt, nodeSchedulingCondition } from '../../src/model/node-heartbeat.js';
import type { Host } from '../../src/model/host.js';
import { NODE_HEALTH } from '../../src/model/params/node-health.js';

describe('node heartbeat (Lease renewal, node-monitor-grace-period, node-monitor-period)', () => {
  it('uses the Kubernetes 1.32+ defaults: grace 50 s, monitor pass 5 s, Lease renewed every 10 s', () => {
    expect(NODE_HEALTH.nodeMonitorGracePeriodMs).toBe(50_000);
    expect(NODE_HEALTH.nodeMonitorPeriodMs).toBe(5_000);
    expect(NODE_HEALTH.nodeLeaseRenewIntervalMs).toBe(10_000);
  });

  it('marks NotReady at the first pass strictly after the last renewal + grace', () => {
    // Registered at 0, silent at 2m: the renewal at 2m is the last; 2m50s is not after it, 2m55s is.
    expect(nodeNotReadyAt(120_000, 0, NODE_HEALTH)).toBe(175_000);
    // Silent at 2m09s: still the renewal at 2m.
    expect(nodeNotReadyAt(129_000, 0, NODE_HEALTH)).toBe(175_000);
    // Registered at 3 s: renewals at ...1m53s, 2m03s; silent at 2m09s -> 2m03s + 50 s = 2m53s -> 2m55s.
    expect(nodeNotReadyAt(129_000, 3_000, NODE_HEALTH)).toBe(175_000);
    // Registered at 7.5 s: last renewal 1m57.5s -> 2m47.5s -> pass at 2m50s.
    expect(nodeNotReadyAt(120_000, 7_500, NODE_HEALTH)).toBe(170_000);
  });

  it('the grace period and the monitor period both count (the delay is not the bare grace period)', () => {
    const params = { ...NODE_HEALTH, nodeMonitorGracePeriodMs: 40_000 };
    expect(nodeNotReadyAt(120_000, 0, params)).toBe(165_000);
    expect(nodeNotReadyAt(120_000, 0, { ...NODE_HEALTH, nodeMonitorPeriodMs: 1_000 })).toBe(171_000);
  });

  it('is 40-55 s after the kubelet goes silent, whatever the phases', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (registeredAt, offset) => {
        const silentAt = registeredAt + offset;
        const at = nodeNotReadyAt(silentAt, registeredAt, NODE_HEALTH);
        return at - silentAt > 40_000 && at - silentAt <= 55_000 && at % NODE_HEALTH.nodeMonitorPeriodMs === 0;
      }),
    );
  });

  it('a reconnected node is seen at the next pass', () => {
    expect(nextMonitorPass(600_000, NODE_HEALTH)).toBe(605_000);
    expect(nextMonitorPass(601_000, NODE_HEALTH)).toBe(605_000);
  });

  it("kube-scheduler's view: a silent node looks Ready; one never Ready is not-ready; a cordon outlives a failure", () => {
    const host = (status: Host['status'], activeAt: number | null, cordoned: boolean): Host => ({ status, activeAt, cordoned }) as unknown as Host;
    expect(nodeSchedulingCondition(host('REGISTERING', null, false))).toBe('not-ready');
    expect(nodeSchedulingCondition(host('UNREACHABLE', null, false))).toBe('not-ready');
    expect(nodeSchedulingCondition(host('ACTIVE', 1, false))).toBe('ready');
    expect(nodeSchedulingCondition(host('UNREACHABLE', 1, false))).toBe('ready');
    expect(nodeSchedulingCondition(host('DRAINING', 1, true))).toBe('cordoned');
    expect(nodeSchedulingCondition(host('UNREACHABLE', 1, true))).toBe('cordoned');
    expect(nodeSchedulingCondition(host('DEREGISTERED', 1, false))).toBe('not-ready');
  });
});
