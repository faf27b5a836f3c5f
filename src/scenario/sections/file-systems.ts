/**
 * EFS in a scenario (docs/models.md, "EFS volumes"): the cluster's file systems with the AZs of
 * their mount targets, and the EFS volumes of ECS task definitions, checked as RegisterTaskDefinition
 * checks EFSVolumeConfiguration (ECS API Reference, EFSVolumeConfiguration and
 * EFSAuthorizationConfig: an access point or IAM authorization needs transit encryption; with an
 * access point the root directory is omitted or '/').
 */
import type { EfsFileSystemSpec, EfsVolumeSpec } from '../../model/efs.js';
import type { ServiceSpec } from '../../model/simulation-spec.js';
import type { EfsFileSystem, EfsPersistentVolume } from '../schema/cluster.js';
import type { PodVolume } from '../schema/workloads.js';
import type { Static } from '../schema/fields.js';
import type { Volume } from '../schema/task-definition.js';
import { parseByteQuantity } from '../units.js';
import { checkAz, nearest, uniqueNames, type Path, type Problems } from './problems.js';

type RawFileSystem = Static<typeof EfsFileSystem>;
type RawVolume = Static<typeof Volume>;
type RawPersistentVolume = Static<typeof EfsPersistentVolume>;
type RawPodVolume = Static<typeof PodVolume>;

/** `cluster.fileSystems`: each file system with its mount targets' AZs (one of the cluster's each, no AZ twice). */
export function compileFileSystems(raw: readonly RawFileSystem[] | undefined, availabilityZones: readonly string[], problems: Problems): EfsFileSystemSpec[] {
  const list = raw ?? [];
  const path = (i: number): Path => ['cluster', 'fileSystems', i];
  uniqueNames(list.map((f) => f.fileSystemId), (i) => [...path(i), 'fileSystemId'], 'file system', problems);
  return list.map((f, i) => {
    const mountTargets = f.mountTargets ?? availabilityZones;
    mountTargets.forEach((az, k) => checkAz(az, availabilityZones, [...path(i), 'mountTargets', k], problems));
    const mib = f.storedData === undefined ? 0 : problems.need(parseByteQuantity(f.storedData), [...path(i), 'storedData']);
    return { id: f.fileSystemId, throughputMode: f.throughputMode ?? 'elastic', mountTargetAzs: mountTargets, storedGiB: mib / 1024 };
  });
}

/** A task definition's EFS volumes (bind mounts are left out: they change nothing fleetsim models). */
export function compileEfsVolumes(raw: readonly RawVolume[] | undefined, path: Path, problems: Problems): EfsVolumeSpec[] {
  const list = raw ?? [];
  uniqueNames(list.map((v) => v.name), (k) => [...path, k, 'name'], 'volume', problems);
  const volumes: EfsVolumeSpec[] = [];
  list.forEach((v, k) => {
    const efs = v.efsVolumeConfiguration;
    if (efs === undefined) return;
    const at: Path = [...path, k, 'efsVolumeConfiguration'];
    const tls = efs.transitEncryption === 'ENABLED';
    const accessPoint = efs.authorizationConfig?.accessPointId ?? null;
    if (accessPoint !== null && !tls) problems.report([...at, 'transitEncryption'], 'Transit encryption must be enabled when an access point is used (authorizationConfig.accessPointId)');
    if (efs.authorizationConfig?.iam === 'ENABLED' && !tls) problems.report([...at, 'transitEncryption'], 'Transit encryption must be enabled when IAM authorization is used (authorizationConfig.iam ENABLED)');
    const root = efs.rootDirectory ?? '/';
    if (accessPoint !== null && root !== '/') problems.report([...at, 'rootDirectory'], "rootDirectory must be omitted or '/' when an access point is used: the access point's path is the root");
    volumes.push({ name: v.name, fileSystemId: efs.fileSystemId, rootDirectory: root, transitEncryption: tls, accessPointId: accessPoint });
  });
  return volumes;
}

/**
 * Every EFS volume of the services names one of the cluster's file systems. `pathOf(service,
 * volume)`: where the volume's file system id was written.
 */
export function checkVolumeFileSystems(services: readonly ServiceSpec[], fileSystems: readonly EfsFileSystemSpec[], pathOf: (service: number, volume: string) => Path | null, problems: Problems): void {
  const ids = new Set(fileSystems.map((f) => f.id));
  services.forEach((s, i) => {
    for (const v of s.taskDefinition.efsVolumes ?? []) {
      if (ids.has(v.fileSystemId)) continue;
      const path = pathOf(i, v.name);
      if (path === null) continue;
      const hint = ids.size === 0 ? ': declare it there' : nearest(v.fileSystemId, ids);
      problems.report(path, `EFS file system '${v.fileSystemId}' is not in cluster.fileSystems${hint}`);
    }
  });
}

/**
 * `cluster.persistentVolumes`: each EFS CSI PersistentVolume as the volume a pod mounts, by the
 * name of the claim it is bound to. The volume handle is the driver's
 * `[FileSystemId]:[Subpath]:[AccessPointId]` (kubernetes-sigs/aws-efs-csi-driver, "Static
 * provisioning"); `encryptInTransit` defaults to true, as in the driver.
 */
export function compilePersistentVolumes(raw: readonly RawPersistentVolume[] | undefined, fileSystems: readonly EfsFileSystemSpec[], problems: Problems): Map<string, EfsVolumeSpec> {
  const list = raw ?? [];
  const path = (i: number): Path => ['cluster', 'persistentVolumes', i];
  uniqueNames(list.map((v) => v.name), (i) => [...path(i), 'name'], 'persistent volume', problems);
  uniqueNames(list.map((v) => v.claimRef.name), (i) => [...path(i), 'claimRef', 'name'], 'claim', problems);
  const ids = new Set(fileSystems.map((f) => f.id));
  const claims = new Map<string, EfsVolumeSpec>();
  list.forEach((v, i) => {
    const [fileSystemId = '', subpath = '', accessPoint = ''] = v.csi.volumeHandle.split(':');
    if (!ids.has(fileSystemId)) problems.report([...path(i), 'csi', 'volumeHandle'], `EFS file system '${fileSystemId}' is not in cluster.fileSystems${ids.size === 0 ? ': declare it there' : nearest(fileSystemId, ids)}`);
    const tls = v.csi.volumeAttributes?.encryptInTransit !== 'false';
    if (accessPoint !== '' && !tls) problems.report([...path(i), 'csi', 'volumeAttributes', 'encryptInTransit'], 'an access point needs encryptInTransit: the driver mounts access points over TLS');
    if (!claims.has(v.claimRef.name)) claims.set(v.claimRef.name, { name: v.name, fileSystemId, rootDirectory: subpath === '' ? '/' : subpath, transitEncryption: tls, accessPointId: accessPoint === '' ? null : accessPoint });
  });
  return claims;
}

/**
 * A workload's pod volumes, as the EFS volumes its pods mount: each `persistentVolumeClaim`
 * must name a claim bound to one of `cluster.persistentVolumes`. `path`: the workload's volumes.
 */
export function compilePodVolumes(raw: readonly RawPodVolume[] | undefined, claims: ReadonlyMap<string, EfsVolumeSpec>, path: Path, problems: Problems): EfsVolumeSpec[] {
  const list = raw ?? [];
  uniqueNames(list.map((v) => v.name), (k) => [...path, k, 'name'], 'volume', problems);
  const volumes: EfsVolumeSpec[] = [];
  list.forEach((v, k) => {
    const claim = v.persistentVolumeClaim?.claimName;
    if (claim === undefined) return;
    const bound = claims.get(claim);
    if (bound === undefined) {
      problems.report([...path, k, 'persistentVolumeClaim', 'claimName'], `no persistent volume is bound to claim '${claim}'${claims.size === 0 ? ': add one to cluster.persistentVolumes' : nearest(claim, claims.keys())}`);
      return;
    }
    volumes.push(bound);
  });
  return volumes;
}
