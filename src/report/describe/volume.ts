import type { VolumeEvent } from '../../model/events/volume.js';
import { MAX_WAIT_FOR_UNMOUNT_MS } from '../../model/params/ebs.js';
import type { Wording } from './wording.js';

/** Volume events in the words of the EBS CSI driver and the attach-detach controller's pod events. */
export const VOLUME_WORDING: Wording<VolumeEvent> = {
  'volume.provisioned': {
    entity: (e) => e.volume,
    text: (e) => `ProvisioningSucceeded: Successfully provisioned volume ${e.volume} (${e.volumeType}, ${e.sizeGiB}Gi, ${e.az}) for claim ${e.claim}`,
  },
  'volume.attached': {
    entity: (e) => e.volume,
    text: (e) =>
      e.task === null
        ? `volume ${e.volume} (claim ${e.claim}) attached to ${e.host} after its pod was deleted: no pod uses it there`
        : `SuccessfulAttachVolume: AttachVolume.Attach succeeded for volume "${e.volume}" (claim ${e.claim}) to ${e.host} for ${e.task}`,
  },
  'volume.detached': {
    entity: (e) => e.volume,
    text: (e) =>
      e.how === 'force'
        ? `volume ${e.volume} (claim ${e.claim}) force-detached from ${e.host}: still mounted after maxWaitForUnmountDuration ${MAX_WAIT_FOR_UNMOUNT_MS / 60_000}m0s on an unhealthy node`
        : e.how === 'instance-gone'
          ? `volume ${e.volume} (claim ${e.claim}) detached: instance ${e.host} is gone`
          : `volume ${e.volume} (claim ${e.claim}) detached from ${e.host}`,
  },
  'volume.claim-deleted': {
    entity: (e) => e.claim,
    text: (e) =>
      `persistentvolumeclaim ${e.claim} deleted (StatefulSet ${e.service}, persistentVolumeClaimRetentionPolicy whenScaled: Delete)` +
      (e.volume === null ? ': no volume bound' : e.reclaimPolicy === 'Delete' ? `: volume ${e.volume} Released, deleted once detached (reclaimPolicy Delete)` : `: volume ${e.volume} Released and kept (reclaimPolicy Retain)`),
  },
  'volume.deleted': {
    entity: (e) => e.volume,
    text: (e) => `volume ${e.volume} deleted with claim ${e.claim}`,
  },
};
