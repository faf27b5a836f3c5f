import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { EBS_TIMING } from '../../src/model/params/ebs.js';
import { EKS_TIMING } from '../../src/model/params/eks-timing.js';
import { describeEvent } from '../../src/report/describe/index.js';
import { CostReport } from '../../src/report/cost.js';
import { runSimulation } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/**
 * StatefulSet persistentVolumeClaimRetentionPolicy and the StorageClass's reclaimPolicy
 * (docs/models.md, "Volumes": claim retention, reclaim policy).
 */

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T) => records.filter((r): r is Extract<FleetEvent, { type: T }> => r.type === type);

interface Options {
  readonly whenScaled?: 'Retain' | 'Delete';
  readonly reclaimPolicy?: 'Retain' | 'Delete';
  readonly events: string;
  readonly replicas?: number;
  readonly duration?: string;
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  readonly expect?: string;
}

/** A 3-AZ EKS cluster with one StatefulSet `db` (20Gi gp3 per ordinal) and the given policies. */
function scenario(o: Options): string {
  const policy = o.whenScaled === undefined ? '' : `\n    persistentVolumeClaimRetentionPolicy: { whenScaled: ${o.whenScaled} }`;
  const reclaim = o.reclaimPolicy === undefined ? '' : `, reclaimPolicy: ${o.reclaimPolicy}`;
  return `name: retention
seed: 1
duration: ${o.duration ?? '10m'}
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
  storageClasses:
    - { name: sc, default: true${reclaim} }
workloads:
  - kind: StatefulSet
    name: db
    replicas: ${o.replicas ?? 3}
    podManagementPolicy: ${o.podManagementPolicy ?? 'OrderedReady'}
    containers:
      - { name: db, image: postgres:16, imageSize: 150MB, resources: { requests: { cpu: 500m, memory: 1Gi } } }
    topologySpreadConstraints:
      - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule }
    volumeClaimTemplates:
      - { name: data, storage: 20Gi }${policy}
events:
${o.events}
${o.expect ?? ''}`;
}

/** Pod (task id) -> its StatefulSet pod name, from the controller's SuccessfulCreate events. */
function podNames(records: readonly FleetEvent[]): Map<string, string> {
  return new Map(of(records, 'service.event').flatMap((r) => (r.cause.code === 'STATEFULSET_POD_CREATED' ? [[r.cause.task, r.cause.pod] as const] : [])));
}

/** The claims each created pod mounts, in creation order: [pod name, claims]. */
function podClaims(records: readonly FleetEvent[]): [string, readonly string[]][] {
  return of(records, 'service.event').flatMap((r) => (r.cause.code === 'STATEFULSET_POD_CREATED' ? [[r.cause.pod, r.cause.claims] as [string, readonly string[]]] : []));
}

describe('StatefulSet persistentVolumeClaimRetentionPolicy whenScaled', () => {
  it('Delete: deletes the claims of the condemned ordinals only after their pods are gone, then their volumes once detached (reclaimPolicy Delete)', () => {
    const { records, result } = runYamlChecked(scenario({ whenScaled: 'Delete', events: '  - { at: 3m, scale: { workload: db, replicas: 1 } }' }));
    const names = podNames(records);
    const stopped = of(records, 'task.stopped').map((r) => ({ pod: names.get(r.task)!, time: r.time }));
    expect(stopped.map((s) => s.pod)).toEqual(['db-2', 'db-1']);
    const deleted = of(records, 'volume.claim-deleted');
    expect(deleted.map((r) => [r.claim, r.reclaimPolicy])).toEqual([
      ['data-db-2', 'Delete'],
      ['data-db-1', 'Delete'],
    ]);
    // Each claim goes in the controller's sync after its pod is gone, never while the pod exists.
    for (const [i, d] of deleted.entries()) expect(d.time).toBe(stopped[i]!.time + EKS_TIMING.workloadControllerReactionMs);
    // Its volume is deleted once detached (DetachVolume after the pod is gone), not before.
    const detached = new Map(of(records, 'volume.detached').map((r) => [r.volume, r]));
    const volumeDeleted = of(records, 'volume.deleted');
    expect(volumeDeleted.map((r) => r.claim)).toEqual(['data-db-2', 'data-db-1']);
    for (const [i, v] of volumeDeleted.entries()) {
      expect(v.volume).toBe(deleted[i]!.volume);
      expect(v.time).toBe(detached.get(v.volume)!.time);
      expect(v.time).toBe(stopped[i]!.time + EBS_TIMING.detachMs);
    }
    expect(describeEvent(deleted[0]!)).toContain('persistentvolumeclaim data-db-2 deleted');
    expect(describeEvent(deleted[0]!)).toContain('deleted once detached (reclaimPolicy Delete)');
    // db-0 keeps its claim and volume; the deleted claims are gone from the cluster's claims.
    const v = result.state.volumes;
    expect([...v.claims.keys()]).toEqual(['data-db-0']);
    expect(v.released.size).toBe(0);
    expect(v.volumesOf('db')).toBe(1);
  });

  it('Retain (the default): keeps the claims on scale-in, and a scale-out mounts the same claims and volumes', () => {
    const { records, result } = runYamlChecked(scenario({ events: '  - { at: 3m, scale: { workload: db, replicas: 1 } }\n  - { at: 6m, scale: { workload: db, replicas: 3 } }' }));
    expect(of(records, 'volume.claim-deleted')).toHaveLength(0);
    expect(of(records, 'volume.deleted')).toHaveLength(0);
    const provisioned = of(records, 'volume.provisioned');
    expect(provisioned.map((r) => r.claim)).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    // db-1 and db-2 are created twice, each time with the same claim, attached again to the same volume.
    expect(podClaims(records)).toEqual([
      ['db-0', ['data-db-0']],
      ['db-1', ['data-db-1']],
      ['db-2', ['data-db-2']],
      ['db-1', ['data-db-1']],
      ['db-2', ['data-db-2']],
    ]);
    const byClaim = new Map(provisioned.map((r) => [r.claim, r.volume]));
    const reattached = of(records, 'volume.attached').filter((r) => r.time > 360_000);
    expect(reattached.map((r) => [r.claim, r.volume])).toEqual([
      ['data-db-1', byClaim.get('data-db-1')],
      ['data-db-2', byClaim.get('data-db-2')],
    ]);
    expect(result.state.services.get('db')!.counts.RUNNING).toBe(3);
    expect(result.state.volumes.volumesOf('db')).toBe(3);
  });

  it('Delete: a later scale-out creates fresh claims and fresh volumes for the ordinals', () => {
    const { records, result } = runYamlChecked(scenario({ whenScaled: 'Delete', events: '  - { at: 3m, scale: { workload: db, replicas: 1 } }\n  - { at: 6m, scale: { workload: db, replicas: 3 } }' }));
    const provisioned = of(records, 'volume.provisioned');
    expect(provisioned.map((r) => r.claim)).toEqual(['data-db-0', 'data-db-1', 'data-db-2', 'data-db-1', 'data-db-2']);
    expect(new Set(provisioned.map((r) => r.volume)).size).toBe(5);
    const deleted = of(records, 'volume.deleted').map((r) => r.volume);
    expect(deleted).toEqual([provisioned[2]!.volume, provisioned[1]!.volume]);
    // The new pods mount the new volumes (WaitForFirstConsumer: created after the scale-out).
    for (const p of provisioned.slice(3)) expect(p.time).toBeGreaterThan(360_000);
    const db = result.state.services.get('db')!;
    expect(db.counts.RUNNING).toBe(3);
    const mounted = [...db.tasks].filter((t) => t.status === 'RUNNING').flatMap((t) => result.state.volumes.claimsOf(t).map((c) => c.volume!.id));
    expect(new Set(mounted)).toEqual(new Set([provisioned[0]!.volume, provisioned[3]!.volume, provisioned[4]!.volume]));
    expect(result.state.volumes.volumesOf('db')).toBe(3);
  });

  it('Delete, Parallel: a scale-out before a condemned pod is gone pardons its claim, even while the pod terminates', () => {
    // db-2 is condemned at 3m0.1s and still terminating at the controller's sync after replicas go back to 3 (3m0.4s).
    const parallel = (at: string) => scenario({ whenScaled: 'Delete', podManagementPolicy: 'Parallel', events: `  - { at: 3m, scale: { workload: db, replicas: 2 } }\n  - { at: ${at}, scale: { workload: db, replicas: 3 } }` });
    const { records } = runYamlChecked(parallel('180400ms'));
    const stopped = of(records, 'task.stopped');
    expect(stopped).toHaveLength(1);
    expect(stopped[0]!.time).toBeGreaterThan(180_400 + EKS_TIMING.workloadControllerReactionMs);
    expect(of(records, 'volume.claim-deleted')).toHaveLength(0);
    // The new db-2 mounts the old claim and its volume.
    expect(of(records, 'volume.provisioned')).toHaveLength(3);
    expect(podClaims(records).at(-1)).toEqual(['db-2', ['data-db-2']]);
    // A pod already gone at that sync was the claim's owner: the claim goes, and db-2 gets a fresh one and a fresh volume.
    const late = runYamlChecked(parallel('180500ms')).records;
    expect(of(late, 'task.stopped')[0]!.time).toBeLessThan(180_500 + EKS_TIMING.workloadControllerReactionMs);
    expect(of(late, 'volume.claim-deleted').map((r) => r.claim)).toEqual(['data-db-2']);
    expect(of(late, 'volume.provisioned').map((r) => r.claim)).toEqual(['data-db-0', 'data-db-1', 'data-db-2', 'data-db-2']);
  });

  it('Delete, OrderedReady: a condemned pod still terminating when its ordinal is wanted again is not pardoned (the ordered pass stops at it); one not yet deleted is', () => {
    // The same timing as under Parallel: db-2 terminating at the sync after the scale-out. Upstream's
    // monotonic pass returns at a terminating pod before it would give the claims back.
    const { records } = runYamlChecked(scenario({ whenScaled: 'Delete', events: '  - { at: 3m, scale: { workload: db, replicas: 2 } }\n  - { at: 180400ms, scale: { workload: db, replicas: 3 } }' }));
    const stopped = of(records, 'task.stopped');
    expect(stopped).toHaveLength(1);
    expect(stopped[0]!.time).toBeGreaterThan(180_400 + EKS_TIMING.workloadControllerReactionMs);
    const deleted = of(records, 'volume.claim-deleted');
    expect(deleted.map((r) => r.claim)).toEqual(['data-db-2']);
    expect(deleted[0]!.time).toBe(stopped[0]!.time + EKS_TIMING.workloadControllerReactionMs);
    expect(of(records, 'volume.provisioned').map((r) => r.claim)).toEqual(['data-db-0', 'data-db-1', 'data-db-2', 'data-db-2']);
    // From 4 to 1 and back to 4 while db-3 terminates: db-1 and db-2, condemned but not yet
    // deleted (OrderedReady deletes one at a time) and Running and Ready with all below them, are
    // pardoned; db-3 is not.
    const four = runYamlChecked(scenario({ whenScaled: 'Delete', replicas: 4, events: '  - { at: 3m, scale: { workload: db, replicas: 1 } }\n  - { at: 180400ms, scale: { workload: db, replicas: 4 } }' })).records;
    const names = podNames(four);
    expect(of(four, 'task.stopped').map((r) => names.get(r.task))).toEqual(['db-3']);
    expect(of(four, 'volume.claim-deleted').map((r) => r.claim)).toEqual(['data-db-3']);
    expect(podClaims(four).slice(4)).toEqual([['db-3', ['data-db-3']]]);
  });

  it('Delete: a claim deleted while its volume was still attaching loses the volume once the attach completed and it was detached', () => {
    // Scaled to 0 at 5 s: db-0's volume is provisioned (2.1 s) and attaching (until 9.6 s) when its pod goes.
    const { records } = runYamlChecked(scenario({ whenScaled: 'Delete', replicas: 1, duration: '1m', events: '  - { at: 5s, scale: { workload: db, replicas: 0 } }' }));
    const [claimDeleted] = of(records, 'volume.claim-deleted');
    const [attached] = of(records, 'volume.attached');
    const [detached] = of(records, 'volume.detached');
    const [deleted] = of(records, 'volume.deleted');
    expect(claimDeleted!.time).toBeLessThan(attached!.time);
    expect(attached!.task).toBeNull();
    expect(detached!.time).toBe(attached!.time + EBS_TIMING.detachMs);
    expect(deleted!.time).toBe(detached!.time);
    expect(deleted!.volume).toBe(claimDeleted!.volume);
  });

  it('Delete: a claim deleted while CreateVolume runs gets its volume Released and deleted as soon as it exists', () => {
    // Scaled to 0 at 0.2 s: the pod was bound at 0.1 s (CreateVolume until 2.1 s) and is gone at ~1.3 s.
    const { records } = runYamlChecked(scenario({ whenScaled: 'Delete', replicas: 1, duration: '1m', events: '  - { at: 200ms, scale: { workload: db, replicas: 0 } }' }));
    const [claimDeleted] = of(records, 'volume.claim-deleted');
    const [provisioned] = of(records, 'volume.provisioned');
    const [deleted] = of(records, 'volume.deleted');
    expect(claimDeleted!.volume).toBeNull();
    expect(describeEvent(claimDeleted!)).toContain('no volume bound');
    expect(provisioned!.time).toBeGreaterThan(claimDeleted!.time);
    expect(deleted!.volume).toBe(provisioned!.volume);
    expect(deleted!.time).toBe(provisioned!.time);
    expect(of(records, 'volume.attached')).toHaveLength(0);
  });

  it('keeps the claims of a pod replaced after its node failed, even under Delete (only scale-in condemns)', () => {
    const { records, result } = runYamlChecked(scenario({ whenScaled: 'Delete', duration: '20m', events: '  - { at: 5m, nodeFailure: { count: 1 } }' }));
    expect(of(records, 'task.stopped').length).toBeGreaterThan(0);
    expect(of(records, 'volume.claim-deleted')).toHaveLength(0);
    expect(of(records, 'volume.provisioned')).toHaveLength(3);
    expect(result.state.services.get('db')!.counts.RUNNING).toBe(3);
  });
});

describe('StorageClass reclaimPolicy', () => {
  it('Retain: the deleted claim leaves its volume Released and billed to the end; a scale-out gets new volumes beside them', () => {
    const { records, result } = runYamlChecked(
      scenario({
        whenScaled: 'Delete',
        reclaimPolicy: 'Retain',
        events: '  - { at: 3m, scale: { workload: db, replicas: 1 } }\n  - { at: 6m, scale: { workload: db, replicas: 3 } }',
        expect: 'expect:\n  - { at: 5m, workload: db, volumes: 3 }\n  - { workload: db, volumes: 5 }',
      }),
    );
    const deleted = of(records, 'volume.claim-deleted');
    expect(deleted.map((r) => [r.claim, r.reclaimPolicy])).toEqual([
      ['data-db-2', 'Retain'],
      ['data-db-1', 'Retain'],
    ]);
    expect(describeEvent(deleted[0]!)).toContain('Released and kept (reclaimPolicy Retain)');
    expect(of(records, 'volume.deleted')).toHaveLength(0);
    expect(of(records, 'volume.provisioned')).toHaveLength(5);
    const v = result.state.volumes;
    expect([...v.released.keys()]).toEqual(deleted.map((r) => r.volume));
    for (const claim of v.released.values()) expect(claim.volume!.attachedTo).toBeNull();
    expect(v.volumesOf('db')).toBe(5);
    expect([result.expectationsPassed, result.expectationsFailed]).toEqual([2, 0]);
  });

  it('bills a Delete volume to its deletion and a Retain volume to the end of the run', () => {
    const bill = (reclaimPolicy: 'Delete' | 'Retain') => {
      const loaded = loadScenario('retention.yaml', scenario({ whenScaled: 'Delete', reclaimPolicy, events: '  - { at: 3m, scale: { workload: db, replicas: 1 } }' }));
      if (!loaded.ok) throw new Error('scenario');
      const cost = new CostReport(loaded.spec);
      const records: FleetEvent[] = [];
      const result = runSimulation(loaded.spec, { listeners: [cost.listener, (r) => records.push(r)] });
      return { bill: cost.finish(result.durationMs), records, end: result.durationMs };
    };
    const kept = bill('Retain');
    const gone = bill('Delete');
    // 20 GiB gp3 at $0.08 per GB-month: $1.60 a month each; three volumes kept against one.
    expect(kept.bill.summary.monthly.byCategory.storage).toBeCloseTo(4.8, 9);
    expect(gone.bill.summary.monthly.byCategory.storage).toBeCloseTo(1.6, 9);
    const gbMs = (records: readonly FleetEvent[], end: number) => {
      const deleted = new Map(of(records, 'volume.deleted').map((r) => [r.volume, r.time]));
      return of(records, 'volume.provisioned').reduce((sum, v) => sum + 20 * 1000 * Math.max(60, Math.ceil(((deleted.get(v.volume) ?? end) - v.time) / 1000)), 0);
    };
    const row = (b: typeof kept) => b.bill.rows.find((r) => r.resource === 'ebs gp3')!;
    expect(row(kept).usage).toBeCloseTo(gbMs(kept.records, kept.end) / (730 * 3_600_000), 9);
    expect(row(gone).usage).toBeCloseTo(gbMs(gone.records, gone.end) / (730 * 3_600_000), 9);
    expect(row(gone).usage).toBeLessThan(row(kept).usage);
  });
});

describe('the retention policy in a scenario', () => {
  it('rejects the policy on a Deployment and a value Kubernetes does not have', () => {
    const base = scenario({ whenScaled: 'Delete', events: '  []' });
    expect(yamlErrors(base.replace('kind: StatefulSet', 'kind: Deployment')).join('\n')).toContain('persistentVolumeClaimRetentionPolicy belongs to a StatefulSet');
    expect(yamlErrors(base.replace('whenScaled: Delete', 'whenScaled: Recycle')).join('\n')).toMatch(/whenScaled/);
    expect(yamlErrors(base.replace('name: sc, default: true', 'name: sc, default: true, reclaimPolicy: Recycle')).join('\n')).toMatch(/reclaimPolicy/);
    expect(yamlErrors(base)).toEqual([]);
  });
});
