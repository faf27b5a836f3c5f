import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { ecsEbsSlotsFree, ecsInstanceEnis } from '../../src/model/ecs-ebs-attachments.js';
import type { Host } from '../../src/model/host.js';
import { ebsCsiAllocatableCount, ebsVolumeSlots, type EbsVolumeType } from '../../src/model/params/ebs.js';
import type { Task } from '../../src/model/task.js';
import { VolumeState } from '../../src/model/volumes.js';

function type(name: string) {
  const t = getInstanceType(name);
  if (t === undefined) throw new Error(`no ${name} in the catalog`);
  return t;
}

/**
 * A host with what the attachment count reads: its type, its tasks, the task ENIs attached to it
 * and (default: as many) those its placed tasks hold.
 */
function host(name: string, taskEnisAttached: number, tasks: number, taskEnisInUse = taskEnisAttached): Host {
  const set = new Set<Task>();
  for (let i = 0; i < tasks; i++) set.add({ id: `t-${i}` } as Task);
  return { id: 'i-000001', index: 0, instanceType: type(name), taskEnisInUse, taskEnisAttached, tasks: set } as unknown as Host;
}

/**
 * Gives the first `n` of the host's tasks a task volume attached (or attaching) to it, counted
 * as the actions module counts it; `elsewhere` more attached nowhere (not counted).
 */
function withVolumes(h: Host, n: number, elsewhere = 0): VolumeState {
  const v = new VolumeState();
  let i = 0;
  for (const task of h.tasks) {
    const attachedTo = i < n ? h : i < n + elsewhere ? null : undefined;
    if (attachedTo !== undefined) v.taskVolumes.set(task, { id: `vol-${i}`, az: 'us-east-1a', volumeType: 'gp3' as EbsVolumeType, sizeGiB: 20, labels: new Map(), attachedTo, attached: attachedTo !== null });
    if (attachedTo !== undefined && attachedTo !== null) v.countEcsTaskVolume(attachedTo, 1);
    i++;
  }
  return v;
}

describe('EBS attachment slots (one arithmetic for the CSI driver and ECS task volumes)', () => {
  it.each([
    // Shared Nitro limit 28, less ENIs, NVMe instance store and block device mappings.
    ['m5.large', 2, 1, 25],
    ['c6i.2xlarge', 2, 1, 25],
    ['c6i.2xlarge', 15, 1, 12],
    ['m5d.large', 1, 1, 25],
    // Dedicated: ENIs do not count.
    ['m7i.16xlarge', 15, 1, 47],
    // Xen: 39, ENIs do not count.
    ['c4.large', 3, 1, 38],
    // ENIs can fill the shared limit: no slot at all.
    ['m5.24xlarge', 27, 1, 0],
  ] as const)('%s with %i ENIs and %i block device mappings: %i slots', (name, enis, bdm, slots) => {
    expect(ebsVolumeSlots(type(name), enis, bdm)).toBe(slots);
  });

  it('keeps the CSINode count at least 1 where the slots run out', () => {
    expect(ebsVolumeSlots(type('m5.large'), 27, 1)).toBe(0);
    expect(ebsCsiAllocatableCount(type('m5.large'), 27, 1)).toBe(1);
  });
});

describe('ECS container instance attachments', () => {
  it('counts the primary ENI and either the trunk ENI or one ENI per awsvpc task', () => {
    expect(ecsInstanceEnis(host('c6i.2xlarge', 30, 0), true)).toBe(2);
    expect(ecsInstanceEnis(host('m5.24xlarge', 5, 0), false)).toBe(6);
    expect(ecsInstanceEnis(host('m5.large', 0, 0), false)).toBe(1);
  });

  it('counts the task ENIs attached, not those placement reserved for tasks still waiting for an address', () => {
    // 14 tasks placed, 10 with their ENI: 10 ENIs hold slots, beside the primary.
    expect(ecsInstanceEnis(host('m5.24xlarge', 10, 14, 14), false)).toBe(11);
    const h = host('m5.24xlarge', 13, 14, 14);
    // 28 - root - primary - 13 task ENIs = 13 slots for volumes (12 if the 14th ENI counted).
    expect(ecsEbsSlotsFree(h, false, withVolumes(h, 12))).toBe(1);
  });

  it('counts the task volumes attached or attaching to the host, not those attached nowhere', () => {
    const h = host('c6i.2xlarge', 0, 10);
    expect(withVolumes(h, 6, 3).ecsTaskVolumesOn(h)).toBe(6);
  });

  it('leaves 25 slots on a trunked c6i.2xlarge, then none after 25 volumes', () => {
    const h = host('c6i.2xlarge', 30, 30);
    expect(ecsEbsSlotsFree(h, true, withVolumes(h, 0))).toBe(25);
    expect(ecsEbsSlotsFree(h, true, withVolumes(h, 24))).toBe(1);
    expect(ecsEbsSlotsFree(h, true, withVolumes(h, 25))).toBe(0);
  });

  it('without trunking, task ENIs and volumes share the slots: 13 + 13 on an m5.24xlarge', () => {
    const h = host('m5.24xlarge', 13, 13);
    expect(ecsEbsSlotsFree(h, false, withVolumes(h, 12))).toBe(1);
    expect(ecsEbsSlotsFree(h, false, withVolumes(h, 13))).toBe(0);
  });
});
