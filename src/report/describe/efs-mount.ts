import { efsDnsName } from '../../model/efs.js';
import type { EfsMountFailure } from '../../model/reasons/stop.js';

/**
 * What amazon-efs-utils prints when the file system's DNS name does not resolve (no mount target
 * in the client's AZ) and its botocore fallback is missing: mount_efs `Failed to resolve ...`
 * (aws/efs-utils issue 90 on the wording; the full stderr as ECS and Copilot users reported it,
 * aws/copilot-cli issue 5419, ydamni/cloud-is-free issue 3).
 */
export function efsResolveError(m: EfsMountFailure): string {
  return (
    `Failed to resolve "${efsDnsName(m.fileSystemId, m.region)}" - check that your file system ID is correct, and ensure that the VPC has an EFS mount target for this file system ID. ` +
    'See https://docs.aws.amazon.com/console/efs/mount-dns-name for more detail. Attempting to lookup mount target ip address using botocore. ' +
    'Failed to import necessary dependency botocore, please install botocore first.'
  );
}

/**
 * ECS's stoppedReason for a task whose EFS volume could not be mounted. Fargate (platform 1.4.0
 * and later): `ResourceInitializationError: failed to invoke EFS utils commands to set up EFS
 * volumes: stderr: ... : unsuccessful EFS utils command execution; code: 1` (aws/copilot-cli
 * issue 5419). The agent on EC2 creates a Docker volume with the ECS volume plugin, whose error
 * names the volume it was creating (`ecs-<family>-<revision>-<volume>-<id>`; ydamni/cloud-is-free
 * issue 3) and which the agent reports as CannotCreateVolumeError.
 */
export function efsMountStoppedReason(m: EfsMountFailure): string {
  if (m.fargate) return `ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: ${efsResolveError(m)} : unsuccessful EFS utils command execution; code: 1`;
  return `CannotCreateVolumeError: Error response from daemon: create ecs-${m.family}-${m.revision}-${m.volume}-${m.task.replace(/[^0-9a-z]/gi, '')}: VolumeDriver.Create: mounting volume failed: ${efsResolveError(m)}`;
}

/**
 * kubelet's FailedMount event for a pod whose EFS CSI volume could not be mounted: the node
 * plugin runs `mount -t efs` and returns its output (kubernetes-sigs/aws-efs-csi-driver
 * pkg/driver/mounter: "Could not mount %q at %q: %v"; the event as `kubectl describe pod` shows
 * it, AWS re:Post "cannot mount efs persistent volume claim using eks on fargate").
 */
export function efsFailedMountMessage(m: EfsMountFailure): string {
  const source = `${m.fileSystemId}:${m.accessPointId ?? m.rootDirectory}`;
  const target = `/var/lib/kubelet/pods/${m.task}/volumes/kubernetes.io~csi/${m.volume}/mount`;
  const options = m.transitEncryption ? '-t efs -o tls' : '-t efs';
  return (
    `MountVolume.SetUp failed for volume "${m.volume}" : rpc error: code = Internal desc = Could not mount "${source}" at "${target}": mount failed: exit status 1 ` +
    `Mounting command: mount Mounting arguments: ${options} ${source} ${target} Output: ${efsResolveError(m)}`
  );
}
