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
  // No reclaimPolicy: it acts when a claim is deleted, and fleetsim deletes none (a StatefulSet
  // keeps its claims, persistentVolumeClaimRetentionPolicy Retain). The scenario accepts it.
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
}
