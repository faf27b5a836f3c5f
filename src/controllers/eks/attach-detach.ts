import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { Host } from '../../model/host.js';
import { EBS_TIMING, MAX_WAIT_FOR_UNMOUNT_MS } from '../../model/params/ebs.js';
import type { Task } from '../../model/task.js';
import type { PersistentVolumeClaim } from '../../model/volumes.js';
import type { Actions } from '../actions/index.js';
import { createVolume } from './ebs-csi-provisioner.js';

/** What kubelet asks before it creates a pod's sandbox: are its volumes attached to its node? */
export interface VolumeAttachWait {
  /**
   * For a pod with volumes: calls `then(task)` once every claim of the pod is bound and its volume
   * attached to the pod's node, and returns true; false (and no call) for a pod without volumes.
   */
  waitForAttach(task: Task, then: (task: Task) => void): boolean;
}

interface Waiting {
  readonly task: Task;
  readonly host: Host;
  readonly then: (task: Task) => void;
}

/**
 * The volume path of an EBS-backed pod (docs/models.md, "Volumes"), the parts that act on it:
 * - the CSI external-provisioner: a WaitForFirstConsumer claim gets its volume in the zone of
 *   the node its first pod was bound to (CreateVolume, `EBS_TIMING.createMs`);
 * - the attach-detach controller and the CSI external-attacher: attaches the pod's volumes to
 *   its node (AttachVolume, `attachMs`) once they are free; a volume still attached to another
 *   node holds the pod in ContainerCreating with a Multi-Attach error until it is detached;
 * - detaches a volume after its pod stopped: at once (plus DetachVolume, `detachMs`) when the
 *   node's kubelet unmounted it; from an unreachable node only after maxWaitForUnmountDuration
 *   (6 minutes, the force detach); when the instance terminates (the Node is deleted), at once.
 * kubelet runs the pod's sandbox only after every volume is attached (its volume manager's
 * WaitForAttachAndMount).
 */
export class AttachDetachController implements VolumeAttachWait {
  /** Pods waiting for their volumes, by claim they wait on. */
  private readonly waiting = new Map<PersistentVolumeClaim, Waiting>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    trace: Trace<FleetEvent>,
  ) {
    trace.subscribe(this.onRecord);
  }

  waitForAttach(task: Task, then: (task: Task) => void): boolean {
    const claims = this.actions.state.volumes.claimsOf(task);
    if (claims.length === 0) return false;
    const host = task.host!;
    const w: Waiting = { task, host, then };
    for (const claim of claims) this.waiting.set(claim, w);
    for (const claim of claims) this.advance(claim);
    return true;
  }

  /** Moves one claim of a waiting pod towards attached to its node. */
  private advance(claim: PersistentVolumeClaim): void {
    const w = this.waiting.get(claim);
    if (w === undefined) return;
    if (!this.stillWanted(w)) {
      this.waiting.delete(claim);
      return;
    }
    const volume = claim.volume;
    if (volume === null) {
      // WaitForFirstConsumer: provision in the node's zone (an Immediate claim is being provisioned already).
      if (!claim.provisioning && claim.storageClass.volumeBindingMode === 'WaitForFirstConsumer') {
        createVolume(this.sim, this.actions.volumes, claim, w.host.az, this.onProvisioned);
      }
      return;
    }
    if (volume.attachedTo === null) {
      this.actions.volumes.beginAttach(volume, w.host);
      this.sim.after(EBS_TIMING.attachMs, this.onAttached, claim, Priority.StateChange);
      return;
    }
    if (volume.attachedTo !== w.host) {
      // Still on the old node: the attach-detach controller refuses a second attachment of a ReadWriteOnce volume.
      this.actions.pods.event(w.task, { reason: 'FailedAttachVolume', volume: volume.id, host: volume.attachedTo.id });
      return;
    }
    if (volume.attached) this.resolve(claim, w);
  }

  private stillWanted(w: Waiting): boolean {
    return w.task.status === 'PROVISIONING' && w.task.host === w.host;
  }

  private readonly onProvisioned = (claim: PersistentVolumeClaim): void => this.advance(claim);

  private readonly onAttached = (claim: PersistentVolumeClaim): void => {
    const w = this.waiting.get(claim);
    const volume = claim.volume!;
    if (volume.attachedTo === null) return; // detached meanwhile (its node went away)
    if (w === undefined || !this.stillWanted(w) || volume.attachedTo !== w.host) {
      // The pod is gone: the volume is attached (its VolumeAttachment says so) to a node that no pod needs it on; detach it.
      this.actions.volumes.attached(claim, null);
      // A live waiter on another node (the pod's replacement, bound while this attach ran) stays:
      // the detach's completion attaches the volume there (onDetached -> advance).
      if (w !== undefined && !this.stillWanted(w)) this.waiting.delete(claim);
      this.detachLater(claim, volume.attachedTo);
      return;
    }
    this.actions.volumes.attached(claim, w.task);
    this.resolve(claim, w);
  }

  /** One claim of the pod is attached; when all are, kubelet goes on. */
  private resolve(claim: PersistentVolumeClaim, w: Waiting): void {
    this.waiting.delete(claim);
    for (const c of this.actions.state.volumes.claimsOf(w.task)) if (this.waiting.get(c) === w || c.volume?.attached !== true || c.volume.attachedTo !== w.host) return;
    w.then(w.task);
  }

  private readonly onRecord = (r: FleetEvent): void => {
    switch (r.type) {
      case 'task.status-changed':
        // A pod deleted on an unreachable node (the taint manager's eviction): its kubelet cannot
        // unmount, so the attach-detach controller force-detaches after maxWaitForUnmountDuration.
        if (r.to === 'STOPPING') this.onPodDeleted(r.task);
        break;
      case 'task.stopped':
        this.onPodGone(r.task, r.host);
        break;
      case 'host.terminated':
        this.onInstanceGone(r.host);
        break;
    }
  };

  private onPodDeleted(taskId: string): void {
    const task = this.findPod(taskId);
    if (task === undefined) return;
    const host = task.host;
    if (host !== null && host.status === 'UNREACHABLE') this.forceDetachLater(task, host);
  }

  private findPod(taskId: string): Task | undefined {
    return this.actions.state.volumes.podsById.get(taskId);
  }

  private onPodGone(taskId: string, hostId: string | null): void {
    const task = this.findPod(taskId);
    if (task === undefined) return;
    const claims = this.actions.state.volumes.claimsOf(task);
    this.actions.volumes.releasePod(task);
    const host = hostId === null ? undefined : this.actions.state.hostsById.get(hostId);
    for (const claim of claims) {
      if (this.waiting.get(claim)?.task === task) this.waiting.delete(claim);
      const volume = claim.volume;
      if (volume === null || volume.attachedTo === null || volume.attachedTo !== host) continue;
      if (!volume.attached) continue; // still attaching: onAttached detaches it
      if (host.status === 'UNREACHABLE') this.forceDetachLater(task, host);
      else if (host.status !== 'DEREGISTERED') this.detachLater(claim, host);
    }
  }

  /** kubelet unmounted the volume: DetachVolume, then it is free. */
  private detachLater(claim: PersistentVolumeClaim, host: Host): void {
    this.sim.after(EBS_TIMING.detachMs, this.onDetached, { claim, host, how: 'unmounted' as const }, Priority.StateChange);
  }

  private readonly forceTimers = new Set<string>();

  /** The pod's volumes on an unreachable node come off 6 minutes after its deletion (plus DetachVolume). */
  private forceDetachLater(task: Task, host: Host): void {
    for (const claim of this.actions.state.volumes.claimsOf(task)) {
      const key = `${claim.name}\u0000${host.id}`;
      if (this.forceTimers.has(key)) continue;
      this.forceTimers.add(key);
      this.sim.after(MAX_WAIT_FOR_UNMOUNT_MS + EBS_TIMING.detachMs, this.onDetached, { claim, host, how: 'force' as const }, Priority.StateChange);
    }
  }

  private readonly onDetached = ({ claim, host, how }: { claim: PersistentVolumeClaim; host: Host; how: 'unmounted' | 'force' }): void => {
    if (how === 'force') this.forceTimers.delete(`${claim.name}\u0000${host.id}`);
    const volume = claim.volume;
    if (volume === null || volume.attachedTo !== host) return;
    // A force detach only if the node is still unhealthy (a node that came back unmounts itself).
    if (how === 'force' && host.status !== 'UNREACHABLE') return;
    // The volume is in use again on the same node (a new pod of the claim landed there): keep it.
    if (this.inUseOn(claim, host)) return;
    this.actions.volumes.detached(claim, how);
    this.advance(claim);
  };

  private inUseOn(claim: PersistentVolumeClaim, host: Host): boolean {
    for (const [task, claims] of this.actions.state.volumes.podClaims) if (task.host === host && task.status !== 'STOPPED' && task.status !== 'STOPPING' && claims.includes(claim)) return true;
    return false;
  }

  /** The instance is terminated (its Node deleted): EC2 releases its volumes, Released ones (deleted claims') included. */
  private onInstanceGone(hostId: string): void {
    const v = this.actions.state.volumes;
    // Claims first, then Released volumes (no pod waits on those: advance does nothing for them).
    for (const claims of [v.claims, v.released]) {
      for (const claim of claims.values()) {
        const volume = claim.volume;
        if (volume === null || volume.attachedTo?.id !== hostId) continue;
        this.actions.volumes.detached(claim, 'instance-gone');
        this.advance(claim);
      }
    }
  }
}
