import type { InstanceType } from '../catalog/instance-type.js';
import { CPU_SHARES_PER_ECS_UNIT } from '../resources.js';

/**
 * What an EC2 instance registers with ECS. CPU: 1,024 CPU units per vCPU (ECS developer guide,
 * "Task definition parameters": cpu). Memory: the kernel and platform keep part of the installed
 * memory, so the agent registers less; AWS's worked example is an m4.large with 8 GiB installed
 * registering 7,985 MiB ("Reserving Amazon ECS Linux container instance memory"). fleetsim
 * applies that documented ratio to every type, then subtracts ECS_RESERVED_MEMORY (default 0).
 */
export const REGISTERED_MEMORY_RATIO = 7985 / 8192;

export function ecsRegisteredResources(type: InstanceType, reservedMemoryMiB: number): { cpu: number; memoryMiB: number } {
  return {
    cpu: type.vcpu * 1024 * CPU_SHARES_PER_ECS_UNIT,
    memoryMiB: Math.max(0, Math.floor(type.memoryMiB * REGISTERED_MEMORY_RATIO) - reservedMemoryMiB),
  };
}

/**
 * The most EC2 instances one ECS cluster registers: 5,000 (ECS developer guide, "Handle Amazon ECS
 * service quotas and API throttling limits": "the maximum number of Amazon EC2 instances that you
 * can register for each cluster is 5,000"; "Amazon ECS service quotas": container instances per
 * cluster). fleetsim does not enforce it (the scale benchmark runs ECS clusters of up to 100,000
 * instances on purpose, to measure the simulator); a run of an ECS cluster that peaks above it
 * says so (summary.json `ecsContainerInstancesPeak`, and a warning in the printed summary).
 */
export const ECS_CONTAINER_INSTANCES_PER_CLUSTER = 5_000;

/**
 * The block device mappings of an ECS container instance, which hold EBS attachment slots before
 * any task volume: one, the root volume. *Assumption*: the ECS-optimized Amazon Linux 2 and 2023
 * AMIs map a single root volume (the older Amazon Linux AMI mapped two, an 8 GiB root and a
 * 22 GiB Docker volume, as AWS described it for AWS Batch's managed compute environments); a
 * launch template that maps more would take more slots, which fleetsim does not model.
 */
export const ECS_INSTANCE_BLOCK_DEVICE_MAPPINGS = 1;
