import type { EbsVolumeType } from '../params/ebs.js';
import type { PersistentVolumeReclaimPolicy } from '../stateful-set-spec.js';
import type { EventDocs } from './docs.js';

/**
 * Trace events of EBS volumes (docs/models.md, "Volumes"): a volume is provisioned for a claim
 * (a Kubernetes PersistentVolumeClaim, or an ECS task's volume), attached to the instance its
 * pod or task runs on, detached when that ends, and deleted with its ECS task or, for a claim that
 * is deleted (a StatefulSet's whenScaled Delete), by its StorageClass's reclaimPolicy Delete once
 * detached (Retain: it stays, Released). The cost report bills
 * the GB-months between `volume.provisioned` and `volume.deleted` (or the end of the run).
 */

export interface VolumeProvisioned {
  readonly type: 'volume.provisioned';
  readonly time: number;
  /** The EBS volume id (`vol-...`). */
  readonly volume: string;
  /** The claim it is bound to: a PVC (`data-web-0`) or an ECS task's volume. */
  readonly claim: string;
  /** The workload (StatefulSet, service) whose claim it is. */
  readonly service: string;
  readonly az: string;
  readonly volumeType: EbsVolumeType;
  readonly sizeGiB: number;
}

export interface VolumeAttached {
  readonly type: 'volume.attached';
  readonly time: number;
  readonly volume: string;
  readonly claim: string;
  readonly service: string;
  /** The instance it is attached to. */
  readonly host: string;
  /**
   * The pod or task it was attached for; null when that pod was deleted while the volume was
   * attaching (the VolumeAttachment is attached all the same, no pod records
   * SuccessfulAttachVolume, and the volume is detached next).
   */
  readonly task: string | null;
}

export interface VolumeDetached {
  readonly type: 'volume.detached';
  readonly time: number;
  readonly volume: string;
  readonly claim: string;
  readonly service: string;
  readonly host: string;
  /**
   * How it came off: `unmounted` (the pod stopped and kubelet unmounted it), `force` (the
   * attach-detach controller's 6-minute force detach from an unhealthy node), `instance-gone`
   * (the instance terminated or its Node was deleted).
   */
  readonly how: 'unmounted' | 'force' | 'instance-gone';
}

export interface VolumeClaimDeleted {
  readonly type: 'volume.claim-deleted';
  readonly time: number;
  /** The PersistentVolumeClaim (`data-db-5`). */
  readonly claim: string;
  /** The StatefulSet whose claim it was. */
  readonly service: string;
  /** Its volume, now Released; null when none was bound (none created yet). */
  readonly volume: string | null;
  /** The StorageClass's reclaimPolicy, which decides the volume's fate. */
  readonly reclaimPolicy: PersistentVolumeReclaimPolicy;
}

export interface VolumeDeleted {
  readonly type: 'volume.deleted';
  readonly time: number;
  readonly volume: string;
  readonly claim: string;
  readonly service: string;
}

export type VolumeEvent = VolumeProvisioned | VolumeAttached | VolumeDetached | VolumeClaimDeleted | VolumeDeleted;

export const VOLUME_EVENT_DOCS = {
  'volume.provisioned': {
    when: "An EBS volume was created for a claim: a StatefulSet PVC when its StorageClass binds (Immediate: at once, in a zone of the StorageClass; WaitForFirstConsumer: in the zone of the node the scheduler picked for its first pod), or an ECS task's managed volume (configuredAtLaunch) as the task goes PENDING, in its AZ (claim `<task>/<volume>`). Billed per GB-month from here.",
    fields: {
      volume: 'The EBS volume id.',
      claim: 'The PersistentVolumeClaim (or task volume) it is bound to.',
      service: 'The workload whose claim it is.',
      az: "The volume's Availability Zone: it can only attach to instances there.",
      volumeType: 'gp3, gp2, io1, io2, st1 or sc1.',
      sizeGiB: 'Provisioned size, GiB.',
    },
    examples: [{ type: 'volume.provisioned', time: 0, volume: 'vol-000001', claim: 'data-db-0', service: 'db', az: 'us-east-1a', volumeType: 'gp3', sizeGiB: 100 }],
  },
  'volume.attached': {
    when: "EC2 reports the volume `attached` to the instance of the pod that uses it (AttachVolume succeeded: the attach-detach controller's SuccessfulAttachVolume), or an ECS task's managed volume to its instance (EC2 only: on Fargate there is no instance to name); the pod's or task's containers can start. Also when the pod it was attaching for was deleted meanwhile (`task` null): the attachment completes all the same and the volume is detached next.",
    fields: {
      volume: 'The EBS volume id.',
      claim: 'Its claim.',
      service: 'The workload.',
      host: 'The instance.',
      task: 'The pod it was attached for; null when that pod was deleted while the volume was attaching (the volume is detached next).',
    },
    examples: [
      { type: 'volume.attached', time: 0, volume: 'vol-000001', claim: 'data-db-0', service: 'db', host: 'i-000003', task: 'db-0' },
      { type: 'volume.attached', time: 0, volume: 'vol-000001', claim: 'data-db-0', service: 'db', host: 'i-000003', task: null },
    ],
  },
  'volume.detached': {
    when: 'The volume is detached from an instance: after its pod stopped and kubelet unmounted it (or its ECS task stopped: DetachVolume, `EBS_TIMING.detachMs` later), by the attach-detach controller after 6 minutes when the node stopped reporting (force detach), or at once when the instance is gone.',
    fields: {
      volume: 'The EBS volume id.',
      claim: 'Its claim.',
      service: 'The workload.',
      host: 'The instance it came off.',
      how: 'unmounted, force (maxWaitForUnmountDuration ran out on an unhealthy node) or instance-gone.',
    },
    examples: [
      { type: 'volume.detached', time: 0, volume: 'vol-000001', claim: 'data-db-0', service: 'db', host: 'i-000003', how: 'unmounted' },
      { type: 'volume.detached', time: 0, volume: 'vol-000001', claim: 'data-db-0', service: 'db', host: 'i-000003', how: 'force' },
    ],
  },
  'volume.claim-deleted': {
    when: "A StatefulSet's PersistentVolumeClaim was deleted: with persistentVolumeClaimRetentionPolicy whenScaled Delete, the claims of an ordinal above the new replica count, once its pod is gone (the garbage collector deletes them, their owner being the condemned pod). Its volume is Released: the StorageClass's reclaimPolicy Delete deletes it once it is detached (`volume.deleted`); Retain keeps it, billed, to the end of the run.",
    fields: {
      claim: 'The PersistentVolumeClaim.',
      service: 'The StatefulSet.',
      volume: 'Its volume, now Released; null when none was bound.',
      reclaimPolicy: "The StorageClass's reclaimPolicy: Delete or Retain.",
    },
    examples: [
      { type: 'volume.claim-deleted', time: 0, claim: 'data-db-5', service: 'db', volume: 'vol-000006', reclaimPolicy: 'Delete' },
      { type: 'volume.claim-deleted', time: 0, claim: 'data-db-5', service: 'db', volume: 'vol-000006', reclaimPolicy: 'Retain' },
    ],
  },
  'volume.deleted': {
    when: "The EBS volume is deleted and its billing stops: an ECS task's managed volume once its task stopped (terminationPolicy deleteOnTermination, the default): on EC2 once it is detached, on Fargate or when EC2 never attached it at the stop; a Kubernetes volume whose claim was deleted, under its StorageClass's reclaimPolicy Delete, once it is detached (the CSI external-provisioner deletes no volume still attached to a node).",
    fields: {
      volume: 'The EBS volume id.',
      claim: 'Its claim.',
      service: 'The workload.',
    },
    examples: [{ type: 'volume.deleted', time: 0, volume: 'vol-000001', claim: 'data-db-0', service: 'db' }],
  },
} satisfies EventDocs<VolumeEvent>;
