/** ECS managed EBS volumes: a task definition's configuredAtLaunch volume and the service's volumeConfigurations. */
import type { EbsVolumeType } from '../../model/params/ebs.js';
import type { ManagedEbsVolumeSpec } from '../../model/volumes.js';
import type { Static } from '../schema/fields.js';
import type { Service } from '../schema/services.js';
import type { Path, Problems } from './problems.js';

/** The smallest size of each type (Amazon EBS user guide, "Amazon EBS volume types"; ECS checks it at CreateService). */
const MIN_SIZE_GIB: Readonly<Record<EbsVolumeType, number>> = { gp3: 1, gp2: 1, io1: 4, io2: 4, st1: 125, sc1: 125 };
/** The largest size of each type (the same guide: 16 TiB, io2 Block Express 64 TiB). */
const MAX_SIZE_GIB: Readonly<Record<EbsVolumeType, number>> = { gp3: 16_384, gp2: 16_384, io1: 16_384, io2: 65_536, st1: 16_384, sc1: 16_384 };

/**
 * The service's managed EBS volume (docs/models.md, "ECS EBS volumes"), checked as CreateService
 * checks it: a task definition volume with `configuredAtLaunch` needs a volume configuration of
 * that name, a configuration must name such a volume, and a task takes one such volume.
 * The messages are fleetsim's (ECS answers InvalidParameterException; its wording is not documented).
 */
export function compileManagedEbsVolume(s: Static<typeof Service>, path: Path, problems: Problems): ManagedEbsVolumeSpec | undefined {
  const atLaunch = (s.taskDefinition.volumes ?? []).map((v, j) => ({ v, j })).filter((x) => x.v.configuredAtLaunch === true);
  const configs = s.volumeConfigurations ?? [];
  const volumesPath = [...path, 'taskDefinition', 'volumes'];
  for (const { v, j } of atLaunch) {
    if (v.efsVolumeConfiguration !== undefined) problems.report([...volumesPath, j, 'configuredAtLaunch'], 'a volume configured at launch is an Amazon EBS volume: it takes no efsVolumeConfiguration');
  }
  if (atLaunch.length > 1) problems.report([...volumesPath, atLaunch[1]!.j, 'configuredAtLaunch'], 'ECS attaches one Amazon EBS volume per task: only one task definition volume may be configuredAtLaunch');
  for (const { v, j } of atLaunch) {
    if (!configs.some((c) => c.name === v.name)) problems.report([...volumesPath, j, 'configuredAtLaunch'], `volume '${v.name}' is configured at launch: the service needs a volumeConfigurations entry named '${v.name}' with a managedEBSVolume`);
  }
  const config = configs[0];
  if (config === undefined) return undefined;
  const configPath = [...path, 'volumeConfigurations', 0];
  if (!atLaunch.some((x) => x.v.name === config.name)) {
    problems.report([...configPath, 'name'], `no task definition volume '${config.name}' with configuredAtLaunch: true (a volume configuration must match such a volume's name)`);
    return undefined;
  }
  const m = config.managedEBSVolume;
  const volumeType = m.volumeType ?? 'gp3';
  const ebsPath = [...configPath, 'managedEBSVolume'];
  if (m.sizeInGiB === undefined) {
    problems.report([...ebsPath, 'sizeInGiB'], m.snapshotId === undefined ? 'sizeInGiB is required without a snapshotId' : "fleetsim needs sizeInGiB to bill a volume created from a snapshot (the snapshot's size)");
    return undefined;
  }
  if (m.sizeInGiB < MIN_SIZE_GIB[volumeType] || m.sizeInGiB > MAX_SIZE_GIB[volumeType]) {
    problems.report([...ebsPath, 'sizeInGiB'], `${volumeType} volumes are ${MIN_SIZE_GIB[volumeType]}-${MAX_SIZE_GIB[volumeType]} GiB, got ${m.sizeInGiB}`);
  }
  if (m.throughput !== undefined && volumeType !== 'gp3') problems.report([...ebsPath, 'throughput'], `throughput is a gp3 setting, not ${volumeType}`);
  if (m.iops !== undefined && (volumeType === 'st1' || volumeType === 'sc1' || volumeType === 'gp2')) problems.report([...ebsPath, 'iops'], `iops is set for gp3, io1 and io2 volumes, not ${volumeType}`);
  return { name: config.name, volumeType, sizeGiB: m.sizeInGiB, deleteOnTermination: m.terminationPolicy?.deleteOnTermination ?? true };
}
