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

describe('InterPodAffinity scores preferred pod affinity and anti-affinity', () => {
  const ZONE = 'topology.kubernetes.io/zone';
  const HOST = 'kubernetes.io/hostname';
  const term = (app: string, topologyKey: string, extra: object = {}) => ({ topologyKey, labelSelector: { matchLabels: { app } }, ...extra });
  const ipa = profileWith(['InterPodAffinity']);

  /** n1 (zone a) runs two cache pods, n2 (zone b) one, n3 (zone c) none. */
  function cluster(): KubeCluster {
    return new KubeCluster()
      .node({ name: 'n1', az: 'us-east-1a', labels: { [ZONE]: 'a' } })
      .node({ name: 'n2', az: 'us-east-1b', labels: { [ZONE]: 'b' } })
      .node({ name: 'n3', az: 'us-east-1c', labels: { [ZONE]: 'c' } })
      .workload('cache')
      .pod('cache', 'n1', 2)
      .pod('cache', 'n2');
  }

  it('affinity: weight per matching pod in the domain, normalized min-max (20, 10, 0 -> 100, 50, 0)', () => {
    const c = cluster().workload('web', { spec: { labels: { app: 'web' }, affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('cache', ZONE) }] } } } });
    expect(scores(c, 'web', 'InterPodAffinity', ipa)).toEqual({ n1: 100, n2: 50, n3: 0 });
  });

  it('anti-affinity subtracts: (-10, -5, 0 -> 0, 50, 100)', () => {
    const c = cluster().workload('web', { spec: { labels: { app: 'web' }, affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term('cache', HOST) }] } } } });
    expect(scores(c, 'web', 'InterPodAffinity', ipa)).toEqual({ n1: 0, n2: 50, n3: 100 });
  });

  it("existing pods' preferred terms that select the incoming pod count too (symmetry)", () => {
    const c = cluster()
      .workload('sidecar', { spec: { labels: { app: 'sidecar' }, affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, podAffinityTerm: term('web', HOST) }] } } } })
      .pod('sidecar', 'n2')
      .workload('web', { spec: { labels: { app: 'web' } } });
    expect(scores(c, 'web', 'InterPodAffinity', ipa)).toEqual({ n1: 0, n2: 100, n3: 0 });
  });

  it('every node alike scores 0 everywhere; nothing to score skips the plugin', () => {
    const c = cluster().workload('web', { spec: { labels: { app: 'web' }, affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('nothing', ZONE) }] } } } });
    expect(scores(c, 'web', 'InterPodAffinity', ipa)).toEqual({ n1: 0, n2: 0, n3: 0 });
  });
});

describe('namespaces: affinity and spread selectors count pods of their namespaces', () => {
  const ZONE = 'topology.kubernetes.io/zone';
  const preferCache = (extra: object) => ({ podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: ZONE, labelSelector: { matchLabels: { app: 'cache' } }, ...extra } }] } });

  /** cache pods labelled alike in two namespaces: two in `default` on n1, one in `shop` on n2. */
  function cluster(): KubeCluster {
    return new KubeCluster()
      .node({ name: 'n1', labels: { [ZONE]: 'a' } })
      .node({ name: 'n2', labels: { [ZONE]: 'b' } })
      .node({ name: 'n3', labels: { [ZONE]: 'c' } })
      .workload('cache', { spec: { labels: { app: 'cache' } } })
      .workload('shop-cache', { spec: { labels: { app: 'cache' }, namespace: 'shop' } })
      .pod('cache', 'n1', 2)
      .pod('shop-cache', 'n2');
  }

  it.each([
    ["a term without namespaces: the pod's own (shop)", {}, { n1: 0, n2: 100, n3: 0 }],
    ['namespaces: [default]', { namespaces: ['default'] }, { n1: 100, n2: 0, n3: 0 }],
    ['namespaceSelector {} (every namespace)', { namespaceSelector: {} }, { n1: 100, n2: 50, n3: 0 }],
    ['namespaceSelector by name label', { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } } }, { n1: 100, n2: 0, n3: 0 }],
  ])('%s', (_name, extra, expected) => {
    const c = cluster().workload('web', { spec: { labels: { app: 'web' }, namespace: 'shop', affinity: preferCache(extra) } });
    expect(scores(c, 'web', 'InterPodAffinity', profileWith(['InterPodAffinity']))).toEqual(expected);
  });

  it('required anti-affinity only sees pods of the namespaces it names', () => {
    const anti = (extra: object) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'cache' } }, ...extra }] } });
    const c = cluster().workload('own', { spec: { labels: { app: 'web' }, namespace: 'shop', affinity: anti({}) } }).workload('all', { spec: { labels: { app: 'web' }, namespace: 'shop', affinity: anti({ namespaceSelector: {} }) } });
    const feasible = (w: string): string[] => c.policy(profileWith(['InterPodAffinity'])).explain(c.request(w), c.state).nodes.map((h) => c.nameOf(h));
    expect(feasible('own')).toEqual(['n1', 'n3']);
    expect(feasible('all')).toEqual(['n3']);
  });

  it("a spread constraint counts the pods of the pod's own namespace only", () => {
    const spread = { labels: { app: 'web' }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'web' } } }] };
    const c = new KubeCluster()
      .node({ name: 'n1', labels: { [ZONE]: 'a' } })
      .node({ name: 'n2', labels: { [ZONE]: 'b' } })
      .workload('other-web', { spec: { labels: { app: 'web' }, namespace: 'other' } })
      .pod('other-web', 'n1', 3)
      .workload('web', { spec: spread });
    // Counting every namespace, zone a would hold 3 to zone b's 0 and fail maxSkew 1.
    expect(c.policy(profileWith(['PodTopologySpread'])).explain(c.request('web'), c.state).nodes.map((h) => c.nameOf(h))).toEqual(['n1', 'n2']);
  });
});
