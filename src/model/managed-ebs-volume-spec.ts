import type { EbsVolumeType } from './params/ebs.js';

/**
 * An ECS service's managed EBS volume (CreateService `volumeConfigurations[].managedEBSVolume`
 * for the task definition's `configuredAtLaunch` volume; docs/models.md, "ECS EBS volumes"):
 * ECS creates one new volume per task in the task's AZ, attaches it before the task's containers
 * start, and detaches (and, with `deleteOnTermination`, deletes) it when the task stops.
 */
export interface ManagedEbsVolumeSpec {
  /** The task definition volume it configures. */
  readonly name: string;
  readonly volumeType: EbsVolumeType;
  readonly sizeGiB: number;
  /** `terminationPolicy.deleteOnTermination` (default true): false keeps (and bills) the volume after its task. */
  readonly deleteOnTermination: boolean;
}
