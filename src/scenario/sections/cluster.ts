/**
 * The cluster's own settings: platform, region and zones, the keys that belong to the other
 * platform, CoreDNS, the kube-scheduler profile and the remaining cluster-wide switches.
 */
import type { Platform } from '../../model/simulation-spec.js';
import { DEFAULT_PROFILE, type SchedulerProfileSpec } from '../../model/pod-scheduling-spec.js';
import { SchedulerConfigError } from '../../policy/kube/args.js';
import { compileProfile } from '../../policy/kube/registry.js';
import type { PlacementRegistry } from '../../policy/placement-registry.js';
import type { Scenario } from '../schema.js';
import { DEFAULT_REGION, type SchedulerProfile } from '../schema/cluster.js';
import type { Static } from '../schema/fields.js';
import type { Problems } from './problems.js';

type RawCluster = Scenario['cluster'];

/** What every other section needs to know about the cluster. */
export interface ClusterBasics {
  readonly platform: Platform;
  readonly region: string;
  readonly availabilityZones: readonly string[];
}

/** Three AZs when none are given: the layout AWS recommends for production and EKS requires at least two of. */
export function defaultAvailabilityZones(region: string): string[] {
  return [`${region}a`, `${region}b`, `${region}c`];
}

/** Keys of `cluster` that only one platform has, with the platform's name as messages say it. */
const PLATFORM_KEYS: readonly { readonly key: keyof RawCluster; readonly platform: Platform; readonly name: string }[] = [
  { key: 'autoScalingGroups', platform: 'ecs', name: 'ECS' },
  { key: 'nodeGroups', platform: 'eks', name: 'EKS' },
  { key: 'cni', platform: 'eks', name: 'EKS' },
  { key: 'coreDns', platform: 'eks', name: 'EKS' },
  { key: 'karpenter', platform: 'eks', name: 'EKS' },
  { key: 'clusterAutoscaler', platform: 'eks', name: 'EKS' },
  { key: 'awsvpcTrunking', platform: 'ecs', name: 'ECS' },
  { key: 'capacityProviders', platform: 'ecs', name: 'ECS' },
  { key: 'fargateProfiles', platform: 'eks', name: 'EKS' },
  { key: 'persistentVolumes', platform: 'eks', name: 'EKS' },
];

/**
 * Region, zones and platform; reports zones outside the region and keys (or sections) that
 * belong to the other platform.
 */
export function compileClusterBasics(scenario: Scenario, problems: Problems): ClusterBasics {
  const cluster = scenario.cluster;
  const platform = cluster.platform;
  const region = cluster.region ?? DEFAULT_REGION;
  const availabilityZones = cluster.availabilityZones ?? defaultAvailabilityZones(region);
  availabilityZones.forEach((az, i) => {
    if (!az.startsWith(region)) problems.report(['cluster', 'availabilityZones', i], `availability zone '${az}' is not in region ${region}`);
  });
  for (const { key, platform: owner, name } of PLATFORM_KEYS) {
    if (owner !== platform && cluster[key] !== undefined) problems.report(['cluster', key], `'${key}' is for ${name} clusters; this one is ${platform}`);
  }
  if (platform === 'ecs' && scenario.workloads !== undefined) problems.report(['workloads'], 'Kubernetes workloads need platform: eks');
  if (platform === 'eks' && scenario.services !== undefined) problems.report(['services'], 'ECS services need platform: ecs (use workloads on EKS)');
  return { platform, region, availabilityZones };
}

/** EKS runs CoreDNS unless `coreDns: false`; its replicas, when given. */
export function coreDnsSetting(cluster: RawCluster, platform: Platform): { readonly enabled: boolean; readonly replicas: number | undefined } {
  const setting = cluster.coreDns;
  return { enabled: platform === 'eks' && setting !== false, replicas: typeof setting === 'object' ? setting.replicas : undefined };
}

/** cluster.scheduler: the default profile, or the plugins given; checked by the plugin registry (the run's, which may hold loaded plugins). */
export function compileSchedulerProfile(raw: Static<typeof SchedulerProfile> | undefined, problems: Problems, registry?: PlacementRegistry): SchedulerProfileSpec {
  if (raw === undefined) return DEFAULT_PROFILE;
  const profile: SchedulerProfileSpec = {
    schedulerName: raw.schedulerName ?? DEFAULT_PROFILE.schedulerName,
    plugins: raw.plugins ?? DEFAULT_PROFILE.plugins,
    pluginConfig: raw.pluginConfig ?? [],
    ...(raw.percentageOfNodesToScore === undefined ? {} : { percentageOfNodesToScore: raw.percentageOfNodesToScore }),
  };
  try {
    compileProfile(profile, registry?.kubePlugins);
  } catch (error) {
    if (!(error instanceof SchedulerConfigError)) throw error;
    problems.report(['cluster', 'scheduler'], error.message);
  }
  return profile;
}
