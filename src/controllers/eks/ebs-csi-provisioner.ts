import { Priority, type Simulation } from '../../engine/simulation.js';
import { EBS_TIMING } from '../../model/params/ebs.js';
import type { PersistentVolumeClaim } from '../../model/volumes.js';
import type { VolumeActions } from '../actions/volumes.js';

interface Creating {
  readonly volumes: VolumeActions;
  readonly claim: PersistentVolumeClaim;
  readonly az: string;
  readonly then: ((claim: PersistentVolumeClaim) => void) | undefined;
}

/**
 * The EBS CSI driver's CreateVolume as the external-provisioner calls it (docs/models.md,
 * "Volumes"), for both binding modes: the StatefulSet controller calls it when an Immediate claim
 * is created, the attach-detach path when a WaitForFirstConsumer claim's first pod is bound (in
 * its node's zone). The claim is provisioning at once; `EBS_TIMING.createMs` later it is bound to
 * a new volume in `az` (`volume.provisioned`), then `then(claim)` runs.
 */
export function createVolume(sim: Simulation, volumes: VolumeActions, claim: PersistentVolumeClaim, az: string, then?: (claim: PersistentVolumeClaim) => void): void {
  volumes.beginProvisioning(claim);
  sim.after(EBS_TIMING.createMs, onCreated, { volumes, claim, az, then }, Priority.StateChange);
}

function onCreated({ volumes, claim, az, then }: Creating): void {
  volumes.provisioned(claim, az);
  then?.(claim);
}
