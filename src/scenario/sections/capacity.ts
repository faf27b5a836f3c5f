/**
 * The cluster's hosts: ECS Auto Scaling groups or EKS managed node groups, ECS capacity
 * providers, and capacity provider strategies (the cluster's default and each service's).
 */
import { FARGATE, FARGATE_SPOT, isFargateProvider, MANAGED_SCALING_DEFAULTS, type CapacityProviderSpec, type CapacityProviderStrategyItem } from '../../model/capacity-provider.js';
import { findInstanceType } from '../../model/catalog/instance-types.js';
import type { CniSettings } from '../../model/network/cni-settings.js';
import { MANAGED_NODE_GROUP_VCPU_THRESHOLD, managedNodeGroupMaxPodsCeiling } from '../../model/network/max-pods.js';
import type { AutoScalingGroupSpec, SubnetSpec } from '../../model/simulation-spec.js';
import type { Scenario } from '../schema.js';
import type { CapacityProviderStrategyItem as RawStrategyItem } from '../schema/capacity.js';
import type { Static } from '../schema/fields.js';
import type { ClusterBasics } from './cluster.js';
import { checkAz, nearest, uniqueNames, type Path, type Problems } from './problems.js';

type RawCluster = Scenario['cluster'];

/**
 * The groups of the platform (autoScalingGroups on ECS, nodeGroups on EKS): instance types
 * from the catalog, zones that have subnets, sizes within min..max. A group with an unknown
 * instance type is left out (after its problem is reported).
 */
export function compileGroups(raw: RawCluster, cluster: ClusterBasics, subnets: readonly SubnetSpec[], cni: CniSettings, problems: Problems): AutoScalingGroupSpec[] {
  const eks = cluster.platform === 'eks';
  const groupKey = eks ? 'nodeGroups' : 'autoScalingGroups';
  const sizeKey = eks ? 'desiredSize' : 'desiredCapacity';
  const azs = cluster.availabilityZones;
  const rawGroups = (eks ? raw.nodeGroups : raw.autoScalingGroups) ?? [];
  const groups: AutoScalingGroupSpec[] = [];
  rawGroups.forEach((g, i) => {
    const path: Path = ['cluster', groupKey, i];
    const found = findInstanceType(g.instanceType);
    if (!found.ok) {
      problems.report([...path, 'instanceType'], found.message);
      return;
    }
    const groupAzs = g.availabilityZones ?? azs;
    groupAzs.forEach((az, j) => {
      if (!checkAz(az, azs, [...path, 'availabilityZones', j], problems)) return;
      if (subnets.length > 0 && !subnets.some((x) => x.az === az)) problems.report([...path, 'availabilityZones', j], `no subnet in ${az}: add one under cluster.vpc.subnets`);
    });
    if (cni.prefixDelegation && eks && !found.type.nitro) problems.report([...path, 'instanceType'], `${found.type.name} is not built on Nitro, so it cannot use prefix delegation`);
    const managedNodeGroup = eks && !('managed' in g && g.managed === false);
    if (managedNodeGroup && 'maxPods' in g && g.maxPods !== undefined) {
      const ceiling = managedNodeGroupMaxPodsCeiling(found.type.vcpu);
      if (g.maxPods > ceiling) {
        problems.report(
          [...path, 'maxPods'],
          `EKS managed node groups cap maxPods at ${ceiling} for ${found.type.name} (${found.type.vcpu} vCPUs; 110 below ${MANAGED_NODE_GROUP_VCPU_THRESHOLD}, else 250): lower it, or set managed: false for a self-managed node group`,
        );
      }
    }
    const desiredCapacity = 'desiredSize' in g ? g.desiredSize : g.desiredCapacity;
    const minSize = g.minSize ?? 0;
    const maxSize = g.maxSize ?? Math.max(desiredCapacity, minSize);
    if (minSize > maxSize) problems.report([...path, 'minSize'], `minSize ${minSize} is above maxSize ${maxSize}`);
    if (desiredCapacity < minSize || desiredCapacity > maxSize) problems.report([...path, sizeKey], `${sizeKey} ${desiredCapacity} is outside minSize..maxSize (${minSize}..${maxSize})`);
    groups.push({
      name: g.name,
      instanceType: found.type,
      desiredCapacity,
      minSize,
      maxSize,
      availabilityZones: groupAzs,
      ...('maxPods' in g && g.maxPods !== undefined ? { maxPods: g.maxPods } : {}),
      ...(eks ? { managedNodeGroup } : {}),
      ...(g.cachedImages === undefined ? {} : { cachedImages: g.cachedImages }),
      ...('attributes' in g && g.attributes !== undefined ? { attributes: g.attributes } : {}),
      ...('labels' in g && g.labels !== undefined ? { labels: g.labels } : {}),
      ...('taints' in g && g.taints !== undefined ? { taints: g.taints } : {}),
    });
  });
  uniqueNames(groups.map((g) => g.name), (i) => ['cluster', groupKey, i, 'name'], eks ? 'node group' : 'Auto Scaling group', problems);
  return groups;
}

/** The capacity providers and the cluster's default strategy, with a checker for services' own strategies. */
export interface Capacity {
  readonly capacityProviders: readonly CapacityProviderSpec[];
  readonly defaultStrategy: readonly CapacityProviderStrategyItem[];
  /** A strategy's items, checked: known providers, one base at most, no mix of Fargate and EC2, some weight. */
  strategy(raw: readonly Static<typeof RawStrategyItem>[] | undefined, path: Path): CapacityProviderStrategyItem[];
}

/** ECS capacity providers (each backed by one of `groups`) and the cluster's default strategy. */
export function compileCapacity(raw: RawCluster, groups: readonly AutoScalingGroupSpec[], problems: Problems): Capacity {
  const capacityProviders = (raw.capacityProviders ?? []).map((cp, i): CapacityProviderSpec => {
    const path: Path = ['cluster', 'capacityProviders', i];
    const ms = cp.managedScaling;
    if (!groups.some((g) => g.name === cp.autoScalingGroup)) {
      problems.report([...path, 'autoScalingGroup'], `no Auto Scaling group named '${cp.autoScalingGroup}'${nearest(cp.autoScalingGroup, groups.map((g) => g.name))}`);
    }
    if (isFargateProvider(cp.name)) problems.report([...path, 'name'], `'${cp.name}' is reserved for the built-in Fargate capacity provider`);
    const d = MANAGED_SCALING_DEFAULTS;
    return {
      name: cp.name,
      autoScalingGroup: cp.autoScalingGroup,
      managedScaling:
        ms === undefined || ms.status === 'DISABLED'
          ? null
          : {
              targetCapacity: ms.targetCapacity ?? d.targetCapacity,
              minimumScalingStepSize: ms.minimumScalingStepSize ?? d.minimumScalingStepSize,
              maximumScalingStepSize: ms.maximumScalingStepSize ?? d.maximumScalingStepSize,
              instanceWarmupMs: ms.instanceWarmupPeriod === undefined ? d.instanceWarmupMs : ms.instanceWarmupPeriod * 1000,
            },
      managedTerminationProtection: cp.managedTerminationProtection === 'ENABLED',
    };
  });
  const names = capacityProviders.map((c) => c.name);
  uniqueNames(names, (i) => ['cluster', 'capacityProviders', i, 'name'], 'capacity provider', problems);
  const strategy = (items: readonly Static<typeof RawStrategyItem>[] | undefined, path: Path): CapacityProviderStrategyItem[] => {
    const compiled = (items ?? []).map((it, j) => {
      const name = it.capacityProvider;
      if (!isFargateProvider(name) && !names.includes(name)) problems.report([...path, j, 'capacityProvider'], `no capacity provider named '${name}'${nearest(name, [...names, FARGATE, FARGATE_SPOT])}`);
      return { capacityProvider: name, base: it.base ?? 0, weight: it.weight ?? 0 };
    });
    if (compiled.filter((x) => x.base > 0).length > 1) problems.report(path, 'only one capacity provider in a strategy can have a base');
    if (compiled.length > 0 && compiled.every((x) => x.weight === 0) && compiled.every((x) => x.base === 0)) problems.report(path, 'at least one capacity provider needs a weight above 0');
    const fargate = compiled.filter((x) => isFargateProvider(x.capacityProvider)).length;
    if (fargate > 0 && fargate < compiled.length) problems.report(path, 'a strategy cannot mix Fargate and Auto Scaling group capacity providers');
    return compiled;
  };
  const defaultStrategy = strategy(raw.defaultCapacityProviderStrategy, ['cluster', 'defaultCapacityProviderStrategy']);
  return { capacityProviders, defaultStrategy, strategy };
}
