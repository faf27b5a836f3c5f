import { describe, expect, it } from 'vitest';
import { KubeScheduler } from '../../src/controllers/eks/kube-scheduler.js';
import type { Kubelet } from '../../src/controllers/eks/kubelet.js';
import { EKS_TIMING } from '../../src/model/params/eks-timing.js';
import type { PlacementPolicy } from '../../src/policy/placement-policy.js';
import { KubeCluster } from '../support/kube-fixtures.js';

/**
 * kube-scheduler's unschedulable queue: a pod that failed scheduling waits there until a cluster
 * event that could help, or until the leftover flush (every 30 s) finds it there longer than
 * podMaxInUnschedulablePodsDuration (5 min).
 */
describe('kube-scheduler unschedulable queue', () => {
  function setup() {
    // One node of 4 vCPU; the pod asks for 8: it never fits.
    const c = new KubeCluster().node({ name: 'n1' }).workload('big', { cpu: 8000 });
    const inner = c.policy();
    const attempts: number[] = [];
    // kube-scheduler only asks its policy to place: count the attempts.
    const policy = {
      place: (request, state) => {
        attempts.push(c.sim.now);
        return inner.place(request, state);
      },
    } as Pick<PlacementPolicy, 'place'> as PlacementPolicy;
    const kubelet = { startTask: () => undefined } as unknown as Kubelet;
    const scheduler = new KubeScheduler(c.sim, c.actions, policy, kubelet, EKS_TIMING, c.trace);
    return { c, scheduler, attempts };
  }

  it('uses the upstream defaults: 5 min in the unschedulable pods, flushed every 30 s', () => {
    expect(EKS_TIMING.schedulerMaxInUnschedulableMs).toBe(300_000);
    expect(EKS_TIMING.schedulerUnschedulableFlushMs).toBe(30_000);
  });

  it('retries a pod no event helps at the first flush more than 5 min after its last attempt', () => {
    const { c, scheduler, attempts } = setup();
    c.sim.at(1_000, () => scheduler.enqueue(c.actions.tasks.create(c.service('big'))));
    c.sim.run({ until: 1_000_000 });
    // 1 s; then 5m01s is due, the flush passes at 5m30s; then 10m30s is due -> 11m; 16m01s... -> 16m30s.
    expect(attempts).toEqual([1_000, 330_000, 660_000, 990_000]);
  });

  it('a cluster event brings it back sooner (after its back-off)', () => {
    const { c, scheduler, attempts } = setup();
    c.sim.at(1_000, () => scheduler.enqueue(c.actions.tasks.create(c.service('big'))));
    // A node joins at 1m: the pod is tried again at once (its 1 s back-off is over).
    c.sim.at(60_000, () => c.node({ name: 'n2' }));
    c.sim.run({ until: 200_000 });
    expect(attempts).toEqual([1_000, 60_000]);
  });
});
