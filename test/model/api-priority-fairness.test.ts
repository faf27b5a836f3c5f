import { describe, expect, it } from 'vitest';
import { classify, clientSideRate, maxMinShares, priorityLevelSeats, rejectedFraction, requestCost } from '../../src/model/api-priority-fairness.js';
import { API_SERVER } from '../../src/model/params/api-server.js';

describe('API Priority and Fairness (src/model/api-priority-fairness.ts)', () => {
  it('splits 600 seats per server by the default nominal shares (sum 245)', () => {
    const one = { ...API_SERVER, servers: 1 };
    expect(priorityLevelSeats(one, 'workload-high')).toBe(98); // ceil(600 x 40 / 245)
    expect(priorityLevelSeats(one, 'workload-low')).toBe(245); // ceil(600 x 100 / 245)
    expect(priorityLevelSeats(one, 'global-default')).toBe(49);
    expect(priorityLevelSeats(one, 'catch-all')).toBe(13);
    expect(priorityLevelSeats(API_SERVER, 'workload-high')).toBe(196); // two API servers
  });

  it('charges a LIST seats by the objects it returns, 1 to 10', () => {
    expect(requestCost(API_SERVER, 'get')).toBe(0.01);
    expect(requestCost(API_SERVER, 'create')).toBe(0.025);
    expect(requestCost(API_SERVER, 'list', 50)).toBeCloseTo(1 * (0.05 + 0.005), 12);
    expect(requestCost(API_SERVER, 'list', 1_000)).toBeCloseTo(10 * 0.15, 12);
    expect(requestCost(API_SERVER, 'list', 5_000)).toBeCloseTo(10 * 0.55, 12);
  });

  it('puts a kube-system service account in the ReplicaSet controller flow when it asks for the same namespace', () => {
    const rs = classify({ name: 'replicaset-controller', kind: 'kube-controller-manager' }, 'default');
    const op = classify({ name: 'pod-watcher', kind: 'serviceaccount', namespace: 'kube-system' }, 'default');
    expect(op).toMatchObject({ flowSchema: 'kube-system-service-accounts', priorityLevel: 'workload-high' });
    expect(op.flow).toBe(rs.flow);
    // Cluster-wide requests are another flow (ByNamespace), and other namespaces' service accounts another level.
    expect(classify({ name: 'pod-watcher', kind: 'serviceaccount', namespace: 'kube-system' }, '').flow).not.toBe(rs.flow);
    expect(classify({ name: 'pod-watcher', kind: 'serviceaccount', namespace: 'monitoring' }, 'default').priorityLevel).toBe('workload-low');
    expect(classify({ name: 'kube-scheduler', kind: 'kube-scheduler' }, 'default').flow).not.toBe(rs.flow);
  });

  it('shares seats max-min fairly: small flows get what they ask, big ones split the rest', () => {
    expect(maxMinShares(100, [10, 200, 200])).toEqual([10, 45, 45]);
    expect(maxMinShares(100, [10, 20])).toEqual([10, 20]);
    expect(maxMinShares(196, [1.25, 3000.5]).map((x) => Math.round(x * 100) / 100)).toEqual([1.25, 194.75]);
  });

  it('rejects nothing within the fair share, and more the more a flow asks beyond it', () => {
    const seats = priorityLevelSeats(API_SERVER, 'workload-high');
    const rejected = (qps: number): number => {
      const demand = [API_SERVER.schedulerQps * 0.025, qps * requestCost(API_SERVER, 'list', 1_000) + API_SERVER.controllerManagerQps * 0.025];
      const shares = maxMinShares(seats, demand);
      return rejectedFraction(demand[1]!, shares[1]!);
    };
    expect(rejected(5)).toBe(0);
    expect(rejected(100)).toBe(0);
    const r800 = rejected(800);
    const r2000 = rejected(2_000);
    expect(r800).toBeGreaterThan(0.8);
    expect(r2000).toBeGreaterThan(r800);
    expect(r2000).toBeCloseTo(1 - (196 - 1.25) / 3000.5, 6);
  });

  it("caps a client's rate at its client-side limiter (client-go QPS 5)", () => {
    expect(clientSideRate(2_000, API_SERVER.clientGoDefaultQps)).toBe(5);
    expect(clientSideRate(3, 5)).toBe(3);
    expect(clientSideRate(2_000, null)).toBe(2_000);
  });
});
