import type { EbsVolumeType } from './params/ebs.js';

/**
 * What a scenario declares about Kubernetes storage (docs/models.md, "Volumes"): StorageClasses
 * and a StatefulSet's volumeClaimTemplates. Specs only (no runtime objects), so the cluster's
 * object graph can carry them without an import cycle; the claims and volumes are in volumes.ts.
 */

/** `volumeBindingMode`: bind (and provision) at once, or when the first pod using the claim is scheduled. */
export type VolumeBindingMode = 'Immediate' | 'WaitForFirstConsumer';

/** A StorageClass of the EBS CSI driver (`provisioner: ebs.csi.aws.com`). */
export interface StorageClassSpec {
  readonly name: string;
  readonly volumeBindingMode: VolumeBindingMode;
  /** `parameters.type` (default gp3). */
  readonly volumeType: EbsVolumeType;
  /** `allowedTopologies` zones; null: any zone. */
  readonly allowedZones: readonly string[] | null;
  /**
   * `reclaimPolicy` of the volumes it provisions: what happens to one when its claim is deleted
   * (a StatefulSet's whenScaled Delete). Delete (the default for dynamically provisioned volumes):
   * the EBS volume is deleted once detached, which ends its bill; Retain: the PV is Released and
   * the volume stays, billed (Kubernetes docs, "Persistent Volumes", "Reclaiming").
   */
  readonly reclaimPolicy: PersistentVolumeReclaimPolicy;
}

/** A PersistentVolume's reclaim policies, the default first (`Recycle` is deprecated and not offered by CSI drivers). */
export const RECLAIM_POLICIES = ['Delete', 'Retain'] as const;
export type PersistentVolumeReclaimPolicy = (typeof RECLAIM_POLICIES)[number];

/** The values of each rule of a StatefulSet's `persistentVolumeClaimRetentionPolicy`, the default first. */
export const CLAIM_RETENTIONS = ['Retain', 'Delete'] as const;
export type ClaimRetention = (typeof CLAIM_RETENTIONS)[number];

/**
 * `persistentVolumeClaimRetentionPolicy` (Kubernetes docs, "StatefulSets", "PersistentVolumeClaim
 * retention"; beta and on by default since 1.27, GA in 1.32): what happens to the claims stamped
 * from the volumeClaimTemplates. Defaults Retain / Retain.
 */
export interface ClaimRetentionPolicy {
  /**
   * On scale-in: Delete removes the claims of the ordinals above the new replica count once
   * their pods are gone (a later scale-out stamps fresh claims, hence fresh volumes); Retain
   * keeps them for the pods a scale-out creates again.
   */
  readonly whenScaled: ClaimRetention;
  /**
   * On the StatefulSet's deletion. Accepted only: no scenario event deletes a StatefulSet, so
   * it never acts.
   */
  readonly whenDeleted: ClaimRetention;
}

/** One entry of a StatefulSet's `volumeClaimTemplates`. */
export interface VolumeClaimTemplateSpec {
  /** The template's name: the claim of ordinal i is `<name>-<statefulset>-<i>`. */
  readonly name: string;
  /** Its StorageClass (the cluster's default class when the manifest names none). */
  readonly storageClassName: string;
  readonly sizeGiB: number;
}

/** What makes a workload a StatefulSet. */
export interface StatefulSetSpec {
  /** OrderedReady (default): pod i is created once 0..i-1 are Running and Ready; Parallel: all at once. */
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
  readonly volumeClaimTemplates: readonly VolumeClaimTemplateSpec[];
  readonly persistentVolumeClaimRetentionPolicy: ClaimRetentionPolicy;
}
