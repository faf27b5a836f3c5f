import { countedId } from './counted-id.js';
import type { Host } from './host.js';
import type { EbsVolumeType } from './params/ebs.js';
import type { StorageClassSpec } from './stateful-set-spec.js';
import type { Task } from './task.js';

export type { ClaimRetention, ClaimRetentionPolicy, PersistentVolumeReclaimPolicy, StatefulSetSpec, StorageClassSpec, VolumeBindingMode, VolumeClaimTemplateSpec } from './stateful-set-spec.js';
export type { ManagedEbsVolumeSpec } from './managed-ebs-volume-spec.js';

/**
 * Kubernetes persistent volumes backed by EBS (docs/models.md, "Volumes"): StorageClasses,
 * StatefulSet volumeClaimTemplates, the PersistentVolumeClaims they stamp out per ordinal, and
 * the EBS volumes bound to them. Data only; the StatefulSet controller and the attach-detach
 * controller change it through the actions module, the scheduler's volume plugins read it.
 */

/** An EBS volume (a PersistentVolume of the EBS CSI driver). */
export interface EbsVolume {
  /** `vol-000001`: sequential for stable outputs. */
  readonly id: string;
  /** Its zone: the PV's node affinity `topology.ebs.csi.aws.com/zone In [az]`. */
  readonly az: string;
  readonly volumeType: EbsVolumeType;
  readonly sizeGiB: number;
  /**
   * The PV's zone labels, which the VolumeZone plugin reads. The EBS CSI driver sets node
   * affinity, not labels, so its volumes have none (VolumeBinding checks them instead); a
   * statically created or in-tree PV may carry `topology.kubernetes.io/zone`. fleetsim creates
   * only the driver's volumes, so in a run this is always empty (VolumeZone's doc comment).
   */
  readonly labels: ReadonlyMap<string, string>;
  /** The instance it is attached (or being attached) to, or null. */
  attachedTo: Host | null;
  /** Attached and usable: AttachVolume finished. False while attaching. */
  attached: boolean;
}

/** A PersistentVolumeClaim stamped from a volumeClaimTemplate for one ordinal; it outlives its pods. */
export interface PersistentVolumeClaim {
  /** `<template>-<statefulset>-<ordinal>`, e.g. `data-db-0`. */
  readonly name: string;
  readonly service: string;
  readonly ordinal: number;
  readonly storageClass: StorageClassSpec;
  readonly sizeGiB: number;
  /** The bound volume; null while unbound (WaitForFirstConsumer before its first pod, or being created). */
  volume: EbsVolume | null;
  /** CreateVolume is under way for it. */
  provisioning: boolean;
  /**
   * Deleted (a StatefulSet's whenScaled Delete, after its pod was gone): no pod mounts it again
   * and it is out of `VolumeState.claims`; its volume, bound now or when CreateVolume finishes,
   * is Released (`VolumeState.released`).
   */
  deleted: boolean;
}

/**
 * The cluster's claims and volumes, with the per-node count the NodeVolumeLimits filter needs.
 * Kept by the actions module; read by plugins and controllers.
 */
export class VolumeState {
  /** Claims by name. */
  readonly claims = new Map<string, PersistentVolumeClaim>();
  /** The claims of each live pod (StatefulSet pods only). */
  readonly podClaims = new Map<Task, readonly PersistentVolumeClaim[]>();
  /** The same pods by id (trace events name pods by id). */
  readonly podsById = new Map<string, Task>();
  /**
   * Released PersistentVolumes: the volumes whose claims were deleted, with those claims, by
   * volume id. reclaimPolicy Retain keeps them here to the end of the run (billed); Delete
   * until the volume is detached and deleted.
   */
  readonly released = new Map<string, PersistentVolumeClaim>();
  /** The managed EBS volume of each ECS task that has one, from CreateVolume until its task stops. */
  readonly taskVolumes = new Map<Task, EbsVolume>();
  /**
   * ECS task volumes detaching from their container instance after their task stopped, by task
   * id, until DetachVolume completes (src/controllers/ecs/task-volume-detach.ts).
   */
  readonly detachingTaskVolumes = new Map<string, DetachingTaskVolume>();
  /** Per host index, the claims of the pods placed there (CSINode's volumes in use). */
  private readonly inUse: number[] = [];
  /** Per host index, the ECS task volumes attaching, attached or detaching there (the slots they hold). */
  private readonly taskVolumesOn: number[] = [];
  /** Per workload (service name), its EBS volumes that exist: provisioned and not deleted. */
  private readonly existing = new Map<string, number>();
  private volumeCounter = 0;

  nextVolumeId(): string {
    this.volumeCounter++;
    return countedId('vol', this.volumeCounter);
  }

  /** The claims a pod mounts (empty for pods without volumes). */
  claimsOf(task: Task | undefined): readonly PersistentVolumeClaim[] {
    return task === undefined ? NO_CLAIMS : (this.podClaims.get(task) ?? NO_CLAIMS);
  }

  /**
   * The workload's EBS volumes that exist now (provisioned, not deleted: billed), bound, Released
   * or an ECS task's; what a `volumes` expectation counts.
   */
  volumesOf(service: string): number {
    return this.existing.get(service) ?? 0;
  }

  /** Actions only: a volume of the workload was provisioned (n = 1) or deleted (n = -1). */
  countExisting(service: string, n: 1 | -1): void {
    this.existing.set(service, this.volumesOf(service) + n);
  }

  /** Volumes of the pods placed on the node (what NodeVolumeLimits counts against the node's limit). */
  volumesInUse(host: Host): number {
    return this.inUse[host.index] ?? 0;
  }

  /** Actions only: a pod with `n` volumes was placed on (n > 0) or left (n < 0) the host. */
  countInUse(host: Host, n: number): void {
    this.inUse[host.index] = (this.inUse[host.index] ?? 0) + n;
  }

  /**
   * The ECS task volumes that hold an attachment slot on the host: attaching or attached to it
   * (from CreateVolume), or detaching from it after their task stopped (until DetachVolume ends).
   */
  ecsTaskVolumesOn(host: Host): number {
    return this.taskVolumesOn[host.index] ?? 0;
  }

  /** Actions only: an ECS task volume began to hold a slot on the host (1), or detached from it (-1). */
  countEcsTaskVolume(host: Host, n: 1 | -1): void {
    this.taskVolumesOn[host.index] = this.ecsTaskVolumesOn(host) + n;
  }
}

/** An ECS task's managed volume on its way off its instance: what its `volume.detached` and `volume.deleted` name. */
export interface DetachingTaskVolume {
  readonly volume: EbsVolume;
  /** `<task>/<volume name>`. */
  readonly claim: string;
  readonly service: string;
  /** Deleted once detached (the service's terminationPolicy.deleteOnTermination). */
  readonly deleteOnTermination: boolean;
}

const NO_CLAIMS: readonly PersistentVolumeClaim[] = Object.freeze([]);

/** The claim name of `template` for ordinal `ordinal` of StatefulSet `set` (Kubernetes' naming). */
export function claimName(template: string, set: string, ordinal: number): string {
  return `${template}-${set}-${ordinal}`;
}

/** A StatefulSet pod's name: `<statefulset>-<ordinal>`. */
export function podName(set: string, ordinal: number): string {
  return `${set}-${ordinal}`;
}
