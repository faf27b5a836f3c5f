import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { EBS_TIMING, MAX_WAIT_FOR_UNMOUNT_MS } from '../../src/model/params/ebs.js';
import { EKS_TIMING } from '../../src/model/params/eks-timing.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';
import { runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

const THREE_AZ = `cluster:
  platform: eks
  coreDns: false
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
      - { az: us-east-1b, cidr: 10.0.16.0/20 }
      - { az: us-east-1c, cidr: 10.0.32.0/20 }`;

/** A Karpenter NodePool of m5.large (cluster level), for the tests whose nodes Karpenter launches. */
const M5_LARGE_POOL = `  karpenter:
    nodePools:
      - name: default
        requirements:
          - { key: karpenter.k8s.aws/instance-family, operator: In, values: [m5] }
          - { key: karpenter.k8s.aws/instance-size, operator: In, values: [large] }`;

function statefulSet(extra = '', policy = 'OrderedReady', replicas = 3): string {
  return `workloads:
  - kind: StatefulSet
    name: db
    replicas: ${replicas}
    podManagementPolicy: ${policy}
    containers:
      - { name: db, image: postgres:16, imageSize: 150MB, resources: { requests: { cpu: 500m, memory: 1Gi } } }
    topologySpreadConstraints:
      - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule }
    volumeClaimTemplates:
      - { name: data, storage: 20Gi }
${extra}`;
}

const of = <T extends FleetEvent['type']>(records: readonly FleetEvent[], type: T) => records.filter((r): r is Extract<FleetEvent, { type: T }> => r.type === type);
const texts = (records: readonly FleetEvent[]) => records.map((r) => `${r.time} ${r.type} ${entityOf(r)} ${describeEvent(r)}`);

describe('StatefulSet controller', () => {
  it('OrderedReady: creates db-0, db-1, db-2 in order, each once the one before is Running and Ready, with a claim per ordinal', () => {
    const { records } = runYamlChecked(`name: sts\nseed: 1\nduration: 5m\n${THREE_AZ}\n  nodeGroups:\n    - { name: g, instanceType: m5.large, desiredSize: 3 }\n${statefulSet()}`);
    const created = of(records, 'service.event').flatMap((r) => (r.cause.code === 'STATEFULSET_POD_CREATED' ? [r] : []));
    expect(created.map((r) => (r.cause.code === 'STATEFULSET_POD_CREATED' ? [r.cause.pod, r.cause.claims] : []))).toEqual([
      ['db-0', ['data-db-0']],
      ['db-1', ['data-db-1']],
      ['db-2', ['data-db-2']],
    ]);
    // Each next pod is created the controller's reaction after the one before became Ready.
    const ready = of(records, 'task.healthy');
    expect(created[1]!.time).toBe(ready[0]!.time + EKS_TIMING.workloadControllerReactionMs);
    expect(created[2]!.time).toBe(ready[1]!.time + EKS_TIMING.workloadControllerReactionMs);
    // WaitForFirstConsumer: one volume per claim, in the zone of the node its pod was bound to.
    const placed = new Map(of(records, 'task.placed').map((r) => [r.task, r.az]));
    const provisioned = of(records, 'volume.provisioned');
    expect(provisioned.map((r) => r.claim)).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    for (const [i, r] of provisioned.entries()) {
      const task = created[i]!.cause.code === 'STATEFULSET_POD_CREATED' ? (created[i]!.cause as { task: string }).task : '';
      expect(r.az).toBe(placed.get(task));
      expect(r.time - created[i]!.time).toBe(EBS_TIMING.createMs);
    }
    // Attached attachMs after it exists; the pod's sandbox only after that.
    const attached = of(records, 'volume.attached');
    expect(attached.map((r, i) => r.time - provisioned[i]!.time)).toEqual([EBS_TIMING.attachMs, EBS_TIMING.attachMs, EBS_TIMING.attachMs]);
    for (const a of attached) {
      const pending = of(records, 'task.status-changed').find((r) => r.task === a.task && r.to === 'PENDING')!;
      expect(pending.time).toBeGreaterThan(a.time);
    }
  });

  it('Parallel: creates every ordinal at once', () => {
    const { records } = runYamlChecked(`name: sts\nseed: 1\nduration: 2m\n${THREE_AZ}\n  nodeGroups:\n    - { name: g, instanceType: m5.large, desiredSize: 3 }\n${statefulSet('', 'Parallel')}`);
    const created = of(records, 'task.created');
    expect(created).toHaveLength(3);
    expect(new Set(created.map((r) => r.time)).size).toBe(1);
  });

  it('scales down from the highest ordinal and keeps the claims (and their bill)', () => {
    const { records } = runYamlChecked(`name: sts\nseed: 1\nduration: 6m\n${THREE_AZ}\n  nodeGroups:\n    - { name: g, instanceType: m5.large, desiredSize: 3 }\n${statefulSet('events:\n  - { at: 3m, scale: { workload: db, replicas: 1 } }')}`);
    const stopped = of(records, 'task.stopped').map((r) => describeEvent(r));
    expect(stopped).toHaveLength(2);
    expect(stopped.every((t) => t.includes('StatefulSet controller'))).toBe(true);
    const created = new Map(of(records, 'service.event').flatMap((r) => (r.cause.code === 'STATEFULSET_POD_CREATED' ? [[r.cause.task, r.cause.pod] as const] : [])));
    expect(of(records, 'task.stopped').map((r) => created.get(r.task))).toEqual(['db-2', 'db-1']);
    expect(of(records, 'volume.deleted')).toHaveLength(0);
    // Their volumes are detached once the pods are gone.
    const detached = of(records, 'volume.detached');
    expect(detached.map((r) => [r.claim, r.how])).toEqual([
      ['data-db-2', 'unmounted'],
      ['data-db-1', 'unmounted'],
    ]);
    const stop2 = of(records, 'task.stopped')[0]!;
    expect(detached[0]!.time - stop2.time).toBe(EBS_TIMING.detachMs);
  });

  it('records the attach of a volume whose pod was deleted while it attached, then detaches it', () => {
    // Scaled to 0 at 5 s: db-0's volume is provisioned (2.1 s) and attaching (until 9.6 s) when its pod goes.
    const { records } = runYamlChecked(`name: sts\nseed: 1\nduration: 1m\n${THREE_AZ}\n  nodeGroups:\n    - { name: g, instanceType: m5.large, desiredSize: 3 }\n${statefulSet('events:\n  - { at: 5s, scale: { workload: db, replicas: 0 } }', 'OrderedReady', 1)}`);
    const [provisioned] = of(records, 'volume.provisioned');
    const stopped = of(records, 'task.stopped');
    const attached = of(records, 'volume.attached');
    const detached = of(records, 'volume.detached');
    expect(stopped).toHaveLength(1);
    expect(attached).toHaveLength(1);
    expect(attached[0]!.time).toBe(provisioned!.time + EBS_TIMING.attachMs);
    expect(attached[0]!.time).toBeGreaterThan(stopped[0]!.time);
    expect(attached[0]!.task).toBeNull();
    expect(describeEvent(attached[0]!)).toContain('after its pod was deleted');
    expect(detached.map((r) => [r.volume, r.host, r.how, r.time - attached[0]!.time])).toEqual([[attached[0]!.volume, attached[0]!.host, 'unmounted', EBS_TIMING.detachMs]]);
  });

  it('leaves an evicted pod Terminating on a node that stays unreachable, force-detaches its volume 6 minutes later, and does not replace it', () => {
    // Karpenter's nodes are not replaced on failure (node repair is opt-in): the Node stays.
    const yaml = `name: sts
seed: 1
duration: 25m
${THREE_AZ}
${M5_LARGE_POOL}
${statefulSet('events:\n  - { at: 5m, nodeFailure: { az: us-east-1a } }', 'Parallel')}`;
    const { records } = runYamlChecked(yaml);
    // Karpenter put the three pods on one node (in us-east-1a, the first zone): all three are evicted.
    const evicted = records.find((r) => r.type === 'pod.event' && r.cause.reason === 'TaintManagerEviction')!;
    // NotReady 40-55 s after the kubelet went silent (the Lease's last renewal + 50 s, at a 5 s
    // node-monitor pass: src/model/node-heartbeat.ts), evicted after the 300 s toleration.
    const notReady = records.find((r) => r.type === 'node.tainted')!;
    expect(notReady.time - 300_000).toBeGreaterThanOrEqual(40_000);
    expect(notReady.time - 300_000).toBeLessThanOrEqual(55_000);
    expect(evicted.time).toBe(notReady.time + 300_000);
    const forced = of(records, 'volume.detached').filter((r) => r.how === 'force');
    expect(forced).toHaveLength(3);
    for (const f of forced) expect(f.time).toBe(evicted.time + MAX_WAIT_FOR_UNMOUNT_MS + EBS_TIMING.detachMs);
    expect(describeEvent(forced[0]!)).toContain('maxWaitForUnmountDuration');
    // The pod object stays (STOPPING), so the StatefulSet creates no second pod of that ordinal.
    expect(of(records, 'task.created')).toHaveLength(3);
    expect(of(records, 'task.stopped')).toHaveLength(0);
  });

  it('Karpenter launches the node for a recreated pod in its volume zone', () => {
    // A node group puts the volumes in three zones; it is then scaled to 0 and Karpenter must
    // launch a node in each pod's volume zone (one node would hold all three otherwise).
    const yaml = `name: sts
seed: 1
duration: 20m
${THREE_AZ}
  nodeGroups:
    - { name: g, instanceType: m5.large, desiredSize: 3 }
${M5_LARGE_POOL}
${statefulSet('events:\n  - { at: 5m, scale: { nodeGroup: g, desiredSize: 0 } }', 'Parallel')}`;
    const { records, result } = runYamlChecked(yaml);
    const zones = new Map(of(records, 'volume.provisioned').map((r) => [r.claim, r.az]));
    expect(new Set(zones.values())).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
    // After the drain, each pod runs in its volume's zone, on Karpenter's nodes.
    const db = result.state.services.get('db')!;
    expect(db.counts.RUNNING).toBe(3);
    for (const pod of db.tasks) {
      const claim = result.state.volumes.claimsOf(pod)[0]!;
      expect(pod.host!.nodePool).toBe('default');
      expect(pod.host!.az).toBe(claim.volume!.az);
      expect(claim.volume!.attachedTo).toBe(pod.host);
    }
    const launched = of(records, 'host.launched').filter((r) => r.time >= 300_000);
    expect(new Set(launched.map((r) => r.az))).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
    expect(texts(records).filter((t) => t.includes('karpenter.nodeclaim-launched'))).toHaveLength(3);
  });

  it('accepts deploy events for a StatefulSet (its updateStrategy rolls them: stateful-set-update.test.ts), rejects templates on a Deployment and an unknown StorageClass', () => {
    const base = `name: sts\nduration: 5m\n${THREE_AZ}\n  nodeGroups:\n    - { name: g, instanceType: m5.large, desiredSize: 3 }\n`;
    expect(yamlErrors(base + statefulSet('events:\n  - { at: 1m, deploy: { service: db, image: "postgres:17" } }'))).toEqual([]);
    expect(yamlErrors(base + statefulSet().replace('kind: StatefulSet', 'kind: Deployment')).join('\n')).toContain('volumeClaimTemplates belong to a StatefulSet');
    expect(yamlErrors(base + statefulSet().replace('{ name: data, storage: 20Gi }', '{ name: data, storageClassName: fast, storage: 20Gi }')).join('\n')).toContain('no StorageClass fast');
  });

  it('rejects a StorageClass declared twice and an allowed zone the cluster does not have, as other sections word them', () => {
    const classes = `  storageClasses:\n    - { name: fast, type: io2 }\n    - { name: fast, allowedZones: [us-east-1a, us-east-1d] }\n`;
    const errors = yamlErrors(`name: sts\nduration: 5m\n${THREE_AZ}\n  nodeGroups:\n    - { name: g, instanceType: m5.large, desiredSize: 3 }\n${classes}${statefulSet()}`).join('\n');
    expect(errors).toContain("duplicate StorageClass name 'fast' (first defined at index 0) (at cluster.storageClasses[1].name)");
    expect(errors).toContain("'us-east-1d' is not one of the cluster's availability zones (us-east-1a, us-east-1b, us-east-1c) (at cluster.storageClasses[1].allowedZones[1])");
    expect(errors).not.toContain('us-east-1a\' is not');
  });
});
