import type { Host } from '../../../model/host.js';
// ErrReasonConflict (volumezone plugin).
import { VOLUME_ZONE_CONFLICT } from '../../../model/reasons/scheduling.js';
import type { EbsVolume } from '../../../model/volumes.js';
import { stateKey, type CycleState, type FilterPlugin, type PodInfo, type PreFilterPlugin, type Status } from '../framework.js';

export const VOLUME_ZONE = 'VolumeZone';

/** The zone labels VolumeZone compares (the stable and the deprecated beta key). */
const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'] as const;

const LABELLED = stateKey<readonly EbsVolume[]>('VolumeZone/volumes');

/**
 * VolumeZone (pkg/scheduler/framework/plugins/volumezone): a bound PersistentVolume that carries
 * a zone label must be in the node's zone, else "node(s) had no available volume zone"
 * (UnschedulableAndUnresolvable). Upstream reads PV *labels* only ("doesn't check
 * spec.nodeAffinity"): only statically created PVs, or in-tree ones labelled by the deprecated
 * PersistentVolumeLabel admission controller, carry them.
 *
 * In fleetsim it never filters, by design: every PV is one the EBS CSI driver provisioned
 * (docs/models.md, "Volumes"), whose zone is in its node affinity and which has no labels. A
 * StatefulSet pod recreated after its node died keeps its bound volume in the old zone, and
 * VolumeBinding (which runs before this plugin) rejects the other zones' nodes with "volume
 * node affinity conflict". The plugin stays for parity with the default profile (a profile may
 * name it) and filters a labelled volume as upstream does (test/policy/volume-plugins.test.ts).
 */
export class VolumeZone implements PreFilterPlugin, FilterPlugin {
  readonly name = VOLUME_ZONE;

  /** Skip unless a bound volume of the pod has a zone label. */
  preFilter(pod: PodInfo, state: CycleState): boolean {
    const claims = state.view?.volumes?.claimsOf(pod.task) ?? [];
    const labelled: EbsVolume[] = [];
    for (const c of claims) if (c.volume !== null && ZONE_LABELS.some((k) => c.volume!.labels.has(k))) labelled.push(c.volume);
    if (labelled.length === 0) return false;
    state.write(LABELLED, labelled);
    return true;
  }

  filter(_pod: PodInfo, node: Host, state: CycleState): Status {
    const volumes = state.read(LABELLED);
    for (let i = 0; i < volumes.length; i++) {
      const v = volumes[i]!;
      for (const key of ZONE_LABELS) {
        const want = v.labels.get(key);
        if (want === undefined) continue;
        const have = node.labels.get(key) ?? node.labels.get(ZONE_LABELS[0]);
        if (have !== want) return VOLUME_ZONE_CONFLICT;
      }
    }
    return null;
  }
}
