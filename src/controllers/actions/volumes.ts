import type { Host } from '../../model/host.js';
import type { VolumeDetached } from '../../model/events/volume.js';
import type { Task } from '../../model/task.js';
import { claimName, type EbsVolume, type ManagedEbsVolumeSpec, type PersistentVolumeClaim, type StorageClassSpec, type VolumeClaimTemplateSpec } from '../../model/volumes.js';
import type { ActionContext } from './context.js';

const NO_LABELS: ReadonlyMap<string, string> = new Map();

/**
 * Persistent volumes (docs/models.md, "Volumes"): PersistentVolumeClaims stamped from a
 * StatefulSet's templates, the EBS volumes bound to them, and their attachments.
 */
export class VolumeActions {
  constructor(private readonly ctx: ActionContext) {}

  /**
   * The claims of a StatefulSet pod of ordinal `ordinal`, created on the first pod of that
   * ordinal and kept after it (a PVC outlives its pods); the pod mounts them.
   */
  claimFor(task: Task, ordinal: number, templates: readonly VolumeClaimTemplateSpec[], storageClass: (name: string) => StorageClassSpec): PersistentVolumeClaim[] {
    const v = this.ctx.state.volumes;
    const claims: PersistentVolumeClaim[] = [];
    for (const t of templates) {
      const name = claimName(t.name, task.service.name, ordinal);
      let claim = v.claims.get(name);
      if (claim === undefined) {
        claim = { name, service: task.service.name, ordinal, storageClass: storageClass(t.storageClassName), sizeGiB: t.sizeGiB, volume: null, provisioning: false, deleted: false };
        v.claims.set(name, claim);
      }
      claims.push(claim);
    }
    v.podClaims.set(task, claims);
    v.podsById.set(task.id, task);
    return claims;
  }

  /** The pod is gone: it mounts its claims no more (they stay, bound to their volumes). */
  releasePod(task: Task): void {
    this.ctx.state.volumes.podClaims.delete(task);
    this.ctx.state.volumes.podsById.delete(task.id);
  }

  /**
   * The claim is deleted (the garbage collector, for a StatefulSet's whenScaled Delete, once the
   * pod that mounted it is gone): out of `claims`, so the ordinal's next pod gets a fresh one.
   * Its volume, if any, is Released; one still being created is Released when it exists.
   */
  deleteClaim(claim: PersistentVolumeClaim): void {
    const v = this.ctx.state.volumes;
    if (v.claims.get(claim.name) !== claim) throw new Error(`claim ${claim.name} is not in use`);
    for (const [task, claims] of v.podClaims) if (claims.includes(claim)) throw new Error(`claim ${claim.name} is still mounted by ${task.id}`);
    v.claims.delete(claim.name);
    claim.deleted = true;
    if (claim.volume !== null) v.released.set(claim.volume.id, claim);
    const reclaimPolicy = claim.storageClass.reclaimPolicy;
    this.ctx.emit({ type: 'volume.claim-deleted', time: this.ctx.now, claim: claim.name, service: claim.service, volume: claim.volume === null ? null : claim.volume.id, reclaimPolicy });
  }

  /**
   * DeleteVolume of a Released volume (reclaimPolicy Delete), detached: it is gone and its bill
   * stops. *Assumption*: at once (EBS deletes an available volume in seconds; no figure published).
   */
  deleteReleasedVolume(volume: EbsVolume): void {
    const v = this.ctx.state.volumes;
    const claim = v.released.get(volume.id);
    if (claim === undefined || claim.volume !== volume) throw new Error(`${volume.id} is not Released`);
    if (volume.attachedTo !== null) throw new Error(`${volume.id} is still attached to ${volume.attachedTo.id}`);
    v.released.delete(volume.id);
    this.emitDeleted(volume, claim.name, claim.service);
  }

  /** CreateVolume was called for the claim (it is being provisioned). */
  beginProvisioning(claim: PersistentVolumeClaim): void {
    if (claim.volume !== null || claim.provisioning) throw new Error(`claim ${claim.name} is already bound or provisioning`);
    claim.provisioning = true;
  }

  /** The volume exists in `az` and is bound to the claim. */
  provisioned(claim: PersistentVolumeClaim, az: string): EbsVolume {
    if (claim.volume !== null) throw new Error(`claim ${claim.name} is already bound`);
    const volume = this.newVolume(az, claim.storageClass.volumeType, claim.sizeGiB, null);
    claim.volume = volume;
    claim.provisioning = false;
    // Its claim was deleted while CreateVolume ran: the new PV is Released at once.
    if (claim.deleted) this.ctx.state.volumes.released.set(volume.id, claim);
    this.emitProvisioned(volume, claim.name, claim.service);
    return volume;
  }

  /** AttachVolume was called: the volume is attaching to `host` (it can attach nowhere else meanwhile). */
  beginAttach(volume: EbsVolume, host: Host): void {
    if (volume.attachedTo !== null) throw new Error(`${volume.id} is attached to ${volume.attachedTo.id}`);
    if (volume.az !== host.az) throw new Error(`${volume.id} in ${volume.az} cannot attach to ${host.id} in ${host.az}`);
    volume.attachedTo = host;
    volume.attached = false;
  }

  /**
   * EC2 reports the volume attached to its host, for `task`; `null` when the pod it was attaching
   * for is gone (its VolumeAttachment is attached all the same, and is detached next).
   */
  attached(claim: PersistentVolumeClaim, task: Task | null): void {
    const volume = claim.volume;
    if (volume === null || volume.attachedTo === null) throw new Error(`claim ${claim.name} has no volume attaching`);
    volume.attached = true;
    this.emitAttached(volume, volume.attachedTo, claim.name, claim.service, task);
  }

  /** The volume is detached from its host. */
  detached(claim: PersistentVolumeClaim, how: VolumeDetached['how']): void {
    const volume = claim.volume;
    if (volume === null || volume.attachedTo === null) throw new Error(`claim ${claim.name} has no attached volume`);
    const host = volume.attachedTo;
    volume.attachedTo = null;
    volume.attached = false;
    this.emitDetached(volume, host, claim.name, claim.service, how);
  }

  /**
   * ECS created the task's managed EBS volume in `az` (CreateVolume at PENDING; docs/models.md,
   * "ECS EBS volumes"): billed from here. Its claim is `<task>/<volume name>`; when the task
   * runs on an instance, the volume is attaching to it (else on Fargate, which attaches it to
   * the task's own micro-VM: no instance to name); `attaches` false: EC2 will refuse the attach
   * (the instance's attachment limit), so it attaches nowhere.
   */
  provisionTaskVolume(task: Task, spec: ManagedEbsVolumeSpec, az: string, attaches = true): EbsVolume {
    const v = this.ctx.state.volumes;
    if (v.taskVolumes.has(task)) throw new Error(`${task.id} already has a managed EBS volume`);
    const volume = this.newVolume(az, spec.volumeType, spec.sizeGiB, attaches ? task.host : null);
    v.taskVolumes.set(task, volume);
    if (volume.attachedTo !== null) v.countEcsTaskVolume(volume.attachedTo, 1);
    this.emitProvisioned(volume, taskClaim(task, spec), task.service.name);
    return volume;
  }

  /** The task's managed volume is attached: its containers can start. */
  attachedTaskVolume(task: Task, spec: ManagedEbsVolumeSpec): void {
    const volume = this.ctx.state.volumes.taskVolumes.get(task);
    if (volume === undefined) throw new Error(`${task.id} has no managed EBS volume`);
    volume.attached = true;
    const host = volume.attachedTo;
    if (host !== null) this.emitAttached(volume, host, taskClaim(task, spec), task.service.name, task);
  }

  /**
   * The task is stopping now (called just before its `task.stopped`, so whoever hears of the stop
   * finds the volume detaching): ECS detaches its managed volume. One attached (or attaching) to
   * an instance is detaching from now (`detachingTaskVolumes`) and keeps its attachment slot until
   * `taskVolumeDetached`, `EBS_TIMING.detachMs` later. State only: no event.
   */
  beginTaskVolumeDetach(task: Task): void {
    const v = this.ctx.state.volumes;
    const volume = v.taskVolumes.get(task);
    const spec = task.service.managedEbsVolume;
    if (volume === undefined || spec === undefined || volume.attachedTo === null) return;
    v.taskVolumes.delete(task);
    v.detachingTaskVolumes.set(task.id, { volume, claim: taskClaim(task, spec), service: task.service.name, deleteOnTermination: spec.deleteOnTermination });
  }

  /**
   * The task stopped (after its `task.stopped`): a managed volume attached to no instance (on
   * Fargate, where the microVM goes with the task, or one EC2 refused) has nothing to detach and,
   * with `deleteOnTermination` (the default), is deleted now, which ends its billing. One
   * detaching from an instance (`beginTaskVolumeDetach`) is deleted once detached. Without
   * deleteOnTermination the volume stays, detached and billed, to the end of the run.
   */
  releaseTaskVolume(task: Task): void {
    const v = this.ctx.state.volumes;
    const volume = v.taskVolumes.get(task);
    const spec = task.service.managedEbsVolume;
    if (volume === undefined || spec === undefined) return;
    v.taskVolumes.delete(task);
    volume.attached = false;
    if (spec.deleteOnTermination) this.emitDeleted(volume, taskClaim(task, spec), task.service.name);
  }

  /**
   * DetachVolume of the stopped task `taskId`'s volume completed (`unmounted`), or its instance
   * terminated first (`instance-gone`): its slot is free, and with deleteOnTermination it is deleted.
   */
  taskVolumeDetached(taskId: string, how: 'unmounted' | 'instance-gone'): void {
    const v = this.ctx.state.volumes;
    const detaching = v.detachingTaskVolumes.get(taskId);
    if (detaching === undefined) throw new Error(`${taskId} has no task volume detaching`);
    v.detachingTaskVolumes.delete(taskId);
    const { volume, claim, service } = detaching;
    const host = volume.attachedTo!;
    v.countEcsTaskVolume(host, -1);
    volume.attachedTo = null;
    volume.attached = false;
    this.emitDetached(volume, host, claim, service, how);
    if (detaching.deleteOnTermination) this.emitDeleted(volume, claim, service);
  }

  /** CreateVolume done: a new, unattached volume in `az` (attaching to `attachedTo`, if any). */
  private newVolume(az: string, volumeType: EbsVolume['volumeType'], sizeGiB: number, attachedTo: Host | null): EbsVolume {
    return { id: this.ctx.state.volumes.nextVolumeId(), az, volumeType, sizeGiB, labels: NO_LABELS, attachedTo, attached: false };
  }

  /** The volume events name the volume's claim and workload: a PVC's, or an ECS task's `<task>/<volume>`. */
  private emitProvisioned(volume: EbsVolume, claim: string, service: string): void {
    this.ctx.state.volumes.countExisting(service, 1);
    this.ctx.emit({ type: 'volume.provisioned', time: this.ctx.now, volume: volume.id, claim, service, az: volume.az, volumeType: volume.volumeType, sizeGiB: volume.sizeGiB });
  }

  private emitDeleted(volume: EbsVolume, claim: string, service: string): void {
    this.ctx.state.volumes.countExisting(service, -1);
    this.ctx.emit({ type: 'volume.deleted', time: this.ctx.now, volume: volume.id, claim, service });
  }

  private emitAttached(volume: EbsVolume, host: Host, claim: string, service: string, task: Task | null): void {
    this.ctx.emit({ type: 'volume.attached', time: this.ctx.now, volume: volume.id, claim, service, host: host.id, task: task === null ? null : task.id });
  }

  private emitDetached(volume: EbsVolume, host: Host, claim: string, service: string, how: VolumeDetached['how']): void {
    this.ctx.emit({ type: 'volume.detached', time: this.ctx.now, volume: volume.id, claim, service, host: host.id, how });
  }
}

/** The claim an ECS task's managed volume is bound to: `<task>/<volume name>`. */
function taskClaim(task: Task, spec: ManagedEbsVolumeSpec): string {
  return `${task.id}/${spec.name}`;
}
