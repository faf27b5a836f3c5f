import type { Host } from './host.js';
import { ebsVolumeSlots } from './params/ebs.js';
import { ECS_INSTANCE_BLOCK_DEVICE_MAPPINGS } from './params/ecs-container-instance.js';
import type { VolumeState } from './volumes.js';

/**
 * How many more EBS volumes an ECS container instance can attach (docs/models.md, "ECS EBS
 * volumes", "Attachment limit"). EC2 counts, against the instance type's limit (EC2 user guide,
 * "Amazon EBS volume limits for Amazon EC2 instances"; src/model/params/ebs.ts `ebsVolumeSlots`):
 * the root volume (`ECS_INSTANCE_BLOCK_DEVICE_MAPPINGS`), the EBS volumes attached, attaching or
 * still detaching, and, where the limit is shared (most Nitro types), its network interfaces
 * and NVMe instance store volumes.
 */

/**
 * The network interfaces attached to an ECS container instance: its primary ENI, and either its
 * trunk ENI (`awsvpcTrunking` on a type that supports it: the tasks' branch ENIs ride on the trunk
 * and are not attachments of the instance) or one ENI per awsvpc task that has its ENI (ECS
 * developer guide, "Amazon ECS task networking options for EC2" and "Increase Amazon ECS Linux
 * container instance network interfaces"). A placed task still waiting for an address has no
 * ENI yet, so it holds no slot (`Host.taskEnisAttached`, not the `taskEnisInUse` placement counts).
 */
export function ecsInstanceEnis(host: Host, trunked: boolean): number {
  return 1 + (trunked ? 1 : host.taskEnisAttached);
}

/** The attachment slots left on the host for one more EBS volume (0 or less: AttachVolume fails with AttachmentLimitExceeded). */
export function ecsEbsSlotsFree(host: Host, trunked: boolean, volumes: VolumeState): number {
  return ebsVolumeSlots(host.instanceType, ecsInstanceEnis(host, trunked), ECS_INSTANCE_BLOCK_DEVICE_MAPPINGS) - volumes.ecsTaskVolumesOn(host);
}
