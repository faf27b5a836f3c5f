/**
 * EKS storage (docs/models.md, "Volumes"): the cluster's StorageClasses of the EBS CSI driver
 * and the StatefulSet part of a workload (its volumeClaimTemplates, podManagementPolicy,
 * persistentVolumeClaimRetentionPolicy and updateStrategy).
 */
import type { EbsVolumeType } from '../../model/params/ebs.js';
import { CLAIM_RETENTIONS, DEFAULT_STATEFUL_SET_UPDATE_STRATEGY, RECLAIM_POLICIES, type StatefulSetUpdateStrategy } from '../../model/stateful-set-spec.js';
import type { ServiceSpec } from '../../model/simulation-spec.js';
import type { StatefulSetSpec, StorageClassSpec } from '../../model/volumes.js';
import type { Scenario } from '../schema.js';
import type { Static } from '../schema/fields.js';
import type { Workload } from '../schema/workloads.js';
import { parseKubernetesMemory } from '../units.js';
import { checkAz, uniqueNames, type Path, type Problems } from './problems.js';

/**
 * The StorageClass a scenario without any gets: the EBS CSI driver's class as the EKS user guide
 * creates it (`ebs-sc`, `provisioner: ebs.csi.aws.com`, `volumeBindingMode: WaitForFirstConsumer`),
 * with the driver's default volume type gp3.
 */
export const BUILT_IN_STORAGE_CLASS: StorageClassSpec = Object.freeze({ name: 'ebs-sc', volumeBindingMode: 'WaitForFirstConsumer', volumeType: 'gp3', allowedZones: null, reclaimPolicy: RECLAIM_POLICIES[0] });

export interface StorageClasses {
  readonly byName: ReadonlyMap<string, StorageClassSpec>;
  /** The default class's name (templates without storageClassName use it). */
  readonly defaultName: string;
}

export function compileStorageClasses(raw: Scenario['cluster']['storageClasses'], availabilityZones: readonly string[], problems: Problems): StorageClasses {
  if (raw === undefined || raw.length === 0) return { byName: new Map([[BUILT_IN_STORAGE_CLASS.name, BUILT_IN_STORAGE_CLASS]]), defaultName: BUILT_IN_STORAGE_CLASS.name };
  const byName = new Map<string, StorageClassSpec>();
  let defaultName: string | null = null;
  uniqueNames(raw.map((c) => c.name), (i) => ['cluster', 'storageClasses', i, 'name'], 'StorageClass', problems);
  raw.forEach((c, i) => {
    const path: Path = ['cluster', 'storageClasses', i];
    c.allowedZones?.forEach((z, j) => checkAz(z, availabilityZones, [...path, 'allowedZones', j], problems));
    if (c.default === true) {
      if (defaultName !== null) problems.report([...path, 'default'], `only one StorageClass can be the default (${defaultName} is already)`);
      else defaultName = c.name;
    }
    byName.set(c.name, {
      name: c.name,
      volumeBindingMode: c.volumeBindingMode ?? 'WaitForFirstConsumer',
      volumeType: (c.type ?? 'gp3') as EbsVolumeType,
      allowedZones: c.allowedZones ?? null,
      reclaimPolicy: c.reclaimPolicy ?? RECLAIM_POLICIES[0],
    });
  });
  return { byName, defaultName: defaultName ?? BUILT_IN_STORAGE_CLASS.name };
}

/** The fields only a StatefulSet has, and the Deployment fields a StatefulSet does not (its own: updateStrategy). */
const STATEFUL_SET_ONLY = ['volumeClaimTemplates', 'podManagementPolicy', 'persistentVolumeClaimRetentionPolicy', 'updateStrategy'] as const;
const DEPLOYMENT_ONLY = ['strategy', 'progressDeadlineSeconds'] as const;

/**
 * The workload's StatefulSet part, added to its compiled spec; a Deployment with a StatefulSet's
 * fields (volumeClaimTemplates, podManagementPolicy, persistentVolumeClaimRetentionPolicy,
 * updateStrategy), a StatefulSet with a Deployment's (strategy, progressDeadlineSeconds: the API
 * server knows no such StatefulSet field), or a StatefulSet on Fargate with volumes, is an error.
 */
export function withStatefulSet(spec: ServiceSpec, w: Static<typeof Workload>, i: number, classes: StorageClasses, problems: Problems): ServiceSpec {
  const path: Path = ['workloads', i];
  if (w.kind !== 'StatefulSet') {
    for (const key of STATEFUL_SET_ONLY) if (w[key] !== undefined) problems.report([...path, key], `${key} ${key === 'volumeClaimTemplates' ? 'belong' : 'belongs'} to a StatefulSet: set kind: StatefulSet`);
    return spec;
  }
  for (const key of DEPLOYMENT_ONLY) if (w[key] !== undefined) problems.report([...path, key], `${key} belongs to a Deployment: a StatefulSet rolls out by its updateStrategy`);
  if (spec.launchType === 'FARGATE' && (w.volumeClaimTemplates ?? []).length > 0) problems.report([...path, 'volumeClaimTemplates'], 'EKS Fargate pods cannot mount EBS volumes: run the StatefulSet on EC2 nodes (its namespace matches a Fargate profile)');
  const statefulSet: StatefulSetSpec = {
    podManagementPolicy: w.podManagementPolicy ?? 'OrderedReady',
    volumeClaimTemplates: (w.volumeClaimTemplates ?? []).map((t, j) => {
      const tPath: Path = [...path, 'volumeClaimTemplates', j];
      const storageClassName = t.storageClassName ?? classes.defaultName;
      if (!classes.byName.has(storageClassName)) problems.report([...tPath, 'storageClassName'], `no StorageClass ${storageClassName} (cluster.storageClasses has ${[...classes.byName.keys()].join(', ')})`);
      const mib = problems.need(parseKubernetesMemory(t.storage), [...tPath, 'storage'], 1024);
      if (mib <= 0) problems.report([...tPath, 'storage'], 'must be more than 0');
      return { name: t.name, storageClassName, sizeGiB: Math.max(1, Math.ceil(mib / 1024)) };
    }),
    persistentVolumeClaimRetentionPolicy: {
      whenScaled: w.persistentVolumeClaimRetentionPolicy?.whenScaled ?? CLAIM_RETENTIONS[0],
      whenDeleted: w.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? CLAIM_RETENTIONS[0],
    },
    updateStrategy: updateStrategy(w.updateStrategy, [...path, 'updateStrategy'], problems),
  };
  return { ...spec, statefulSet };
}

/** `updateStrategy`, checked as the API server's StatefulSet validation checks it. */
function updateStrategy(raw: Static<typeof Workload>['updateStrategy'], path: Path, problems: Problems): StatefulSetUpdateStrategy {
  const d = DEFAULT_STATEFUL_SET_UPDATE_STRATEGY;
  const type = raw?.type ?? d.type;
  const ru = raw?.rollingUpdate;
  if (ru === undefined) return type === d.type ? d : { ...d, type };
  if (type !== 'RollingUpdate') problems.report([...path, 'rollingUpdate'], "only allowed for updateStrategy type 'RollingUpdate'");
  const maxUnavailable = ru.maxUnavailable ?? null;
  if (maxUnavailable !== null && (typeof maxUnavailable === 'number' ? maxUnavailable : Number(maxUnavailable.slice(0, -1))) === 0) problems.report([...path, 'rollingUpdate', 'maxUnavailable'], 'must be greater than 0');
  return { type, partition: ru.partition ?? d.partition, maxUnavailable };
}
