import { readFileSync } from 'node:fs';
import { EKS_TIMING } from '../../src/model/params/eks-timing.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { runChecked } from '../support/scenario-runner.js';

/** Runs a scenario written as YAML, checking invariants after every event. */
function run(text: string): ReturnType<typeof runChecked> {
  const loaded = loadScenario('t.yaml', text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return runChecked(loaded.spec, { everyEvent: true });
}

describe('kube-scheduler binds a pod that tolerates node.kubernetes.io/unschedulable to a cordoned node', () => {
  /**
   * Node group b's only node is cordoned at 1m (its group scales to 0) and stays cordoned: its
   * one `db` pod has a PodDisruptionBudget that refuses the eviction. At 2m an `agent` pod that
   * may only run on group b arrives. kube-scheduler's NodeUnschedulable and TaintToleration let
   * a pod that tolerates the unschedulable taint through, and it binds to the node (before,
   * fleetsim chose the node and then refused the binding: the pod stayed Pending for ever).
   */
  const scenario = (tolerations: string): string => `name: cordon
duration: 5m
cluster:
  platform: eks
  availabilityZones: [us-east-1a]
  coreDns: false
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] }
  nodeGroups:
    - { name: a, instanceType: m5.large, desiredSize: 1 }
    - { name: b, instanceType: m5.large, desiredSize: 1 }
workloads:
  - kind: Deployment
    name: db
    replicas: 1
    nodeSelector: { eks.amazonaws.com/nodegroup: b }
    podDisruptionBudget: { minAvailable: 1 }
    containers: [{ name: db, image: db:1, imageSize: 50MB, resources: { requests: { cpu: 100m, memory: 64Mi } } }]
  - kind: Deployment
    name: agent
    replicas: 0
    nodeSelector: { eks.amazonaws.com/nodegroup: b }
    tolerations: ${tolerations}
    containers: [{ name: agent, image: agent:1, imageSize: 50MB, resources: { requests: { cpu: 100m, memory: 64Mi } } }]
events:
  - { at: 1m, scale: { nodeGroup: b, desiredSize: 0 } }
  - { at: 2m, scale: { workload: agent, replicas: 1 } }
`;

  it('runs the tolerating pod on the cordoned node', () => {
    const r = run(scenario('[{ key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule }]'));
    expect(r.violations).toEqual([]);
    const agent = r.result.state.services.get('agent')!;
    expect(agent.counts.RUNNING).toBe(1);
    const pod = [...agent.tasks][0]!;
    expect(pod.host!.status).toBe('DRAINING');
    expect(pod.host!.group).toBe('b');
    expect(r.records.some((e) => e.type === 'pod.event' && e.task === pod.id && e.cause.reason === 'FailedScheduling')).toBe(false);
  });

  it('leaves a pod without the toleration Pending, with NodeUnschedulable and NodeAffinity reasons', () => {
    const r = run(scenario('[]'));
    expect(r.violations).toEqual([]);
    expect(r.result.state.services.get('agent')!.counts.UNPLACED).toBe(1);
    const failed = r.records.filter((e) => e.type === 'pod.event' && e.service === 'agent' && e.cause.reason === 'FailedScheduling').map(describeEvent);
    expect(failed[0]).toBe(
      "FailedScheduling: 0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });
});

describe('priority and preemption in a run', () => {
  const mitigated = readFileSync(join(__dirname, '..', '..', 'scenarios', 'capacity', 'eks-scale-out-wait-mitigated.yaml'), 'utf8');

  it('the preemptor waits for its victims to terminate, keeps their room, and Karpenter provisions only for the victims', () => {
    // Placeholders that ignore SIGTERM and take their 45 s grace period to go: the three new web
    // pods wait for them, nominated.
    const slow = mitigated
      .replace('terminationGracePeriodSeconds: 0', 'terminationGracePeriodSeconds: 45')
      .replace('{ name: pause, image', '{ name: pause, handlesSigterm: false, image')
      .replace(/\nexpect:[\s\S]*$/, '\n');
    const r = run(slow);
    expect(r.violations).toEqual([]);
    const state = r.result.state;
    const web = [...state.services.get('web')!.tasks];
    // Scaled at 10m: the pods exist after the Deployment and ReplicaSet controllers' reactions.
    const scaledAt = 600_000 + 2 * EKS_TIMING.workloadControllerReactionMs;
    const newPods = web.filter((t) => t.createdAt === scaledAt);
    expect(newPods).toHaveLength(3);
    const nominated = r.records.filter((e) => e.type === 'pod.nominated' && e.host !== null);
    expect(nominated.map((e) => e.type === 'pod.nominated' && e.task).sort()).toEqual(newPods.map((t) => t.id).sort());
    for (const pod of newPods) {
      // Bound once the victims were gone (their grace period ran out), on the node they left.
      expect(pod.placedAt! - scaledAt).toBeGreaterThanOrEqual(45_000);
      expect(pod.host!.launchedAt).toBeLessThan(600_000);
    }
    // One node launched at the scale-out, for the three evicted placeholders only.
    const launchedLater = state.hosts.filter((h) => h.launchedAt >= 600_000);
    expect(launchedLater).toHaveLength(1);
    expect([...launchedLater[0]!.tasks].every((t) => t.service.name === 'overprovisioning')).toBe(true);
    const preempted = r.records.flatMap((e) => (e.type === 'pod.event' && e.cause.reason === 'Preempted' ? [e.task] : []));
    expect(preempted).toHaveLength(3);
    expect(new Set(preempted).size).toBe(3);
  });

  it('higher priorities are scheduled first', () => {
    const r = run(mitigated.replace(/\nevents:[\s\S]*$/, '\n'));
    const first = r.records.find((e) => e.type === 'task.placed')!;
    // Every pod is pending at 0 s; the first bound (once a node is Ready) is a web pod (priority 0), not a placeholder (-1).
    expect(first.type === 'task.placed' && first.service).toBe('web');
    const placeholdersBound = r.records.filter((e) => e.type === 'task.placed' && e.service === 'overprovisioning').map((e) => e.time);
    const webBound = r.records.filter((e) => e.type === 'task.placed' && e.service === 'web').map((e) => e.time);
    expect(Math.min(...placeholdersBound)).toBeGreaterThanOrEqual(Math.min(...webBound));
  });
});
