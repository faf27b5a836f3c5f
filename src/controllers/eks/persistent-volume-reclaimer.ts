import type { Trace } from '../../engine/trace.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { Actions } from '../actions/index.js';

/**
 * What becomes of a PersistentVolume whose claim was deleted (docs/models.md, "Volumes"): the PV
 * controller marks it Released and applies its StorageClass's `reclaimPolicy` (Kubernetes docs,
 * "Persistent Volumes", "Reclaiming"). Retain: nothing more; the EBS volume stays, billed, until
 * someone deletes it by hand (never, in a run). Delete: the CSI external-provisioner calls
 * DeleteVolume, but not while a VolumeAttachment still names the volume (its `canDeleteVolume`
 * check, "persistentvolume ... is still attached to node ...", retried), so the volume is deleted
 * once it is detached (`volume.deleted`): at once if it already was, else when the attach-detach
 * controller's detach completes, or when CreateVolume finishes for a claim deleted meanwhile.
 *
 * Reacts to the volume events only; holds no state of its own (the Released volumes are
 * `VolumeState.released`, kept by the actions module).
 */
export class PersistentVolumeReclaimer {
  constructor(
    private readonly actions: Actions,
    trace: Trace<FleetEvent>,
  ) {
    trace.subscribe(this.onRecord);
  }

  private readonly onRecord = (r: FleetEvent): void => {
    switch (r.type) {
      case 'volume.claim-deleted':
        if (r.volume !== null) this.reclaim(r.volume);
        break;
      case 'volume.provisioned':
      case 'volume.detached':
        this.reclaim(r.volume);
        break;
    }
  };

  /** Deletes the volume if it is Released, its policy is Delete and it is attached nowhere. */
  private reclaim(volumeId: string): void {
    const claim = this.actions.state.volumes.released.get(volumeId);
    if (claim === undefined || claim.storageClass.reclaimPolicy !== 'Delete') return;
    const volume = claim.volume!;
    if (volume.attachedTo !== null) return;
    this.actions.volumes.deleteReleasedVolume(volume);
  }
}
