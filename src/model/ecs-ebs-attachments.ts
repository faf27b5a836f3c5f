import type { Host } from './host.js';
import { ebsVolumeSlots } from './params/ebs.js';
import { ECS_INSTANCE_BLOCK_DEVICE_MAPPINGS } from './params/ecs-container-instance.js';
import type { VolumeState } from './volumes.js';

/**
 * How many more EBS volumes an ECS container instance can attach (docs/models.md, "ECS EBS
 * volumes", "Attachment limit"). EC2 counts, against the instance type's limit (EC2 user guide,
 * "Amazon EBS volume limits for Amazon EC2 instances"; src/model/params/ebs.ts `ebsVolumeSlots`):
 * the root volume (`ECS_INSTANCE_BLOCK_DEVICE_MAPPINGS`), the EBS volumes attached or attaching
 * to it, and, where the limit is shared (most Nitro types), its network interfaces and NVMe
 * instance store volumes.
 */

/**
 * The network interfaces attached to an ECS container instance: its primary ENI, and either its
 * trunk ENI (`awsvpcTrunking` on a type that supports it: the tasks' branch ENIs ride on the trunk
 * and are not attachments of the instance) or one ENI per awsvpc task (ECS developer guide,
 * "Amazon ECS task networking options for EC2" and "Increase Amazon ECS Linux container instance
 * network interfaces").
 */
export function ecsInstanceEnis(host: Host, trunked: boolean): number {
  return 1 + (trunked ? 1 : host.taskEnisInUse);
}

/**
 * The ECS task volumes attached, or attaching, to the host: a scan of the host's tasks (tens at
 * most), run once per EBS task start, not per event.
 */
export function ecsTaskVolumesOn(host: Host, volumes: VolumeState): number {
  let n = 0;
  for (const task of host.tasks) if (volumes.taskVolumes.get(task)?.attachedTo === host) n++;
  return n;
}

/** The attachment slots left on the host for one more EBS volume (0 or less: AttachVolume fails with AttachmentLimitExceeded). */
export function ecsEbsSlotsFree(host: Host, trunked: boolean, volumes: VolumeState): number {
  return ebsVolumeSlots(host.instanceType, ecsInstanceEnis(host, trunked), ECS_INSTANCE_BLOCK_DEVICE_MAPPINGS) - ecsTaskVolumesOn(host, volumes);
}
