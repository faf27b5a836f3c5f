/**
 * Amazon EFS file systems and the task volumes that mount them (docs/models.md, "EFS volumes").
 *
 * A file system is regional; clients reach it through a mount target, at most one per
 * Availability Zone. Its DNS name (`<id>.efs.<region>.amazonaws.com`) resolves, inside the VPC,
 * to the mount target in the client's own AZ, so a client in an AZ without one cannot resolve it:
 * amazon-efs-utils then tries to look a mount target up with botocore, which neither Fargate nor
 * the ECS-optimized AMI ships, and the mount fails (aws/efs-utils issue 90; the ECS stoppedReason
 * in aws/copilot-cli issue 5419).
 */

/** EFS throughput modes: `elastic` (the default since 2023) bills per GB transferred, `bursting` and `provisioned` do not. */
export type EfsThroughputMode = 'elastic' | 'bursting' | 'provisioned';

/** An EFS file system as the scenario declares it (`cluster.fileSystems`). */
export interface EfsFileSystemSpec {
  /** The file system id, `fs-` and hex digits. */
  readonly id: string;
  readonly throughputMode: EfsThroughputMode;
  /** The Availability Zones with a mount target, in the scenario's order. */
  readonly mountTargetAzs: readonly string[];
  /** The data it stores (Standard storage class), GiB: what storage is billed by. */
  readonly storedGiB: number;
}

/** An ECS task definition's `volumes[].efsVolumeConfiguration` (or a Kubernetes PV of the EFS CSI driver). */
export interface EfsVolumeSpec {
  /** The volume's name (ECS `volumes[].name`, the Kubernetes PV's name). */
  readonly name: string;
  readonly fileSystemId: string;
  /** `rootDirectory` (ECS; '/' when omitted) or the PV's path. */
  readonly rootDirectory: string;
  /** Mounted over TLS (`transitEncryption: ENABLED`, the CSI driver's default `tls` mount option): efs-utils starts a stunnel process first. */
  readonly transitEncryption: boolean;
  /** `authorizationConfig.accessPointId`; null: none. */
  readonly accessPointId: string | null;
}

/** Whether a client in `az` can mount `fs`: its DNS name resolves only where it has a mount target. */
export function hasMountTarget(fs: EfsFileSystemSpec, az: string): boolean {
  return fs.mountTargetAzs.includes(az);
}

/** The file system's regional DNS name, which efs-utils resolves (`fs-12345678.efs.us-east-1.amazonaws.com`). */
export function efsDnsName(fileSystemId: string, region: string): string {
  return `${fileSystemId}.efs.${region}.amazonaws.com`;
}
