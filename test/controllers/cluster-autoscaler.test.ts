import { describe, expect, it } from 'vitest';
import { EKS_TIMING } from '../../src/model/params/eks-timing.js';
import type { EventOf, FleetEvent } from '../../src/model/events/index.js';
import { runYamlChecked } from '../support/scenario-runner.js';

/**
 * Cluster Autoscaler as a controller (src/controllers/infra/cluster-autoscaler.ts), run as short scenarios:
 * the scale-down rules (utilization threshold, unneeded time, delay after a scale-up, drains that
 * PodDisruptionBudgets block, the node group's minSize, pods CA may not evict) and the scale-up's
 * limits (maxSize, max-node-provision-time).
 */

interface Setup {
  readonly ca?: string;
  readonly group?: string;
  /** The node groups, replacing the one m5.xlarge group `ng` (YAML list items). */
  readonly nodeGroups?: string;
  readonly replicas?: number;
  readonly cpu?: string;
  /** The container's resources, replacing requests of `cpu` and 256Mi. */
  readonly resources?: string;
  readonly workload?: string;
  readonly events?: string;
  readonly duration?: string;
}

/** Two m5.xlarge nodes (3.9 vCPU allocatable each, 2 DaemonSets) and a Deployment of small pods. */
function scenario(s: Setup = {}): string {
  return `name: ca
seed: 1
duration: ${s.duration ?? '20m'}
cluster:
  platform: eks
  coreDns: false
  availabilityZones: [us-east-1a, us-east-1b]
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
      - { az: us-east-1b, cidr: 10.0.16.0/20 }
  nodeGroups:
${s.nodeGroups ?? `    - { name: ng, instanceType: m5.xlarge, ${s.group ?? 'desiredSize: 2, minSize: 1, maxSize: 4'} }`}
  clusterAutoscaler: { ${s.ca ?? ''} }
workloads:
  - kind: Deployment
    name: api
    replicas: ${s.replicas ?? 2}
    containers: [{ name: app, image: "a:1", imageSize: 100MB, resources: ${s.resources ?? `{ requests: { cpu: ${s.cpu ?? '500m'}, memory: 256Mi } }`} }]
${s.workload ?? ''}
${s.events ?? ''}`;
}

function run(s: Setup = {}): FleetEvent[] {
  return runYamlChecked(scenario(s)).records;
}

function of<T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T): EventOf<T>[] {
  return records.filter((r): r is EventOf<T> => r.type === type);
}

describe('Cluster Autoscaler scale-down', () => {
  it('removes a node once it has been unneeded for scale-down-unneeded-time, not before', () => {
    // One pod per node, 16 % of allocatable: the first node's pod fits on the second, so the first
    // is unneeded at the first scan (10 s); the second takes its pod in CA's simulation and stays.
    const records = run();
    const unneeded = of(records, 'cluster-autoscaler.node-unneeded');
    expect(unneeded.map((e) => [e.time, e.pods])).toEqual([[10_000, 1]]);
    const down = of(records, 'cluster-autoscaler.scaled-down');
    expect(down.map((e) => [e.time, e.host, e.empty, e.unneededMs, e.from, e.to])).toEqual([[610_000, unneeded[0]!.host, false, 600_000, 2, 1]]);
    const terminated = of(records, 'host.terminated');
    expect(terminated.map((e) => e.reason)).toEqual([{ code: 'CLUSTER_AUTOSCALER_SCALE_DOWN', group: 'ng' }]);
    // A shorter unneeded time removes it sooner.
    const sooner = of(run({ ca: 'scaleDownUnneededTime: 3m' }), 'cluster-autoscaler.scaled-down');
    expect(sooner.map((e) => e.time)).toEqual([190_000]);
  });

  it('keeps nodes whose requests reach the utilization threshold', () => {
    // 1.5 vCPU pods: (1.5 + 0.125) / 4.01 = 41 % of allocatable per node.
    expect(of(run({ cpu: '1500m' }), 'cluster-autoscaler.scaled-down')).toHaveLength(1);
    const records = run({ cpu: '1500m', ca: 'scaleDownUtilizationThreshold: 0.4' });
    expect(of(records, 'cluster-autoscaler.node-unneeded')).toEqual([]);
    expect(of(records, 'cluster-autoscaler.scaled-down')).toEqual([]);
  });

  it('waits scale-down-delay-after-add after a scale-up', () => {
    // 14 pods of 1 vCPU need more than two nodes: CA scales up at the first scan after they are
    // unschedulable; back to 2 pods at 3 minutes, the new nodes are unneeded within seconds.
    const events = 'events:\n  - { at: 1m, scale: { workload: api, replicas: 14 } }\n  - { at: 3m, scale: { workload: api, replicas: 2 } }';
    const records = run({ cpu: '1000m', events, ca: 'scaleDownUnneededTime: 1m' });
    const up = of(records, 'cluster-autoscaler.scaled-up');
    expect(up.length).toBeGreaterThan(0);
    const lastUp = up[up.length - 1]!.time;
    const down = of(records, 'cluster-autoscaler.scaled-down');
    expect(down.length).toBeGreaterThan(0);
    expect(down[0]!.time).toBeGreaterThanOrEqual(lastUp + 600_000);
    // With a 2-minute delay the same nodes go 8 minutes sooner (unneeded since about 3 minutes).
    const early = of(run({ cpu: '1000m', events, ca: 'scaleDownUnneededTime: 1m, scaleDownDelayAfterAdd: 2m' }), 'cluster-autoscaler.scaled-down');
    expect(early[0]!.time).toBeLessThan(lastUp + 600_000);
    expect(early[0]!.time).toBeGreaterThanOrEqual(lastUp + 120_000);
  });

  it('does not remove a node whose pods a PodDisruptionBudget protects', () => {
    const blocked = run({ workload: '    podDisruptionBudget: { minAvailable: 2 }' });
    expect(of(blocked, 'cluster-autoscaler.scaled-down')).toEqual([]);
    expect(of(blocked, 'cluster-autoscaler.scale-down-blocked').map((e) => e.reason.code)).toContain('NOT_ENOUGH_PDB');
    // A budget that allows one disruption lets the node go (its pod is evicted through it).
    expect(of(run({ workload: '    podDisruptionBudget: { maxUnavailable: 1 }' }), 'cluster-autoscaler.scaled-down')).toHaveLength(1);
  });

  it("stops at the node group's minSize", () => {
    const records = run({ group: 'desiredSize: 2, minSize: 2, maxSize: 4' });
    expect(of(records, 'cluster-autoscaler.scaled-down')).toEqual([]);
    expect(of(records, 'cluster-autoscaler.scale-down-blocked').map((e) => e.reason)).toEqual([
      { code: 'MIN_SIZE_REACHED', minSize: 2 },
      { code: 'MIN_SIZE_REACHED', minSize: 2 },
    ]);
  });

  it('keeps nodes with pods it may not evict: safe-to-evict "false", kube-system without a budget', () => {
    const annotated = run({ workload: '    annotations: { cluster-autoscaler.kubernetes.io/safe-to-evict: "false" }' });
    expect(of(annotated, 'cluster-autoscaler.scaled-down')).toEqual([]);
    expect(of(annotated, 'cluster-autoscaler.scale-down-blocked').map((e) => e.reason.code)).toEqual(['NOT_SAFE_TO_EVICT', 'NOT_SAFE_TO_EVICT']);
    const system = run({ workload: '    namespace: kube-system' });
    expect(of(system, 'cluster-autoscaler.scale-down-blocked').map((e) => e.reason.code)).toEqual(['KUBE_SYSTEM_POD', 'KUBE_SYSTEM_POD']);
    expect(of(run({ workload: '    namespace: kube-system', ca: 'skipNodesWithSystemPods: false' }), 'cluster-autoscaler.scaled-down')).toHaveLength(1);
    // "true" overrides the kube-system rule.
    expect(of(run({ workload: '    namespace: kube-system\n    annotations: { cluster-autoscaler.kubernetes.io/safe-to-evict: "true" }' }), 'cluster-autoscaler.scaled-down')).toHaveLength(1);
  });

  it('scale-down-enabled false keeps every node', () => {
    expect(of(run({ ca: 'scaleDownEnabled: false' }), 'cluster-autoscaler.node-unneeded')).toEqual([]);
  });
});

describe('Cluster Autoscaler scale-up', () => {
  it('grows the group for unschedulable pods and the new nodes take them', () => {
    const records = run({ replicas: 14, cpu: '1000m', ca: 'scaleDownEnabled: false', duration: '5m' });
    const up = of(records, 'cluster-autoscaler.scaled-up');
    // 14 pods of 1 vCPU, 3 per node (3.9 vCPU): 6 run on the two nodes, 8 are unschedulable. They
    // would need 3 nodes; maxSize 4 leaves room for 2, which take 6; the other 2 get NotTriggerScaleUp.
    expect(up.map((e) => [e.time, e.group, e.from, e.to, e.pods, e.expanders])).toEqual([[10_000, 'ng', 2, 4, 6, ['random']]]);
    // The pods were created two controller reactions (Deployment, ReplicaSet) after the start.
    expect(up[0]!.oldestPendingMs).toBe(10_000 - 2 * EKS_TIMING.workloadControllerReactionMs);
    expect(of(records, 'cluster-autoscaler.scale-up-not-triggered').map((e) => [e.pods, e.reasons])).toEqual([[2, [{ code: 'MAX_SIZE_REACHED', group: 'ng', maxSize: 4 }]]]);
    const desired = of(records, 'asg.desired-changed');
    expect(desired.map((e) => [e.from, e.to, e.cause.code])).toEqual([[2, 4, 'CLUSTER_AUTOSCALER_SCALE_UP']]);
    // The new nodes came up and took the six pods: 12 running.
    const placed = of(records, 'task.placed').filter((e) => e.time > 10_000);
    expect(placed).toHaveLength(6);
  });

  it('says NotTriggerScaleUp when the group is at its maxSize', () => {
    const records = run({ replicas: 14, cpu: '1000m', group: 'desiredSize: 2, minSize: 1, maxSize: 2', duration: '2m' });
    expect(of(records, 'cluster-autoscaler.scaled-up')).toEqual([]);
    const not = of(records, 'cluster-autoscaler.scale-up-not-triggered');
    expect(not.map((e) => [e.service, e.reasons])).toEqual([['api', [{ code: 'MAX_SIZE_REACHED', group: 'ng', maxSize: 2 }]]]);
  });

  it('gives up nodes that do not register within max-node-provision-time and backs the group off', () => {
    // 20 s is shorter than any launch (RunInstances, boot, kubelet): every requested node times out.
    const records = run({ replicas: 14, cpu: '1000m', ca: 'maxNodeProvisionTime: 20s, scaleDownEnabled: false', duration: '4m' });
    const timedOut = of(records, 'cluster-autoscaler.provision-timed-out');
    expect(timedOut.length).toBe(2);
    for (const e of timedOut) expect(e.requestedMs).toBeGreaterThanOrEqual(20_000);
    expect(of(records, 'host.terminated').map((e) => e.reason.code)).toEqual(['NODE_PROVISION_TIMEOUT', 'NODE_PROVISION_TIMEOUT']);
    // Backed off for 5 minutes: no second scale-up in the run, and the pods are told why.
    expect(of(records, 'cluster-autoscaler.scaled-up')).toHaveLength(1);
    expect(of(records, 'cluster-autoscaler.scale-up-not-triggered').flatMap((e) => e.reasons.map((r) => r.code))).toContain('BACKED_OFF');
  });
});

/** A Deployment of 1-GPU pods (nvidia.com/gpu: 1, 1 vCPU) on `nodeGroups`. */
function runGpu(nodeGroups: string, replicas: number, duration = '3m', events?: string): FleetEvent[] {
  return run({ nodeGroups, replicas, duration, ...(events === undefined ? {} : { events }), ca: 'scaleDownUnneededTime: 1m', resources: "{ requests: { cpu: '1', memory: 1Gi }, limits: { nvidia.com/gpu: 1 } }" });
}

describe('Cluster Autoscaler and GPUs', () => {
  it('does not grow a CPU-only group for a GPU pod, and says which resource is short', () => {
    const records = runGpu('    - { name: cpu, instanceType: m5.xlarge, desiredSize: 1, minSize: 1, maxSize: 4 }', 1);
    expect(of(records, 'cluster-autoscaler.scaled-up')).toEqual([]);
    const not = of(records, 'cluster-autoscaler.scale-up-not-triggered');
    expect(not.map((e) => [e.service, e.pods, e.reasons])).toEqual([['api', 1, [{ code: 'WOULD_NOT_FIT', group: 'cpu', insufficient: ['nvidia.com/gpu'] }]]]);
  });

  it('grows the GPU group (g5.xlarge, 1 GPU) by one node per 1-GPU pod, and the pods run there', () => {
    const groups = '    - { name: cpu, instanceType: m5.xlarge, desiredSize: 1, minSize: 1, maxSize: 4 }\n    - { name: gpu, instanceType: g5.xlarge, desiredSize: 0, minSize: 0, maxSize: 4 }';
    const records = runGpu(groups, 3, '6m');
    const up = of(records, 'cluster-autoscaler.scaled-up');
    // Three 1-vCPU pods would share one 4-vCPU node but for the GPU: three nodes, in one scale-up.
    expect(up.map((e) => [e.group, e.from, e.to, e.pods])).toEqual([['gpu', 0, 3, 3]]);
    expect(up[0]!.options).toEqual([{ group: 'gpu', nodes: 3, pods: 3 }]);
    const gpuHosts = new Set(of(records, 'host.launched').filter((e) => e.group === 'gpu').map((e) => e.host));
    const placed = of(records, 'task.placed');
    expect(placed).toHaveLength(3);
    expect(new Set(placed.map((e) => e.host)).size).toBe(3);
    for (const e of placed) expect(e.host !== null && gpuHosts.has(e.host)).toBe(true);
  });

  it('a node already requested takes no second GPU pod: a pod arriving while it boots gets its own', () => {
    // One pod: CA requests one g5.xlarge at 10 s. A second pod at 20 s: the booting node has CPU
    // for it but not a second GPU, so the next scan requests another node.
    const groups = '    - { name: gpu, instanceType: g5.xlarge, desiredSize: 0, minSize: 0, maxSize: 4 }';
    const records = runGpu(groups, 1, '3m', 'events:\n  - { at: 20s, scale: { workload: api, replicas: 2 } }');
    const up = of(records, 'cluster-autoscaler.scaled-up');
    expect(up.map((e) => [e.time, e.from, e.to, e.pods])).toEqual([
      [10_000, 0, 1, 1],
      [30_000, 1, 2, 1],
    ]);
  });

  it('does not count a GPU pod as movable to a node without a free GPU', () => {
    // Two g5.xlarge nodes, one 1-GPU pod each: 28 % CPU, below the threshold, and the other node
    // has CPU and memory for the pod, but not its GPU: neither node is unneeded.
    const records = runGpu('    - { name: gpu, instanceType: g5.xlarge, desiredSize: 2, minSize: 0, maxSize: 4 }', 2);
    expect(of(records, 'task.placed')).toHaveLength(2);
    expect(of(records, 'cluster-autoscaler.node-unneeded')).toEqual([]);
    expect(of(records, 'cluster-autoscaler.scaled-down')).toEqual([]);
    expect(of(records, 'cluster-autoscaler.scale-down-blocked').map((e) => e.reason.code)).toEqual(['NO_PLACE_TO_MOVE_PODS', 'NO_PLACE_TO_MOVE_PODS']);
  });
});
