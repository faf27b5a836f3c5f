import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import type { ClusterView } from '../../src/model/cluster-state.js';
import type { Host } from '../../src/model/host.js';
import type { Task } from '../../src/model/task.js';
import { VolumeState, type EbsVolume, type PersistentVolumeClaim, type StorageClassSpec } from '../../src/model/volumes.js';
import { CycleState, type PodInfo } from '../../src/policy/kube/framework.js';
import type { ClusterIndex } from '../../src/policy/kube/cluster-index.js';
import { NodeVolumeLimits } from '../../src/policy/kube/plugins/node-volume-limits.js';
import { VolumeBinding } from '../../src/policy/kube/plugins/volume-binding.js';
import { VolumeZone } from '../../src/policy/kube/plugins/volume-zone.js';
import { ebsCsiAllocatableCount } from '../../src/model/params/ebs.js';
import type { InstanceType } from '../../src/model/catalog/instance-type.js';
import { describeFilterReason } from '../../src/report/describe/placement.js';
import type { FilterReason } from '../../src/model/reasons/scheduling.js';

const WFFC: StorageClassSpec = { name: 'ebs-sc', volumeBindingMode: 'WaitForFirstConsumer', volumeType: 'gp3', allowedZones: null, reclaimPolicy: 'Delete' };

let hosts = 0;
function node(az: string, type = 'm5.large'): Host {
  return { index: hosts++, id: `i-${hosts}`, az, instanceType: getInstanceType(type)!, labels: new Map([['topology.kubernetes.io/zone', az]]) } as unknown as Host;
}

function volume(az: string, labels: ReadonlyMap<string, string> = new Map()): EbsVolume {
  return { id: 'vol-1', az, volumeType: 'gp3', sizeGiB: 10, labels, attachedTo: null, attached: false };
}

function claim(v: EbsVolume | null, storageClass = WFFC): PersistentVolumeClaim {
  return { name: 'data-db-0', service: 'db', ordinal: 0, storageClass, sizeGiB: 10, volume: v, provisioning: false, deleted: false };
}

/** A cycle for a pod mounting `claims` in a cluster whose volume state is `volumes`. */
function cycle(claims: readonly PersistentVolumeClaim[], volumes = new VolumeState()): { pod: PodInfo; state: CycleState; volumes: VolumeState } {
  const task = { id: 't-1' } as Task;
  if (claims.length > 0) volumes.podClaims.set(task, claims);
  const state = new CycleState({} as ClusterIndex);
  state.view = { volumes } as unknown as ClusterView;
  return { pod: { task } as PodInfo, state, volumes };
}

const text = (s: FilterReason | null | readonly FilterReason[]): string | null => (s === null ? null : describeFilterReason(s as FilterReason));

describe('VolumeBinding', () => {
  const plugin = new VolumeBinding();

  it('skips pods without claims', () => {
    const { pod, state } = cycle([]);
    expect(plugin.preFilter(pod, state)).toBe(false);
  });

  it("passes nodes in a bound volume's zone and rejects the others with volume node affinity conflict", () => {
    const { pod, state } = cycle([claim(volume('us-east-1b'))]);
    expect(plugin.preFilter(pod, state)).toBe(true);
    expect(plugin.filter(pod, node('us-east-1b'), state)).toBeNull();
    expect(text(plugin.filter(pod, node('us-east-1a'), state))).toBe('node(s) had volume node affinity conflict');
  });

  it('WaitForFirstConsumer: an unbound claim fits any zone its StorageClass allows', () => {
    const { pod, state } = cycle([claim(null)]);
    plugin.preFilter(pod, state);
    expect(plugin.filter(pod, node('us-east-1a'), state)).toBeNull();
    expect(plugin.filter(pod, node('us-east-1c'), state)).toBeNull();
    const limited = cycle([claim(null, { ...WFFC, allowedZones: ['us-east-1c'] })]);
    plugin.preFilter(limited.pod, limited.state);
    expect(plugin.filter(limited.pod, node('us-east-1c'), limited.state)).toBeNull();
    expect(text(plugin.filter(limited.pod, node('us-east-1a'), limited.state))).toBe("node(s) didn't find available persistent volumes to bind");
  });

  it('Immediate: a claim still unbound holds the pod (pod has unbound immediate PersistentVolumeClaims)', () => {
    const { pod, state } = cycle([claim(null, { ...WFFC, volumeBindingMode: 'Immediate' })]);
    plugin.preFilter(pod, state);
    expect(text(plugin.filter(pod, node('us-east-1a'), state))).toBe('pod has unbound immediate PersistentVolumeClaims');
  });
});

describe('VolumeZone', () => {
  const plugin = new VolumeZone();

  it('skips CSI volumes, which carry node affinity and no zone label', () => {
    const { pod, state } = cycle([claim(volume('us-east-1b'))]);
    expect(plugin.preFilter(pod, state)).toBe(false);
  });

  it("rejects nodes outside a labelled PersistentVolume's zone with no available volume zone", () => {
    const { pod, state } = cycle([claim(volume('us-east-1b', new Map([['topology.kubernetes.io/zone', 'us-east-1b']])))]);
    expect(plugin.preFilter(pod, state)).toBe(true);
    expect(plugin.filter(pod, node('us-east-1b'), state)).toBeNull();
    expect(text(plugin.filter(pod, node('us-east-1a'), state))).toBe('node(s) had no available volume zone');
  });
});

describe('NodeVolumeLimits', () => {
  const plugin = new NodeVolumeLimits();

  it("counts the node's volumes in use against its CSINode allocatable count (m5.large: 25)", () => {
    const { pod, state, volumes } = cycle([claim(null)]);
    expect(plugin.preFilter(pod, state)).toBe(true);
    const full = node('us-east-1a');
    volumes.countInUse(full, 24);
    expect(plugin.filter(pod, full, state)).toBeNull();
    volumes.countInUse(full, 1);
    expect(text(plugin.filter(pod, full, state))).toBe('node(s) exceed max volume count');
    // A dedicated-limit type takes more: m7i.large allows 31.
    const big = node('us-east-1a', 'm7i.large');
    volumes.countInUse(big, 30);
    expect(plugin.filter(pod, big, state)).toBeNull();
  });

  it('skips pods without claims', () => {
    const { pod, state } = cycle([]);
    expect(plugin.preFilter(pod, state)).toBe(false);
  });

  it("computes a node's CSINode count once (it depends on its instance type only), again if its index goes to another type", () => {
    const computed: string[] = [];
    const counting = new NodeVolumeLimits((type: InstanceType) => {
      computed.push(type.name);
      return ebsCsiAllocatableCount(type);
    });
    const { pod, state, volumes } = cycle([claim(null)]);
    counting.preFilter(pod, state);
    const a = node('us-east-1a');
    const b = node('us-east-1b', 'm7i.large');
    for (let i = 0; i < 3; i++) {
      expect(counting.filter(pod, a, state)).toBeNull();
      expect(counting.filter(pod, b, state)).toBeNull();
    }
    expect(computed).toEqual(['m5.large', 'm7i.large']);
    // The cached count still decides: m5.large takes 25.
    volumes.countInUse(a, 25);
    expect(text(counting.filter(pod, a, state))).toBe('node(s) exceed max volume count');
    // Another node of another type under a's index: computed for that type.
    const reused = { ...a, instanceType: getInstanceType('m7i.large')! } as Host;
    expect(counting.filter(pod, reused, state)).toBeNull();
    expect(computed).toEqual(['m5.large', 'm7i.large', 'm7i.large']);
  });
});
