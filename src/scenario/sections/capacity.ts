/**
 * The cluster's hosts: ECS Auto Scaling groups or EKS managed node groups, ECS capacity
 * providers, and capacity provider strategies (the cluster's default and each service's).
 */
import { FARGATE, FARGATE_SPOT, isFargateProvider, MANAGED_SCALING_DEFAULTS, type CapacityProviderSpec, type CapacityProviderStrategyItem } from '../../model/capacity-provider.js';
import type { InstanceType } from '../../model/catalog/instance-type.js';
import { findInstanceType } from '../../model/catalog/instance-types.js';
import { INSTANCES_DISTRIBUTION_DEFAULTS, type MixedInstancesPolicy } from '../../model/mixed-instances-policy.js';
import type { CniSettings } from '../../model/network/cni-settings.js';
import { MANAGED_NODE_GROUP_VCPU_THRESHOLD, managedNodeGroupMaxPodsCeiling } from '../../model/network/max-pods.js';
import type { AutoScalingGroupSpec, SubnetSpec } from '../../model/simulation-spec.js';
import type { Scenario } from '../schema.js';
import type { CapacityProviderStrategyItem as RawStrategyItem } from '../schema/capacity.js';
import type { Static } from '../schema/fields.js';
import type { ClusterBasics } from './cluster.js';
import { checkAz, nearest, uniqueNames, type Path, type Problems } from './problems.js';
import { EKS_NODES_PER_MANAGED_NODE_GROUP } from '../limits.js';

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
    const types = groupInstanceTypes(g, path, problems);
    if (types === null) return;
    const found = { type: types.instanceType };
    const groupAzs = g.availabilityZones ?? azs;
    groupAzs.forEach((az, j) => {
      if (!checkAz(az, azs, [...path, 'availabilityZones', j], problems)) return;
      if (subnets.length > 0 && !subnets.some((x) => x.az === az)) problems.report([...path, 'availabilityZones', j], `no subnet in ${az}: add one under cluster.vpc.subnets`);
    });
    for (const type of types.policy?.instanceTypes ?? [found.type]) {
      if (cni.prefixDelegation && eks && !type.nitro) problems.report([...path, types.key], `${type.name} is not built on Nitro, so it cannot use prefix delegation`);
    }
    const managedNodeGroup = eks && !('managed' in g && g.managed === false);
    if (managedNodeGroup && 'nodeTerminationHandler' in g && g.nodeTerminationHandler === true) {
      problems.report([...path, 'nodeTerminationHandler'], 'EKS drains the Spot nodes of a managed node group itself: nodeTerminationHandler is for self-managed node groups (managed: false)');
    }
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
    if (managedNodeGroup && maxSize > EKS_NODES_PER_MANAGED_NODE_GROUP) {
      problems.report(
        [...path, g.maxSize === undefined ? sizeKey : 'maxSize'],
        `${g.maxSize === undefined ? sizeKey : 'maxSize'} ${maxSize} is above the Amazon EKS quota "Nodes per managed node group" (${EKS_NODES_PER_MANAGED_NODE_GROUP}): EKS refuses it (CreateNodegroup, UpdateNodegroupConfig); split the nodes over several node groups, or set managed: false for a self-managed node group`,
      );
    }
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
      ...('imagePullBehavior' in g && g.imagePullBehavior !== undefined ? { imagePullBehavior: g.imagePullBehavior } : {}),
      ...(types.policy === null ? {} : { mixedInstancesPolicy: types.policy }),
      ...('attributes' in g && g.attributes !== undefined ? { attributes: g.attributes } : {}),
      ...('labels' in g && g.labels !== undefined ? { labels: g.labels } : {}),
      ...('taints' in g && g.taints !== undefined ? { taints: g.taints } : {}),
      ...('spotInstanceDraining' in g && g.spotInstanceDraining !== undefined ? { spotInstanceDraining: g.spotInstanceDraining } : {}),
      ...('nodeTerminationHandler' in g && g.nodeTerminationHandler !== undefined ? { nodeTerminationHandler: g.nodeTerminationHandler } : {}),
    });
  });
  uniqueNames(groups.map((g) => g.name), (i) => ['cluster', groupKey, i, 'name'], eks ? 'node group' : 'Auto Scaling group', problems);
  return groups;
}

type RawGroup = NonNullable<RawCluster['autoScalingGroups']>[number] | NonNullable<RawCluster['nodeGroups']>[number];

/**
 * A group's instance types: `instanceType`, or several (an ECS group's `mixedInstancesPolicy`,
 * an EKS node group's `instanceTypes` and `capacityType`, which EKS runs as a mixed instances
 * policy: On-Demand prioritized, Spot price-capacity-optimized). Null when none is usable (the
 * problem reported); `key` is the field the types came from, for later messages.
 */
function groupInstanceTypes(g: RawGroup, path: Path, problems: Problems): { instanceType: InstanceType; policy: MixedInstancesPolicy | null; key: string } | null {
  const mixed = 'mixedInstancesPolicy' in g ? g.mixedInstancesPolicy : undefined;
  const eksTypes = 'instanceTypes' in g ? g.instanceTypes : undefined;
  const key = mixed !== undefined ? 'mixedInstancesPolicy' : eksTypes !== undefined ? 'instanceTypes' : 'instanceType';
  if (key !== 'instanceType' && g.instanceType !== undefined) {
    problems.report([...path, 'instanceType'], `give instanceType or ${key}, not both`);
    return null;
  }
  const names = mixed !== undefined ? mixed.launchTemplate.overrides.map((o) => o.instanceType) : eksTypes !== undefined ? eksTypes : g.instanceType === undefined ? [] : [g.instanceType];
  if (names.length === 0) {
    problems.report(path, `missing required key 'instanceType'`);
    return null;
  }
  const types: InstanceType[] = [];
  names.forEach((name, j) => {
    const found = findInstanceType(name);
    const at: Path = mixed !== undefined ? [...path, key, 'launchTemplate', 'overrides', j, 'instanceType'] : eksTypes !== undefined ? [...path, key, j] : [...path, key];
    if (!found.ok) problems.report(at, found.message);
    else if (types.includes(found.type)) problems.report(at, `${name} is listed twice`);
    else types.push(found.type);
  });
  if (types.length !== names.length) return null;
  const spot = 'capacityType' in g && g.capacityType === 'SPOT';
  if (mixed === undefined && eksTypes === undefined && !spot) return { instanceType: types[0]!, policy: null, key };
  const d = INSTANCES_DISTRIBUTION_DEFAULTS;
  const dist = mixed?.instancesDistribution ?? {};
  const policy: MixedInstancesPolicy =
    mixed !== undefined
      ? {
          instanceTypes: types,
          onDemandAllocationStrategy: dist.onDemandAllocationStrategy ?? d.onDemandAllocationStrategy,
          onDemandBaseCapacity: dist.onDemandBaseCapacity ?? d.onDemandBaseCapacity,
          onDemandPercentageAboveBaseCapacity: dist.onDemandPercentageAboveBaseCapacity ?? d.onDemandPercentageAboveBaseCapacity,
          spotAllocationStrategy: dist.spotAllocationStrategy ?? d.spotAllocationStrategy,
        }
      : // EKS managed node groups: On-Demand uses the prioritized strategy (the list's order), Spot price-capacity-optimized (EKS User Guide, "Managed node group capacity types").
        { instanceTypes: types, onDemandAllocationStrategy: 'prioritized', onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: spot ? 0 : 100, spotAllocationStrategy: 'price-capacity-optimized' };
  return { instanceType: types[0]!, policy, key };
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
      managedDraining: cp.managedDraining !== 'DISABLED',
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
