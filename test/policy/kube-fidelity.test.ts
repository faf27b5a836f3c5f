import { describe, expect, it } from 'vitest';
import { DEFAULT_NON_ZERO_CPU, DEFAULT_NON_ZERO_MEMORY_MIB, nonZeroRequests } from '../../src/model/pod-requests.js';
import { KubeCluster, m, profileWith } from '../support/kube-fixtures.js';

/** A plugin's normalized scores by node name (every node feasible). */
function scores(c: KubeCluster, workload: string, plugin: string, profile = profileWith(['NodeResourcesFit', 'NodeResourcesBalancedAllocation'])): Record<string, number> {
  const e = c.policy(profile).explain(c.request(workload), c.state);
  const s = e.scores.get(plugin)!;
  return Object.fromEntries(e.nodes.map((h, i) => [c.nameOf(h), s[i]!]));
}

describe('non-zero requests: kube-scheduler scores a container without requests as 100m CPU / 200 MiB', () => {
  it('are 100m and 200 MiB (scheduler util DefaultMilliCPURequest, DefaultMemoryRequest = 200 * 1024 * 1024 bytes)', () => {
    expect(DEFAULT_NON_ZERO_CPU).toBe(m(100));
    expect(DEFAULT_NON_ZERO_MEMORY_MIB).toBe(200);
    // Per container, per resource; a request explicitly set to 0 stays 0; all set: no override needed.
    expect(nonZeroRequests([{}, { cpu: m(250) }, { cpu: 0, memoryMiB: 0 }])).toEqual({ cpu: m(100) + m(250) + 0, memoryMiB: 200 + 200 + 0 });
    expect(nonZeroRequests([{ cpu: m(250), memoryMiB: 64 }])).toBeUndefined();
  });

  /**
   * Three 4000m / 16384 MiB nodes: `a` runs a pod with no requests, `b` one requesting 100m and
   * 200Mi, `c` nothing. The incoming pod has no requests either. Upstream (noderesources
   * least_allocated.go over NodeInfo.NonZeroRequested + the pod's non-zero requests):
   *   a: cpu (4000 - 200) * 100 / 4000 = 95, memory (16384 - 400) * 100 / 16384 = 97 -> (95 + 97) / 2 = 96
   *   b: the same requests as a                                                                  -> 96
   *   c: cpu (4000 - 100) * 100 / 4000 = 97, memory (16384 - 200) * 100 / 16384 = 98 -> (97 + 98) / 2 = 97
   * Counting real requests instead would score a (nothing requested) 100, above b.
   */
  function cluster(): KubeCluster {
    return new KubeCluster()
      .node({ name: 'a' })
      .node({ name: 'b' })
      .node({ name: 'c' })
      .workload('best-effort', { containerRequests: [{}] })
      .workload('small', { cpu: 100, memoryMiB: 200 })
      .pod('best-effort', 'a')
      .pod('small', 'b');
  }

  it('LeastAllocated counts them for the incoming pod and for the pods on the node', () => {
    expect(scores(cluster(), 'best-effort', 'NodeResourcesFit')).toEqual({ a: 96, b: 96, c: 97 });
  });

  it('MostAllocated too: a and b 3 ((5 + 2) / 2), c 1 ((2 + 1) / 2)', () => {
    const most = profileWith(['NodeResourcesFit'], {
      pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }],
    });
    expect(scores(cluster(), 'best-effort', 'NodeResourcesFit', most)).toEqual({ a: 3, b: 3, c: 1 });
  });

  it('a pod that sets only memory gets the CPU default alone: a 95/97 -> 96 vs c (4000 - 100) -> 97, memory as requested', () => {
    const c = cluster().workload('memory-only', { containerRequests: [{ memoryMiB: 1024 }] });
    // a: cpu 95; memory (16384 - 200 - 1024) * 100 / 16384 = 92 -> 93.  c: cpu 97; memory (16384 - 1024) * 100 / 16384 = 93 -> 95.
    expect(scores(c, 'memory-only', 'NodeResourcesFit')).toEqual({ a: 93, b: 93, c: 95 });
  });

  it('NodeResourcesBalancedAllocation uses the real requests: a best-effort pod is not scored by it', () => {
    expect(scores(cluster(), 'best-effort', 'NodeResourcesBalancedAllocation')).toEqual({ a: 0, b: 0, c: 0 });
  });

  it('filtering uses the real requests: a best-effort pod fits a node whose CPU is all requested', () => {
    const c = new KubeCluster().node({ name: 'full', cpu: 1000 }).workload('big', { cpu: 1000 }).workload('best-effort', { containerRequests: [{}] }).pod('big', 'full');
    const e = c.policy(profileWith(['NodeResourcesFit'])).explain(c.request('best-effort'), c.state);
    expect(e.nodes.map((h) => c.nameOf(h))).toEqual(['full']);
    // Scored with the non-zero 100m on top of 1000m requested: cpu 0 (over capacity), memory (16384 - 328) * 100 / 16384 = 97 -> 48.
    expect(e.scores.get('NodeResourcesFit')).toEqual([48]);
  });
});
