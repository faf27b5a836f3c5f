import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { firstFit } from '../../src/policy/first-fit.js';
import { NodeResourcesFit } from '../../src/policy/kube/plugins/node-resources-fit.js';
import { solveProvisioning } from '../../src/policy/karpenter/solver.js';
import { hostShortfall, requestFits, resourceShortfall, SHORT_OF_CPU, SHORT_OF_MEMORY, SHORT_OF_PODS } from '../../src/policy/resource-fit.js';
import { EMPTY_POD_SCHEDULING_SPEC } from '../../src/model/pod-scheduling-spec.js';
import { KubeCluster, m } from '../support/kube-fixtures.js';

describe('resourceShortfall: the one "does it fit" check', () => {
  it.each([
    // free cpu, free memory, free pods, cpu, memory -> shortfall
    [1000, 1000, 1, 1000, 1000, 0],
    [999, 1000, 1, 1000, 1000, SHORT_OF_CPU],
    [1000, 999, 1, 1000, 1000, SHORT_OF_MEMORY],
    [1000, 1000, 0, 1, 1, SHORT_OF_PODS],
    [0, 0, 0, 1, 1, SHORT_OF_PODS | SHORT_OF_CPU | SHORT_OF_MEMORY],
    // A request of 0 is not checked (kube-scheduler's fitsRequest).
    [-5, -5, 1, 0, 0, 0],
    [Infinity, Infinity, Infinity, 1e12, 1e12, 0],
  ])('free (%d cpu, %d MiB, %d pods), asks (%d, %d) -> %d', (cpu, mem, pods, rc, rm, expected) => {
    expect(resourceShortfall(cpu, mem, pods, rc, rm)).toBe(expected);
  });

  it('gives the same answer to the ECS first-fit baseline, NodeResourcesFit and Karpenter on an existing node', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 8192 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 4 }),
        fc.integer({ min: 0, max: 2500 }),
        fc.integer({ min: 0, max: 5000 }),
        (cpu, memoryMiB, maxPods, existing, askCpu, askMemory) => {
          const c = new KubeCluster().node({ name: 'n', cpu, memoryMiB, maxPods });
          const host = c.host('n');
          existing.forEach(([pc, pm], i) => {
            c.workload(`e${i}`, { cpu: pc, memoryMiB: pm });
            if (hostShortfall(host, m(pc), pm) === 0) c.pod(`e${i}`, host);
          });
          const request = { service: 'x', cpu: m(askCpu), memoryMiB: askMemory };
          const expected = host.cpu - host.allocatedCpu >= request.cpu && host.memoryMiB - host.allocatedMemoryMiB >= request.memoryMiB && host.tasks.size < host.maxTasks;
          expect(requestFits(request, host)).toBe(expected);
          expect(firstFit.place(request, c.state).ok).toBe(expected);
          const filter = new NodeResourcesFit().filter({ service: 'x', serviceId: 0, priority: 0, cpu: request.cpu, memoryMiB: request.memoryMiB, nonZeroCpu: request.cpu, nonZeroMemoryMiB: request.memoryMiB, spec: EMPTY_POD_SCHEDULING_SPEC, images: [] }, host);
          expect(filter === null).toBe(expected);
          const plan = solveProvisioning({
            pods: [{ id: 'p', cpu: request.cpu, memoryMiB: request.memoryMiB }],
            existingNodes: [{ id: host.id, freeCpu: host.cpu - host.allocatedCpu, freeMemoryMiB: host.memoryMiB - host.allocatedMemoryMiB, freePods: host.maxTasks - host.tasks.size, labels: host.labels }],
            nodePools: [],
            catalog: [getInstanceType('m5.large')!],
            zones: ['us-east-1a'],
          });
          expect(plan.existingPlacements.length === 1).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
