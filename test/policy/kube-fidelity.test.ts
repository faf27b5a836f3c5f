import { describe, expect, it } from 'vitest';
import { DEFAULT_NON_ZERO_CPU, DEFAULT_NON_ZERO_MEMORY_MIB, nonZeroRequests } from '../../src/model/pod-requests.js';
import type { Task } from '../../src/model/task.js';
import type { KubeSchedulerPolicy } from '../../src/policy/kube/kube-scheduler-policy.js';
import { podRequestOf, type PlacementResult } from '../../src/policy/placement-policy.js';
import { describePlacementFailure } from '../../src/report/describe/placement.js';
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

describe('priority and preemption (DefaultPreemption)', () => {
  const prio = (priority: number, extra: object = {}) => ({ spec: { labels: { app: `p${priority}` }, priority, ...extra } });
  const said = (r: PlacementResult): string => (r.ok ? `placed on ${r.host.id}` : describePlacementFailure('x', r.failure));

  /** Places a pending pod of the workload; returns the result and the pod. */
  function attempt(c: KubeCluster, policy: KubeSchedulerPolicy, workload: string): { result: PlacementResult; pod: Task } {
    const request = c.request(workload);
    return { result: policy.place(request, c.state), pod: request.task! };
  }

  it('keeps the most important pods: reprieves by priority, then age, and deletes the rest', () => {
    // n1 (4000m) is full: a (priority 5, 2000m), b and c (priority 1, 1000m each, b older).
    // The pod (priority 10, 1500m) fits once all three are gone; a is reprieved first (it fits
    // back: 2000 + 1500 <= 4000), then b and c do not: they are the victims, a stays.
    const c = new KubeCluster().node({ name: 'n1' }).workload('a', { ...prio(5), cpu: 2000 }).workload('b', { ...prio(1), cpu: 1000 }).workload('c', { ...prio(1), cpu: 1000 });
    c.pod('a', 'n1').pod('b', 'n1');
    c.pod('c', 'n1');
    c.workload('high', { ...prio(10), cpu: 1500 });
    const { result } = attempt(c, c.policy(), 'high');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.preemption?.nominated).toBe(c.host('n1'));
    expect(result.preemption?.victims.map((t) => t.service.name)).toEqual(['b', 'c']);
    // Preemption succeeded: its status has no message, so the FitError has no suffix.
    expect(said(result)).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('prefers the node whose victims have the lowest priority, then the fewest victims', () => {
    const c = new KubeCluster()
      .node({ name: 'n1', cpu: 2000 })
      .node({ name: 'n2', cpu: 2000 })
      .node({ name: 'n3', cpu: 2000 })
      .workload('mid', { ...prio(5), cpu: 2000 })
      .workload('low', { ...prio(1), cpu: 1000 })
      .workload('lowest', { ...prio(0), cpu: 2000 })
      .pod('mid', 'n1')
      .pod('low', 'n2', 2)
      .pod('lowest', 'n3')
      .workload('high', { ...prio(10), cpu: 2000 });
    const { result } = attempt(c, c.policy(), 'high');
    if (result.ok) throw new Error('expected a preemption');
    // Highest victim priority: n1 5, n2 1, n3 0 -> n3.
    expect(result.preemption?.nominated).toBe(c.host('n3'));
    expect(result.preemption?.victims.map((t) => t.service.name)).toEqual(['lowest']);
  });

  it('avoids victims whose PodDisruptionBudget would be violated, ahead of priority', () => {
    const c = new KubeCluster().node({ name: 'n1', cpu: 1000 }).node({ name: 'n2', cpu: 1000 }).workload('guarded', { ...prio(0), cpu: 1000 }).workload('plain', { ...prio(5), cpu: 1000 });
    // guarded has a PDB allowing no disruption (minAvailable 1 of 1 replica, Ready).
    (c.service('guarded') as { podDisruptionBudget: unknown }).podDisruptionBudget = { minAvailable: 1 };
    c.service('guarded').desiredCount = 1;
    c.pod('guarded', 'n1').pod('plain', 'n2');
    for (const t of c.service('guarded').tasks) Object.assign(t, { status: 'RUNNING', healthyAt: 0 });
    c.workload('high', { ...prio(10), cpu: 1000 });
    const { result } = attempt(c, c.policy(), 'high');
    if (result.ok) throw new Error('expected a preemption');
    // n1's victim is lower priority, but deleting it violates its budget: n2 wins.
    expect(result.preemption?.nominated).toBe(c.host('n2'));
  });

  it.each([
    ['no pod of lower priority', () => new KubeCluster().node({ cpu: 1000 }).workload('w', { ...prio(10), cpu: 1000 }).pod('w', 'i-000001'), 'w', ' preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'],
    ['a request above the node', () => new KubeCluster().node({ cpu: 1000 }).workload('w', { ...prio(10), cpu: 2000 }), 'w', ' preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.'],
    [
      'room short even with every lower-priority pod gone',
      () => new KubeCluster().node({ cpu: 2000 }).workload('same', { ...prio(10), cpu: 1500 }).workload('low', { ...prio(0), cpu: 500 }).pod('same', 'i-000001').pod('low', 'i-000001').workload('w', { ...prio(10), cpu: 1000 }),
      'w',
      ' preemption: 0/1 nodes are available: 1 Insufficient cpu.',
    ],
    ['preemptionPolicy Never', () => new KubeCluster().node({ cpu: 1000 }).workload('low', { ...prio(0), cpu: 1000 }).pod('low', 'i-000001').workload('w', { ...prio(10, { preemptionPolicy: 'Never' }), cpu: 1000 }), 'w', ' preemption: not eligible due to preemptionPolicy=Never.'],
  ])('the FitError carries preemption\'s message: %s', (_name, build, workload, suffix) => {
    const c = build();
    const { result } = attempt(c, c.policy(), workload);
    expect(result.ok).toBe(false);
    expect(said(result).endsWith(suffix)).toBe(true);
    expect(said(result)).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\. preemption: /);
  });

  it('a nominated pod waits for its victims, reserves their room and may not preempt again meanwhile', () => {
    const c = new KubeCluster().node({ name: 'n1', cpu: 1000 }).workload('low', { ...prio(0), cpu: 1000 }).pod('low', 'n1').workload('high', { ...prio(10), cpu: 1000 }).workload('mid', { ...prio(5), cpu: 1000 });
    const policy = c.policy();
    const first = attempt(c, policy, 'high');
    if (first.result.ok || first.result.preemption === undefined) throw new Error('expected a preemption');
    const [victim] = first.result.preemption.victims;
    // The victim is deleted gracefully: terminating, it still holds its room.
    c.actions.tasks.beginStop(victim!, { code: 'PREEMPTED', by: first.pod.id, host: 'i-000001' });
    const again = policy.place(podRequestOf(first.pod), c.state);
    expect(said(again)).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.');
    // Once it is gone, the room is the nominated pod's: a pod of lower priority does not get it...
    c.actions.tasks.stop(victim!, 'ServiceSchedulerInitiated', { code: 'PREEMPTED', by: first.pod.id, host: 'i-000001' });
    const mid = attempt(c, policy, 'mid');
    expect(mid.result.ok).toBe(false);
    // ...the nominated pod does.
    expect(policy.place(podRequestOf(first.pod), c.state)).toEqual({ ok: true, host: c.host('n1') });
  });

  it('a higher-priority preemptor on the same node clears the lower nomination', () => {
    const c = new KubeCluster().node({ name: 'n1', cpu: 2000 }).workload('low', { ...prio(0), cpu: 1000 }).pod('low', 'n1', 2).workload('mid', { ...prio(5), cpu: 1000 }).workload('high', { ...prio(10), cpu: 2000 });
    const policy = c.policy();
    const mid = attempt(c, policy, 'mid');
    if (mid.result.ok) throw new Error('expected a preemption');
    expect(mid.result.preemption?.victims).toHaveLength(1);
    const high = attempt(c, policy, 'high');
    if (high.result.ok) throw new Error('expected a preemption');
    expect(high.result.preemption?.nominated).toBe(c.host('n1'));
    expect(high.result.preemption?.displaced).toEqual([mid.pod]);
    expect(policy.nominations.of(mid.pod.id)).toBeUndefined();
  });
});
