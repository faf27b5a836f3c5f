import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import type { ServiceEventCause } from '../../src/model/events/service.js';
import { EKS_TIMING } from '../../src/model/params/eks-timing.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { runYamlChecked, yamlErrors, type CheckedRun } from '../support/scenario-runner.js';

/**
 * StatefulSet updates (docs/models.md, "StatefulSet updates"): updateStrategy RollingUpdate (from
 * the highest ordinal down, one at a time, with a partition), OnDelete, minReadySeconds, and the
 * Forced rollback trap of OrderedReady (Kubernetes docs, "StatefulSets", "Update strategies").
 */

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T) => records.filter((r): r is Extract<FleetEvent, { type: T }> => r.type === type);
type Cause<C extends ServiceEventCause['code']> = Extract<ServiceEventCause, { code: C }> & { readonly time: number };
/** The StatefulSet's service events of one code, with their times. */
function causes<C extends ServiceEventCause['code']>(records: readonly FleetEvent[], code: C): Cause<C>[] {
  return of(records, 'service.event').flatMap((r) => (r.cause.code === code ? [{ ...(r.cause as Extract<ServiceEventCause, { code: C }>), time: r.time }] : []));
}

interface Options {
  readonly replicas?: number;
  readonly policy?: 'OrderedReady' | 'Parallel';
  readonly updateStrategy?: string;
  readonly minReadySeconds?: number;
  readonly events: string;
  readonly duration?: string;
}

/** Three nodes in three AZs and a StatefulSet `db` of 3 (a 20Gi claim per ordinal), with `events`. */
function scenario(o: Options): string {
  const strategy = o.updateStrategy === undefined ? '' : `\n    updateStrategy: ${o.updateStrategy}`;
  const minReady = o.minReadySeconds === undefined ? '' : `\n    minReadySeconds: ${o.minReadySeconds}`;
  return `name: sts-update
seed: 1
duration: ${o.duration ?? '15m'}
cluster:
  platform: eks
  coreDns: false
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
      - { az: us-east-1b, cidr: 10.0.16.0/20 }
      - { az: us-east-1c, cidr: 10.0.32.0/20 }
  nodeGroups:
    - { name: g, instanceType: m5.large, desiredSize: 3 }
workloads:
  - kind: StatefulSet
    name: db
    replicas: ${o.replicas ?? 3}
    podManagementPolicy: ${o.policy ?? 'OrderedReady'}${strategy}${minReady}
    containers:
      - { name: db, image: postgres:16, imageSize: 150MB, readyAfter: 5s, resources: { requests: { cpu: 500m, memory: 1Gi } } }
    topologySpreadConstraints:
      - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule }
    volumeClaimTemplates:
      - { name: data, storage: 20Gi }
events:
${o.events}`;
}

/** The pods of `db` that have not stopped, as `name: revision` by ordinal, from the run's end state and its SuccessfulCreate events. */
function podRevisions({ records, result }: CheckedRun): Record<string, number> {
  const names = new Map(causes(records, 'STATEFULSET_POD_CREATED').map((c) => [c.task, c.pod]));
  const live = [...result.state.services.get('db')!.tasks].filter((t) => t.status !== 'STOPPED');
  return Object.fromEntries(live.map((t) => [names.get(t.id)!, t.taskDefinition.revision] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const DEPLOY = `  - { at: 3m, deploy: { service: db, image: "postgres:17" } }`;
const BAD_DEPLOY = `  - { at: 3m, deploy: { service: db, image: "postgres:17-typo", imagePull: { fails: tag-not-found } } }`;

describe('StatefulSet RollingUpdate', () => {
  it('deletes and recreates the pods from the highest ordinal down, each once the one above is back Running and Ready, with the same claims', () => {
    const run = runYamlChecked(scenario({ events: DEPLOY }));
    const { records } = run;
    const deleted = causes(records, 'STATEFULSET_POD_DELETED');
    expect(deleted.map((c) => [c.pod, c.revision, c.updateRevision])).toEqual([
      ['db-2', 1, 2],
      ['db-1', 1, 2],
      ['db-0', 1, 2],
    ]);
    // The first deletion is the controller's reaction to the new template (the deploy at 3m).
    expect(deleted[0]!.time).toBe(180_000 + EKS_TIMING.workloadControllerReactionMs);
    // Each next deletion waits for the ordinal above to come back Ready (one reaction after it).
    const created = causes(records, 'STATEFULSET_POD_CREATED').filter((c) => c.time >= 180_000);
    expect(created.map((c) => [c.pod, c.claims])).toEqual([
      ['db-2', ['data-db-2']],
      ['db-1', ['data-db-1']],
      ['db-0', ['data-db-0']],
    ]);
    const healthy = new Map(of(records, 'task.healthy').map((r) => [r.task, r.time]));
    expect(deleted[1]!.time).toBe(healthy.get(created[0]!.task)! + EKS_TIMING.workloadControllerReactionMs);
    expect(deleted[2]!.time).toBe(healthy.get(created[1]!.task)! + EKS_TIMING.workloadControllerReactionMs);
    // The replacement of an ordinal is created only once the old pod is gone.
    const stopped = new Map(of(records, 'task.stopped').map((r) => [r.task, r.time]));
    for (const [i, d] of deleted.entries()) expect(created[i]!.time).toBeGreaterThan(stopped.get(d.task)!);
    // The claims (and their volumes) stay: no volume is provisioned for the update.
    expect(of(records, 'volume.provisioned').filter((r) => r.time >= 180_000)).toHaveLength(0);
    const done = of(records, 'service.rollout-state');
    expect(done.map((r) => [r.state, r.cause])).toEqual([['COMPLETED', { code: 'STATEFULSET_UPDATE_COMPLETE', revision: 2, replicas: 3 }]]);
    expect(done[0]!.time).toBe(healthy.get(created[2]!.task)! + EKS_TIMING.workloadControllerReactionMs);
    expect(describeEvent(done[0]!)).toContain('statefulset rolling update complete 3 pods at revision db-2');
    expect(describeEvent(of(records, 'service.event').find((r) => r.cause.code === 'STATEFULSET_POD_DELETED')!)).toContain('SuccessfulDelete: delete Pod db-2 in StatefulSet db successful');
    expect(podRevisions(run)).toEqual({ 'db-0': 2, 'db-1': 2, 'db-2': 2 });
    // The current revision (what ordinals below a partition would get) is the new one now.
    expect(run.result.state.services.get('db')!.lastCompleted.revision).toBe(2);
  });

  it('partition: updates the ordinals at or above it; those below keep the current revision, even when their pod is deleted', () => {
    const run = runYamlChecked(scenario({ updateStrategy: '{ rollingUpdate: { partition: 2 } }', events: `${DEPLOY}\n  - { at: 8m, deletePod: { workload: db, ordinal: 0 } }` }));
    expect(causes(run.records, 'STATEFULSET_POD_DELETED').map((c) => c.pod)).toEqual(['db-2']);
    // db-0, deleted by hand, comes back at revision 1 (the current revision); the rollout never completes.
    const recreated = causes(run.records, 'STATEFULSET_POD_CREATED').filter((c) => c.time >= 480_000);
    expect(recreated.map((c) => c.pod)).toEqual(['db-0']);
    expect(of(run.records, 'task.created').find((r) => r.task === recreated[0]!.task)!.taskDefinition.revision).toBe(1);
    expect(describeEvent(of(run.records, 'task.stopped').find((r) => r.time >= 480_000)!)).toContain('kubectl delete pod');
    expect(podRevisions(run)).toEqual({ 'db-0': 1, 'db-1': 1, 'db-2': 2 });
    expect(of(run.records, 'service.rollout-state')).toHaveLength(0);
    expect(run.result.state.services.get('db')!.deployment.rolloutState).toBe('IN_PROGRESS');
  });

  // Upstream waits for unavailable pods on update under either policy (kubernetes #130909).
  it.each(['OrderedReady', 'Parallel'] as const)('minReadySeconds: %s deletes the next pod only once the replaced one has been Ready that long', (policy) => {
    const run = runYamlChecked(scenario({ policy, minReadySeconds: 30, events: DEPLOY }));
    const deleted = causes(run.records, 'STATEFULSET_POD_DELETED');
    const created = causes(run.records, 'STATEFULSET_POD_CREATED').filter((c) => c.time >= 180_000);
    const healthy = new Map(of(run.records, 'task.healthy').map((r) => [r.task, r.time]));
    expect(deleted).toHaveLength(3);
    // The controller's own AddAfter(minReadySeconds): no watch event in between.
    expect(deleted[1]!.time).toBe(healthy.get(created[0]!.task)! + 30_000);
    expect(deleted[2]!.time).toBe(healthy.get(created[1]!.task)! + 30_000);
  });
});

describe('StatefulSet OnDelete', () => {
  it('replaces no pod on a new template; a pod deleted for another reason comes back at the new revision', () => {
    const run = runYamlChecked(scenario({ updateStrategy: '{ type: OnDelete }', events: `${DEPLOY}\n  - { at: 8m, deletePod: { workload: db, ordinal: 1 } }` }));
    expect(causes(run.records, 'STATEFULSET_POD_DELETED')).toHaveLength(0);
    expect(podRevisions(run)).toEqual({ 'db-0': 1, 'db-1': 2, 'db-2': 1 });
    expect(of(run.records, 'service.rollout-state')).toHaveLength(0);
  });
});

describe('StatefulSet Forced rollback', () => {
  const REVERT = `  - { at: 8m, rolloutUndo: { workload: db } }`;

  it('OrderedReady: a pod of a bad revision stalls the rollout for good, and reverting the template does not replace it', () => {
    const run = runYamlChecked(scenario({ events: `${BAD_DEPLOY}\n${REVERT}` }));
    const { records } = run;
    // Only db-2 was replaced: its new pod never pulls its image, so nothing moves past it.
    expect(causes(records, 'STATEFULSET_POD_DELETED').map((c) => c.pod)).toEqual(['db-2']);
    expect(of(records, 'task.image-pull-failed').length).toBeGreaterThan(0);
    // The revert: the template is revision 1 again, db-2 is of revision 2 and never Ready, so it is never deleted.
    const blocked = causes(records, 'STATEFULSET_ROLLOUT_BLOCKED');
    expect(blocked.map((c) => [c.pod, c.revision, c.updateRevision])).toEqual([['db-2', 2, 1]]);
    expect(blocked[0]!.time).toBe(480_000 + EKS_TIMING.workloadControllerReactionMs);
    expect(describeEvent(of(records, 'service.event').find((r) => r.cause.code === 'STATEFULSET_ROLLOUT_BLOCKED')!)).toContain('until the pod is deleted (Forced rollback');
    expect(describeEvent(of(records, 'service.event').find((r) => r.cause.code === 'STATEFULSET_ROLLED_BACK')!)).toBe('statefulset.apps/db rolled back to revision 1 (kubectl rollout undo statefulset/db)');
    expect(podRevisions(run)).toEqual({ 'db-0': 1, 'db-1': 1, 'db-2': 2 });
    const db = run.result.state.services.get('db')!;
    expect(db.counts.RUNNING).toBe(2);
    expect(db.deployment.rolloutState).toBe('IN_PROGRESS');
    expect(of(records, 'service.rollout-state')).toHaveLength(0);
  });

  it('deleting the broken pod after the revert lets the rollout finish at the old revision', () => {
    const run = runYamlChecked(scenario({ events: `${BAD_DEPLOY}\n${REVERT}\n  - { at: 10m, deletePod: { workload: db, ordinal: 2 } }` }));
    const recreated = causes(run.records, 'STATEFULSET_POD_CREATED').filter((c) => c.time >= 600_000);
    expect(recreated.map((c) => [c.pod, c.claims])).toEqual([['db-2', ['data-db-2']]]);
    expect(podRevisions(run)).toEqual({ 'db-0': 1, 'db-1': 1, 'db-2': 1 });
    expect(run.result.state.services.get('db')!.counts.RUNNING).toBe(3);
    expect(of(run.records, 'service.rollout-state').map((r) => [r.state, r.cause])).toEqual([['COMPLETED', { code: 'STATEFULSET_UPDATE_COMPLETE', revision: 1, replicas: 3 }]]);
  });

  it('Parallel: the revert alone replaces the broken pod (the controller does not wait for it before updating)', () => {
    const run = runYamlChecked(scenario({ policy: 'Parallel', events: `${BAD_DEPLOY}\n${REVERT}` }));
    expect(causes(run.records, 'STATEFULSET_ROLLOUT_BLOCKED')).toHaveLength(0);
    expect(causes(run.records, 'STATEFULSET_POD_DELETED').map((c) => [c.pod, c.revision, c.updateRevision])).toEqual([
      ['db-2', 1, 2],
      ['db-2', 2, 1],
    ]);
    expect(podRevisions(run)).toEqual({ 'db-0': 1, 'db-1': 1, 'db-2': 1 });
    expect(run.result.state.services.get('db')!.counts.RUNNING).toBe(3);
  });
});

describe('StatefulSet updateStrategy and deletePod in a scenario', () => {
  const base = (extra: string, events = DEPLOY) => scenario({ updateStrategy: extra, events });

  it('rejects rollingUpdate with OnDelete, a maxUnavailable of 0, and a Deployment strategy on a StatefulSet, as the API server does', () => {
    expect(yamlErrors(base('{ type: OnDelete, rollingUpdate: { partition: 1 } }')).join('\n')).toContain("only allowed for updateStrategy type 'RollingUpdate' (at workloads[0].updateStrategy.rollingUpdate)");
    expect(yamlErrors(base('{ rollingUpdate: { maxUnavailable: 0 } }')).join('\n')).toContain('must be greater than 0 (at workloads[0].updateStrategy.rollingUpdate.maxUnavailable)');
    expect(yamlErrors(base("{ rollingUpdate: { maxUnavailable: '0%' } }")).join('\n')).toContain('must be greater than 0');
    const withStrategy = scenario({ events: DEPLOY }).replace('    podManagementPolicy:', '    strategy: { type: Recreate }\n    podManagementPolicy:');
    expect(yamlErrors(withStrategy).join('\n')).toContain('strategy belongs to a Deployment: a StatefulSet rolls out by its updateStrategy (at workloads[0].strategy)');
  });

  it('accepts maxUnavailable, which does not act: pods are still replaced one at a time', () => {
    const run = runYamlChecked(base('{ rollingUpdate: { maxUnavailable: 2 } }'));
    const deleted = causes(run.records, 'STATEFULSET_POD_DELETED');
    const created = causes(run.records, 'STATEFULSET_POD_CREATED').filter((c) => c.time >= 180_000);
    const healthy = new Map(of(run.records, 'task.healthy').map((r) => [r.task, r.time]));
    expect(deleted).toHaveLength(3);
    expect(deleted[1]!.time).toBeGreaterThan(healthy.get(created[0]!.task)!);
  });

  it('rejects updateStrategy on a Deployment, and deletePod for a Deployment or an unknown workload', () => {
    const deployment = scenario({ updateStrategy: '{ type: OnDelete }', events: DEPLOY }).replace('kind: StatefulSet', 'kind: Deployment').replace(/\n {4}volumeClaimTemplates:\n.*\n/, '\n').replace('    podManagementPolicy: OrderedReady\n', '');
    expect(yamlErrors(deployment).join('\n')).toContain('updateStrategy belongs to a StatefulSet: set kind: StatefulSet (at workloads[0].updateStrategy)');
    const deletePodOfDeployment = deployment.replace('    updateStrategy: { type: OnDelete }\n', '').replace(DEPLOY, '  - { at: 3m, deletePod: { workload: db, ordinal: 0 } }');
    expect(yamlErrors(deletePodOfDeployment).join('\n')).toContain('db is not a StatefulSet: deletePod names a pod by its StatefulSet ordinal (at events[0].deletePod.workload)');
    expect(yamlErrors(scenario({ events: '  - { at: 3m, deletePod: { workload: dbx, ordinal: 0 } }' })).join('\n')).toContain("no workload named 'dbx' (did you mean 'db'?) (at events[0].deletePod.workload)");
  });
});
