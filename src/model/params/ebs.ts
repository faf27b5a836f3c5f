import type { InstanceType } from '../catalog/instance-type.js';

/**
 * Amazon EBS facts fleetsim models (docs/models.md, "Volumes"): what a volume costs, what gp3
 * includes, how long attaching and detaching take, and how many volumes an instance type takes.
 * Shared by the Kubernetes StatefulSet volumes (EBS CSI driver) and ECS task volumes.
 */

/** The EBS volume types fleetsim prices (EC2 `VolumeType`). */
export type EbsVolumeType = 'gp3' | 'gp2' | 'io1' | 'io2' | 'st1' | 'sc1';

export const EBS_VOLUME_TYPES: readonly EbsVolumeType[] = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1'];

/**
 * Provisioned storage, USD per GB-month, us-east-1 (Amazon EBS pricing page; the same figures in
 * AWS's own agent-toolkit billing reference, "EBS Volume Optimization", us-east-1 early 2026:
 * gp3 $0.08, gp2 $0.10, io1/io2 $0.125). A GB-month is one GB provisioned for a month (AWS re:Post,
 * "How are charges for Amazon EBS volumes calculated": billed for what is provisioned, used or
 * not, attached or not). io1/io2 provisioned IOPS and gp3 IOPS/throughput above the baseline are
 * billed on top; fleetsim provisions neither (volumes get the baseline: gp3 includes 3,000 IOPS and
 * 125 MiB/s at any size, Amazon EBS user guide, "General Purpose SSD volumes"). fleetsim models no I/O.
 */
export const EBS_GB_MONTH_USD: Readonly<Record<EbsVolumeType, number>> = {
  gp3: 0.08,
  gp2: 0.1,
  io1: 0.125,
  io2: 0.125,
  st1: 0.045,
  sc1: 0.015,
};

/**
 * Billing granularity: per second with a 60-second minimum per volume (the per-second billing
 * AWS extended to EBS volumes in 2018; the same minimum as EC2 instances).
 */
export const EBS_MINIMUM_BILLED_SECONDS = 60;

/**
 * Volume lifecycle times, ms. AWS publishes no figures (EBS has no SLA on attach/detach). The
 * measured ball-park figures are in the Karpenter/EBS CSI driver design "Graceful Shutdown for
 * Stateful Workloads (Solving FailedAttachVolume Delays)" (aws/karpenter-provider-aws designs,
 * appendix T "Latency Numbers", June 2024): unmount -> volume detached "typically 5-10 seconds",
 * and "~15s delay (EC2 detach + attach)" from the old node to the new one.
 * *Assumptions* from those figures:
 * - `detachMs` 7.5 s: DetachVolume until `detached` (the middle of 5-10 s);
 * - `attachMs` 7.5 s: AttachVolume until `attached` and the device visible (15 s less the detach);
 * - `createMs` 2 s: CreateVolume until `available` for an empty gp3 volume (the external
 *   provisioner's CreateVolume returns once EC2 reports it available; a few seconds).
 */
export const EBS_TIMING = { detachMs: 7_500, attachMs: 7_500, createMs: 2_000 } as const;

/**
 * How long an ECS task with a managed EBS volume (service `volumeConfigurations`) waits in
 * PENDING for it: CreateVolume then AttachVolume, in sequence (ECS developer guide, "Use Amazon
 * EBS volumes with Amazon ECS": ECS creates one new volume per task and attaches it to the task;
 * no figure is published). *Assumption:* `EBS_TIMING.createMs + EBS_TIMING.attachMs` (9.5 s), the
 * same figures as the EBS CSI driver's, concurrently with the task's secrets fetch and EFS mounts.
 */
export const ECS_EBS_VOLUME_READY_MS = EBS_TIMING.createMs + EBS_TIMING.attachMs;

/**
 * The attach-detach controller's force detach (kubernetes pkg/controller/volume/attachdetach,
 * `reconcilerMaxWaitForUnmountDuration` = 6 minutes, kube-controller-manager
 * `--attach-detach-reconcile-max-wait-unmount-duration`): a volume still reported mounted by a
 * node that stopped reporting is detached anyway this long after its pod was deleted, when the
 * node is unhealthy. A node that is deleted, or tainted `node.kubernetes.io/out-of-service`
 * (non-graceful node shutdown, stable in Kubernetes 1.28), detaches at once; an EC2 instance that
 * terminates releases its volumes itself (EBS CSI driver FAQ, "6-minute delays in attaching
 * volumes").
 */
export const MAX_WAIT_FOR_UNMOUNT_MS = 6 * 60_000;

/** The EBS CSI driver's name: CSINode `spec.drivers[].name`, StorageClass `provisioner`. */
export const EBS_CSI_DRIVER = 'ebs.csi.aws.com';

/**
 * Nitro instances' shared attachment limit: EBS volumes, network interfaces and NVMe instance
 * store volumes together (Amazon EC2 user guide, "Amazon EBS volume limits for Amazon EC2
 * instances", "Shared EBS volume limit": "most of these instances support a maximum of 28
 * attachments").
 */
export const NITRO_SHARED_ATTACHMENT_LIMIT = 28;

/**
 * Xen (non-Nitro) instances: the EBS CSI driver allows 39 volumes and does not share them with
 * ENIs (aws-ebs-csi-driver pkg/cloud/limits `GetVolumeLimits`: "non-nitro instances ... limit of
 * 39 ... treat them as dedicated"; the EC2 guide recommends no more than 40 on Linux).
 */
export const NON_NITRO_ATTACHMENT_LIMIT = 39;

/**
 * The Nitro families whose EBS volume limit is dedicated (not shared with ENIs and instance
 * store) and depends on the size (EC2 user guide, "Dedicated EBS volume limit", read 2026-12-05:
 * M7a, M7i, M7i-flex, M8g, C7a, C7i, C7i-flex, C8g, R7a, R7i, R7iz, R8g, U7i, X8g, I7ie, I8g, F2,
 * G6, G6e, Gr6, P5, P5e, P5en, Trn2, Trn2u, Hpc7a).
 */
export const DEDICATED_EBS_LIMIT_FAMILIES: ReadonlySet<string> = new Set([
  'm7a', 'm7i', 'm7i-flex', 'm8g', 'c7a', 'c7i', 'c7i-flex', 'c8g', 'r7a', 'r7i', 'r7iz', 'r8g', 'x8g',
  'i7ie', 'i8g', 'f2', 'g6', 'g6e', 'gr6', 'p5', 'p5e', 'p5en', 'trn2', 'trn2u', 'hpc7a',
]);

/**
 * The dedicated limit by size (the same guide's table): up to 12xlarge 32, 16xlarge 48, 24xlarge
 * 64, 32xlarge 88, 48xlarge 128, metal-16xl and metal-24xl 39, metal-32xl and metal-48xl 79.
 * A size the table does not name gets 32 (*assumption*: the table's smallest row).
 */
export function dedicatedEbsLimit(size: string): number {
  switch (size) {
    case '16xlarge':
      return 48;
    case '24xlarge':
      return 64;
    case '32xlarge':
      return 88;
    case '48xlarge':
      return 128;
    case 'metal-16xl':
    case 'metal-24xl':
      return 39;
    case 'metal-32xl':
    case 'metal-48xl':
      return 79;
    default:
      return 32;
  }
}

/**
 * Network interfaces on an EKS node when the EBS CSI node plugin registers: the primary ENI and
 * the one warm ENI the VPC CNI keeps (`WARM_ENI_TARGET=1`, the amazon-vpc-cni-k8s default), capped
 * by the type's limit. *Assumption:* the plugin starts after aws-node has attached the warm ENI
 * (both are DaemonSets started at node registration).
 */
export const EKS_NODE_ENIS_AT_CSI_REGISTRATION = 2;

/**
 * NVMe instance store volumes of a type. The catalog carries the total local NVMe size, not the
 * number of disks; *assumption*: one disk when the type has any (a lower bound: e.g. m5d.24xlarge
 * has four, so its limit comes out three too high).
 */
export function nvmeInstanceStoreVolumes(type: InstanceType): number {
  return type.localNvmeGB !== undefined && type.localNvmeGB > 0 ? 1 : 0;
}

/** How an instance type's EBS attachment limit is counted. */
export type EbsAttachmentLimitKind = 'dedicated' | 'shared' | 'non-nitro';

export function ebsAttachmentLimitKind(type: InstanceType): EbsAttachmentLimitKind {
  if (!type.nitro) return 'non-nitro';
  return DEDICATED_EBS_LIMIT_FAMILIES.has(type.family) || type.family.startsWith('u7i') ? 'dedicated' : 'shared';
}

/**
 * The attachment slots an instance of this type has for EBS volumes beyond its block device
 * mappings: the type's limit (dedicated by size, 39 for non-Nitro, or the shared 28 less the
 * attached ENIs and NVMe instance store volumes), less `blockDeviceMappings` (the root volume and
 * any other volume the AMI maps). May be 0 or less when ENIs fill the shared limit. The one
 * arithmetic both the EBS CSI driver's count (`ebsCsiAllocatableCount`) and ECS task volumes on
 * EC2 (src/model/ecs-ebs-attachments.ts) use (EC2 user guide, "Amazon EBS volume limits for
 * Amazon EC2 instances").
 */
export function ebsVolumeSlots(type: InstanceType, enis: number, blockDeviceMappings: number): number {
  const kind = ebsAttachmentLimitKind(type);
  const limit =
    kind === 'dedicated' ? dedicatedEbsLimit(type.size) : kind === 'non-nitro' ? NON_NITRO_ATTACHMENT_LIMIT : NITRO_SHARED_ATTACHMENT_LIMIT - enis - nvmeInstanceStoreVolumes(type);
  return limit - blockDeviceMappings;
}

/**
 * The EBS CSI driver's CSINode `allocatable.count` for a node of this type: the number of PVC
 * volumes the scheduler's NodeVolumeLimits filter lets onto it. As the driver computes it
 * (aws-ebs-csi-driver pkg/driver/node.go `getVolumesLimit`): {@link ebsVolumeSlots} with the ENIs
 * attached when its node plugin registers and the reserved attachments (the root volume and any
 * other block device mapping: one on the EKS AMIs), at least 1.
 */
export function ebsCsiAllocatableCount(type: InstanceType, enis = Math.min(EKS_NODE_ENIS_AT_CSI_REGISTRATION, type.maxEnis), blockDeviceMappings = 1): number {
  return Math.max(1, ebsVolumeSlots(type, enis, blockDeviceMappings));
}
