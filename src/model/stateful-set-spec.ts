import type { EbsVolumeType } from './params/ebs.js';
import type { IntOrPercent } from './rollout.js';

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

/** `updateStrategy.type` values, the default first. */
export const STATEFUL_SET_UPDATE_TYPES = ['RollingUpdate', 'OnDelete'] as const;
export type StatefulSetUpdateType = (typeof STATEFUL_SET_UPDATE_TYPES)[number];

/**
 * `updateStrategy` (Kubernetes docs, "StatefulSets", "Update strategies" and "Rolling Updates"):
 * what the controller does with its pods when the pod template changes (a `deploy` or
 * `rolloutUndo` event). Default RollingUpdate with partition 0.
 */
export interface StatefulSetUpdateStrategy {
  /**
   * RollingUpdate: the controller deletes the pods not of the new revision one at a time, from
   * the highest ordinal down, each once the one above it is back Running and Ready; the
   * replacement of each is a pod of the new revision with the same name and claims. OnDelete:
   * it replaces none; a pod deleted for another reason comes back at the new revision.
   */
  readonly type: StatefulSetUpdateType;
  /**
   * RollingUpdate `partition`: ordinals below it keep the current revision (a pod of one that is
   * deleted comes back at the current revision); 0 updates every pod.
   */
  readonly partition: number;
  /**
   * RollingUpdate `maxUnavailable`, as given (null: absent). Accepted and not acted on: the
   * MaxUnavailableStatefulSet feature gate is alpha and off by default up to Kubernetes 1.34
   * (beta and on only from 1.35), so the controller replaces one pod at a time.
   */
  readonly maxUnavailable: IntOrPercent | null;
}

export const DEFAULT_STATEFUL_SET_UPDATE_STRATEGY: StatefulSetUpdateStrategy = Object.freeze({ type: STATEFUL_SET_UPDATE_TYPES[0], partition: 0, maxUnavailable: null });

/** What makes a workload a StatefulSet. */
export interface StatefulSetSpec {
  /** OrderedReady (default): pod i is created once 0..i-1 are Running and Ready; Parallel: all at once. */
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
  readonly volumeClaimTemplates: readonly VolumeClaimTemplateSpec[];
  readonly persistentVolumeClaimRetentionPolicy: ClaimRetentionPolicy;
  readonly updateStrategy: StatefulSetUpdateStrategy;
}
