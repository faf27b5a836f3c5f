import { describe, expect, it } from 'vitest';
import { EKS_TIMING } from '../../src/model/params/eks-timing.js';
import { kubeRollingBounds, pdbDesiredHealthy, resolveIntOrPercent } from '../../src/model/service.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runChecked } from '../support/scenario-runner.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';

/**
 * Kubernetes Deployment rolling updates (src/controllers/eks/deployment-controller.ts,
 * docs/models.md "Deployments and the circuit breaker").
 */
function eks(opts: { replicas: number; strategy?: string; deadline?: number; deploy?: string; extra?: string; events?: string }): string {
  return `name: kdeploy
seed: 5
duration: 15m
cluster:
  platform: eks
  coreDns: false
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
      - { az: us-east-1b, cidr: 10.0.16.0/20 }
      - { az: us-east-1c, cidr: 10.0.32.0/20 }
  nodeGroups:
    - { name: g, instanceType: m5.4xlarge, desiredSize: 2 }
workloads:
  - kind: Deployment
    name: web
    replicas: ${opts.replicas}
    ${opts.strategy === undefined ? '' : `strategy: { rollingUpdate: ${opts.strategy} }`}
    ${opts.deadline === undefined ? '' : `progressDeadlineSeconds: ${opts.deadline}`}
    ${opts.extra ?? ''}
    containers:
      - name: web
        image: web:1
        imageSize: 50MB
        readyAfter: 5s
        resources: { requests: { cpu: 100m, memory: 128Mi } }
events:
  - { at: 5m, deploy: { service: web, image: web:2${opts.deploy ?? ''} } }
${opts.events ?? ''}`;
}

function run(yaml: string) {
  const loaded = loadScenario('kdeploy.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  const checked = runChecked(loaded.spec, { everyEvent: true });
  expect(checked.violations).toEqual([]);
  return { records: checked.records, service: checked.result.state.services.get('web')! };
}

/** From `from` on: the most non-terminating pods, and the fewest Ready old+new pods (RUNNING and Ready). */
function extremes(records: readonly FleetEvent[], from: number): { maxLive: number; minAvailable: number } {
  const status = new Map<string, string>();
  const ready = new Set<string>();
  let maxLive = 0;
  let minAvailable = Infinity;
  for (const r of records) {
    if (r.type === 'task.created') status.set(entityOf(r), 'UNPLACED');
    else if (r.type === 'task.status-changed') status.set(r.task, r.to);
    else if (r.type === 'task.placed') status.set(r.task, 'PROVISIONING');
    else if (r.type === 'task.stopped') status.set(r.task, 'STOPPED');
    else if (r.type === 'task.healthy') ready.add(entityOf(r));
    else if (r.type === 'container.exited') ready.delete(entityOf(r));
    else continue;
    if (r.time < from) continue;
    const live = [...status.entries()].filter(([, s]) => s !== 'STOPPING' && s !== 'STOPPED');
    maxLive = Math.max(maxLive, live.length);
    minAvailable = Math.min(minAvailable, live.filter(([id, s]) => s === 'RUNNING' && ready.has(id)).length);
  }
  return { maxLive, minAvailable };
}

describe('Kubernetes rolling update bounds', () => {
  it('rounds maxSurge up and maxUnavailable down (IntOrString percent of replicas)', () => {
    expect(kubeRollingBounds(10, { maxSurge: '25%', maxUnavailable: '25%' })).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(kubeRollingBounds(4, { maxSurge: '25%', maxUnavailable: '25%' })).toEqual({ maxSurge: 1, maxUnavailable: 1 });
    expect(kubeRollingBounds(3, { maxSurge: '25%', maxUnavailable: '25%' })).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(kubeRollingBounds(5, { maxSurge: 2, maxUnavailable: 0 })).toEqual({ maxSurge: 2, maxUnavailable: 0 });
    expect(resolveIntOrPercent('30%', 10, true)).toBe(3);
    expect(resolveIntOrPercent('33%', 10, false)).toBe(3);
    expect(resolveIntOrPercent('33%', 10, true)).toBe(4);
  });

  it('both resolving to 0 (percent rounding) makes maxUnavailable 1, as the controller does', () => {
    expect(kubeRollingBounds(2, { maxSurge: '0%', maxUnavailable: '25%' })).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('rejects maxSurge and maxUnavailable both 0', () => {
    const loaded = loadScenario('kdeploy.yaml', eks({ replicas: 4, strategy: '{ maxSurge: 0, maxUnavailable: "0%" }' }));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.diagnostics.map(formatDiagnostic).join('\n')).toContain('may not be 0 when maxSurge is 0');
  });
});

describe('workload controller reactions', () => {
  it('a scaled Deployment gets its pods after two reactions (Deployment, then ReplicaSet controller), 100 ms each', () => {
    expect(EKS_TIMING.workloadControllerReactionMs).toBe(100);
    const { records } = run(eks({ replicas: 2, events: '  - { at: 6m, scale: { workload: web, replicas: 4 } }' }));
    const created = records.filter((r) => r.type === 'task.created' && r.time >= 360_000).map((r) => r.time);
    expect(created).toEqual([360_200, 360_200]);
    // The run's first pods too: created with the Deployment at 0.
    expect(records.filter((r) => r.type === 'task.created' && r.time < 1_000).map((r) => r.time)).toEqual([200, 200]);
  });
});

describe('Kubernetes Deployment rolling update', () => {
  it('default 25%/25% on 10 replicas: surges 3, deletes 2 old at once, stays within 13 pods and 8 available, completes', () => {
    const { records, service } = run(eks({ replicas: 10 }));
    // The rollout's first steps: the Deployment controller's and the ReplicaSet controller's reactions after the deploy.
    const first = records.filter((r) => r.type === 'service.event' && r.time >= 300_000 && r.time <= 300_000 + 3 * EKS_TIMING.workloadControllerReactionMs).map((r) => describeEvent(r));
    expect(first).toEqual(['ScalingReplicaSet: Scaled up replica set web-2 to 3', 'ScalingReplicaSet: Scaled down old replica sets of web by 2 (to 8)', 'ScalingReplicaSet: Scaled up replica set web-2 to 5']);
    const { maxLive, minAvailable } = extremes(records, 300_000);
    expect(maxLive).toBeLessThanOrEqual(13);
    expect(minAvailable).toBeGreaterThanOrEqual(8);
    expect(service.deployment.rolloutState).toBe('COMPLETED');
    expect(service.deployment.taskDefinition.revision).toBe(2);
    expect([...service.tasks].filter((t) => t.status === 'RUNNING' && t.taskDefinition.revision === 2)).toHaveLength(10);
    expect(records.some((r) => describeEvent(r).includes('NewReplicaSetAvailable'))).toBe(true);
  });

  it('maxSurge 1, maxUnavailable 0: one new pod at a time, never below replicas available', () => {
    const { records, service } = run(eks({ replicas: 4, strategy: '{ maxSurge: 1, maxUnavailable: 0 }' }));
    const ups = records.filter((r) => r.type === 'service.event' && describeEvent(r).startsWith('ScalingReplicaSet: Scaled up')).map((r) => describeEvent(r).slice(-1));
    expect(ups).toEqual(['1', '2', '3', '4']);
    const { maxLive, minAvailable } = extremes(records, 300_000);
    expect(maxLive).toBe(5);
    expect(minAvailable).toBe(4);
    expect(service.deployment.rolloutState).toBe('COMPLETED');
  });

  it.each([0, 2])('scaled down to %i during a rollout, the new ReplicaSet shrinks too and the rollout completes', (replicas) => {
    // One second into the rollout the new ReplicaSet has 3 pods (25% surge of 10), none Ready yet.
    const { service } = run(eks({ replicas: 10, events: `  - { at: 301s, scale: { workload: web, replicas: ${replicas} } }` }));
    expect(service.deployment.rolloutState).toBe('COMPLETED');
    expect([...service.tasks].map((t) => `${t.status}:${t.taskDefinition.revision}`)).toEqual(Array<string>(replicas).fill('RUNNING:2'));
  });

  it('scaled down during a rollout, the ReplicaSets shrink proportionally to replicas + maxSurge at once', () => {
    // At 5m: 8 old and 5 new pods (13 = 10 + 3 surge). Scaled to 6 (maxSurge 2) one second later,
    // Kubernetes cuts both ReplicaSets to 8 pods in all (old 8 -> 5, new 5 -> 3), not just the old.
    const { records, service } = run(eks({ replicas: 10, events: '  - { at: 301s, scale: { workload: web, replicas: 6 } }' }));
    expect(extremes(records, 301_500).maxLive).toBe(8);
    expect(service.deployment.rolloutState).toBe('COMPLETED');
    expect([...service.tasks].map((t) => `${t.status}:${t.taskDefinition.revision}`)).toEqual(Array<string>(6).fill('RUNNING:2'));
  });

  it('new pods in CrashLoopBackOff stall the rollout: ProgressDeadlineExceeded, no rollback, the last old pod keeps running', () => {
    const { records, service } = run(eks({ replicas: 4, deadline: 120, deploy: ', crash: { onStartProbability: 1 }' }));
    const failed = records.find((r) => r.type === 'service.rollout-state' && describeEvent(r).includes('ProgressDeadlineExceeded'));
    expect(failed).toBeDefined();
    expect(records.some((r) => describeEvent(r).includes('CrashLoopBackOff'))).toBe(true);
    expect(service.rollbacks).toBe(0);
    expect(service.deployment.taskDefinition.revision).toBe(2);
    expect(records.filter((r) => r.type === 'service.rollout-state')).toHaveLength(1);
    // No readiness probe: a crashing pod is Ready between restarts, so old pods go while it is
    // when the controller looks (100 ms after the change); the new pods crash 1 s after each
    // start, so the controller finds at most one of them Ready at a time and two old pods stay
    // (3 available = 4 - maxUnavailable 1). The rollout never completes.
    expect([...service.tasks].filter((t) => t.status === 'RUNNING' && t.taskDefinition.revision === 1)).toHaveLength(2);
  });
});

function drain(pdb: string): string {
  return `name: pdb
seed: 6
duration: 10m
cluster:
  platform: eks
  coreDns: false
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
      - { az: us-east-1b, cidr: 10.0.16.0/20 }
      - { az: us-east-1c, cidr: 10.0.32.0/20 }
  nodeGroups:
    - { name: g, instanceType: m5.xlarge, desiredSize: 2 }
workloads:
  - kind: Deployment
    name: web
    replicas: 4
    ${pdb}
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule }]
    containers:
      - name: web
        image: web:1
        imageSize: 50MB
        readyAfter: 5s
        resources: { requests: { cpu: 100m, memory: 128Mi } }
events:
  - { at: 3m, scale: { nodeGroup: g, desiredSize: 1 } }
`;
}

describe('PodDisruptionBudget and node drains', () => {
  it('desiredHealthy: minAvailable or replicas - maxUnavailable, percents rounded up', () => {
    expect(pdbDesiredHealthy({ minAvailable: 3 }, 4)).toBe(3);
    expect(pdbDesiredHealthy({ minAvailable: '50%' }, 5)).toBe(3);
    expect(pdbDesiredHealthy({ maxUnavailable: 1 }, 4)).toBe(3);
    expect(pdbDesiredHealthy({ maxUnavailable: '25%' }, 5)).toBe(3);
  });

  it('without a budget the drain evicts both pods of the node at once', () => {
    const { records } = run(drain(''));
    const evicted = records.filter((r) => r.type === 'task.status-changed' && describeEvent(r).includes('is being drained'));
    expect(evicted.map((r) => r.time)).toEqual([180_000, 180_000]);
    expect(records.some((r) => describeEvent(r).includes('disruption budget'))).toBe(false);
  });

  it('minAvailable 3 of 4: the second eviction is refused (429) and retried 5 s later, after the replacement is Ready', () => {
    const { records } = run(drain('podDisruptionBudget: { minAvailable: 3 }'));
    const evicted = records.filter((r) => r.type === 'task.status-changed' && describeEvent(r).includes('is being drained'));
    expect(evicted.map((r) => r.time)).toEqual([180_000, 185_000]);
    const refused = records.filter((r) => describeEvent(r).includes("Cannot evict pod as it would violate the pod's disruption budget"));
    expect(refused.map((r) => r.time)).toEqual([180_000]);
    expect(extremes(records, 180_000).minAvailable).toBeGreaterThanOrEqual(3);
    expect(records.some((r) => r.type === 'host.terminated')).toBe(true);
  });
});

describe('Kubernetes Recreate, minReadySeconds and rollout undo', () => {
  it('Recreate: deletes every old pod, and creates new ones only once they have terminated', () => {
    const { records, service } = run(eks({ replicas: 4, extra: 'strategy: { type: Recreate }' }));
    const oldStops = records.filter((r) => r.type === 'task.stopped' && r.time >= 300_000);
    const newPods = records.filter((r) => r.type === 'task.created' && r.time >= 300_000);
    expect(oldStops).toHaveLength(4);
    expect(newPods).toHaveLength(4);
    expect(Math.min(...newPods.map((r) => r.time))).toBeGreaterThanOrEqual(Math.max(...oldStops.map((r) => r.time)));
    expect(service.deployment.rolloutState).toBe('COMPLETED');
  });

  it('minReadySeconds: an old pod goes only once a new one has been Ready that long', () => {
    const { records, service } = run(eks({ replicas: 3, strategy: '{ maxSurge: 1, maxUnavailable: 0 }', extra: 'minReadySeconds: 30' }));
    const readyNew = records.filter((r) => r.type === 'task.healthy' && r.time >= 300_000).map((r) => r.time);
    const deletions = records.filter((r) => r.type === 'task.status-changed' && r.to === 'STOPPING' && r.time >= 300_000).map((r) => r.time);
    expect(deletions).toHaveLength(3);
    // The i-th old pod is deleted 30 s after the i-th new pod became Ready (maxUnavailable 0).
    deletions.forEach((t, i) => expect(t).toBe(readyNew[i]! + 30_000));
    expect(service.deployment.rolloutState).toBe('COMPLETED');
  });

  it('rollout undo: returns a stuck rollout to the last completed revision', () => {
    const { records, service } = run(eks({ replicas: 4, deploy: ', imagePull: { fails: tag-not-found }', events: '  - { at: 8m, rolloutUndo: { workload: web } }' }));
    expect(records.some((r) => r.type === 'service.event' && describeEvent(r).startsWith('DeploymentRollback: Rolled back deployment "web" to revision 1'))).toBe(true);
    expect(service.deployment.rolloutState).toBe('COMPLETED');
    expect(service.deployment.taskDefinition.revision).toBe(1);
    expect(service.rollbacks).toBe(1);
    expect([...service.tasks].every((t) => t.taskDefinition.revision === 1 && t.status === 'RUNNING')).toBe(true);
  });

  it('rollout undo without an earlier revision says so and changes nothing', () => {
    const yaml = eks({ replicas: 2, events: '  - { at: 1m, rolloutUndo: { workload: web } }' });
    const { records, service } = run(yaml);
    expect(records.some((r) => r.type === 'service.event' && describeEvent(r).startsWith('DeploymentRollbackRevisionNotFound: Unable to find last revision.'))).toBe(true);
    expect(service.rollbacks).toBe(0);
  });

  it('rejects rollingUpdate with Recreate, and a progress deadline not above minReadySeconds', () => {
    const errors = (yaml: string): string[] => {
      const loaded = loadScenario('kdeploy.yaml', yaml);
      return loaded.ok ? [] : loaded.diagnostics.map(formatDiagnostic);
    };
    expect(errors(eks({ replicas: 2, extra: 'strategy: { type: Recreate, rollingUpdate: { maxSurge: 1 } }' }))[0]).toMatch(/kdeploy\.yaml:\d+:\d+: error: may not be specified when strategy type is 'Recreate' \(at workloads\[0\]\.strategy\.rollingUpdate\)/);
    expect(errors(eks({ replicas: 2, deadline: 30, extra: 'minReadySeconds: 30' }))[0]).toMatch(/must be greater than minReadySeconds \(at workloads\[0\]\.progressDeadlineSeconds\)/);
    expect(errors(eks({ replicas: 2, events: '  - { at: 1m, rolloutUndo: { workload: wbe } }' }))[0]).toContain("no workload named 'wbe' (did you mean 'web'?)");
  });
});
