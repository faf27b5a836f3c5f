/** The hosts of a cluster: ECS Auto Scaling groups and capacity providers, EKS managed node groups. */
import { MANAGED_SCALING_DEFAULTS as MS } from '../../model/capacity-provider.js';
import { DEFAULT_ECS_IMAGE_PULL_BEHAVIOR, ECS_IMAGE_PULL_BEHAVIORS } from '../../model/image-pull-policy.js';
import { INSTANCES_DISTRIBUTION_DEFAULTS } from '../../model/mixed-instances-policy.js';
import { Closed, Count, ItemLimit, Limit, Optional, StringEnum, StringMap, Strings, Type } from './fields.js';

export const CapacityProviderStrategyItem = Closed({
  capacityProvider: Type.String({ description: 'A capacity provider of the cluster, or FARGATE / FARGATE_SPOT.' }),
  base: Optional(Count({ ...Limit(100_000, 'the ECS API range of base'), description: 'Tasks placed on this provider first (at most one item may set it).', default: 0 })),
  weight: Optional(Count({ ...Limit(1_000, 'the ECS API range of weight'), description: 'Relative share after the bases (ECS requires > 0 on one item).', default: 0 })),
});

export const CapacityProviderStrategy = (description: string) =>
  Type.Array(CapacityProviderStrategyItem, { minItems: 1, maxItems: 6, description });

const D = INSTANCES_DISTRIBUTION_DEFAULTS;

export const MixedInstancesPolicy = Closed(
  {
    launchTemplate: Closed(
      {
        overrides: Type.Array(Closed({ instanceType: Type.String({ description: 'An EC2 instance type, e.g. m5a.xlarge.' }) }), {
          minItems: 1,
          ...ItemLimit(40, 'EC2 Auto Scaling: at most 40 overrides'),
          description: "The group's instance types, in priority order (they replace the launch template's type).",
        }),
      },
      { description: "The launch template's overrides." },
    ),
    instancesDistribution: Optional(
      Closed(
        {
          onDemandAllocationStrategy: Optional(
            StringEnum(['lowest-price', 'prioritized'], { description: 'lowest-price: cheapest type first; prioritized: the overrides in order.', default: D.onDemandAllocationStrategy }),
          ),
          onDemandBaseCapacity: Optional(Count({ description: 'The first instances, all On-Demand.', default: D.onDemandBaseCapacity })),
          onDemandPercentageAboveBaseCapacity: Optional(
            Type.Integer({ minimum: 0, maximum: 100, description: 'On-Demand percent of the instances above the base (the rest Spot), rounded toward On-Demand.', default: D.onDemandPercentageAboveBaseCapacity }),
          ),
          spotAllocationStrategy: Optional(
            StringEnum(['price-capacity-optimized', 'capacity-optimized', 'capacity-optimized-prioritized', 'lowest-price'], {
              description: 'How Spot types are chosen; fleetsim models no Spot pool depths, so all but capacity-optimized-prioritized (the overrides in order) go cheapest first.',
              default: D.spotAllocationStrategy,
            }),
          ),
        },
        { description: 'On-Demand and Spot: the split and how each picks its type.' },
      ),
    ),
  },
  {
    description:
      'Several instance types (and Spot) for the group (Amazon EC2 Auto Scaling MixedInstancesPolicy). When EC2 has no capacity for a type in an AZ (InsufficientInstanceCapacity) the group tries its next type there, then its other AZs (docs/models.md, "EC2 capacity errors").',
  },
);

export const AutoScalingGroup = Closed({
  name: Type.String({ minLength: 1, description: 'Group name, unique in the cluster.' }),
  instanceType: Optional(Type.String({ description: 'EC2 instance type, e.g. m5.xlarge (or give mixedInstancesPolicy).' })),
  mixedInstancesPolicy: Optional(MixedInstancesPolicy),
  desiredCapacity: Count({ description: 'Instances at the start; up and registered at t=0, spread round-robin over the AZs.' }),
  minSize: Optional(Count({ description: 'The fewest instances.', default: 0 })),
  maxSize: Optional(Count({ description: 'The most instances. Default: desiredCapacity (set it to let the group grow).' })),
  attributes: Optional(StringMap({ description: 'ECS custom attributes of the container instances (for memberOf and spread).' })),
  availabilityZones: Optional(Strings({ minItems: 1, description: "Defaults to the cluster's AZs." })),
  cachedImages: Optional(Strings({ description: 'Images already on the instances (baked into the AMI or pre-pulled).' })),
  imagePullBehavior: Optional(
    StringEnum(ECS_IMAGE_PULL_BEHAVIORS, {
      description:
        "The container agent's ECS_IMAGE_PULL_BEHAVIOR on the instances (ecs.config). default: pull remotely, and use the cached image if the pull fails (after the failed attempt); always: pull remotely, a failed pull fails the task; once: pull only an image no task on the instance pulled (an image baked into the AMI is pulled once); prefer-cached: pull only an image the instance lacks. A cached image is resolved, not downloaded again.",
      default: DEFAULT_ECS_IMAGE_PULL_BEHAVIOR,
    }),
  ),
  spotInstanceDraining: Optional(
    Type.Boolean({
      description:
        "The ECS agent's ECS_ENABLE_SPOT_INSTANCE_DRAINING on the group's instances: on EC2's two-minute Spot interruption notice ECS sets the container instance to DRAINING and the service scheduler replaces its tasks elsewhere. false (the agent's default): the tasks run until EC2 interrupts the instance, and stop with it.",
      default: false,
    }),
  ),
});

export const TaintEffect = StringEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { description: 'What the taint does to pods that do not tolerate it.' });

/** A list of Kubernetes taints (core/v1 Taint). */
export const Taints = (description: string) =>
  Type.Array(Closed({ key: Type.String({ description: 'Taint key.' }), value: Optional(Type.String({ description: 'Taint value.' })), effect: TaintEffect }), { description });

export const NodeGroup = Closed({
  name: Type.String({ minLength: 1, description: 'Node group name, unique in the cluster.' }),
  instanceType: Optional(Type.String({ description: 'EC2 instance type, e.g. c5.4xlarge (or give instanceTypes).' })),
  instanceTypes: Optional(
    Strings({
      minItems: 1,
      description:
        'Several instance types (the EKS API\'s instanceTypes): On-Demand groups try them in order (prioritized), Spot groups cheapest first; a type EC2 has no capacity for in an AZ (InsufficientInstanceCapacity) is skipped for the next.',
    }),
  ),
  capacityType: Optional(StringEnum(['ON_DEMAND', 'SPOT'], { description: "The node group's capacity type.", default: 'ON_DEMAND' })),
  desiredSize: Count({ description: 'Nodes at the start; up and Ready at t=0, spread round-robin over the AZs.' }),
  minSize: Optional(Count({ description: 'The fewest nodes.', default: 0 })),
  maxSize: Optional(Count({ description: 'The most nodes. Default: desiredSize (set it to let the group grow).' })),
  availabilityZones: Optional(Strings({ minItems: 1, description: "Defaults to the cluster's AZs." })),
  managed: Optional(
    Type.Boolean({
      description:
        'true: an EKS managed node group, whose kubelet maxPods EKS caps at 110 for types with fewer than 30 vCPUs and at 250 for the rest. false: a self-managed node group (your own Auto Scaling group and AMI), without that cap.',
      default: true,
    }),
  ),
  maxPods: Optional(
    Type.Integer({
      minimum: 1,
      description: "kubelet --max-pods (default: the VPC CNI's figure for the type and CNI mode, under the managed node group cap). A managed node group rejects a value above its cap.",
    }),
  ),
  labels: Optional(StringMap({ description: 'Kubernetes labels on the nodes (besides the well-known ones).' })),
  taints: Optional(Taints('Taints on the nodes.')),
  cachedImages: Optional(Strings({ description: 'Images already on the nodes (baked into the AMI or pre-pulled).' })),
  nodeTerminationHandler: Optional(
    Type.Boolean({
      description:
        "A self-managed node group (managed: false) whose Spot nodes the AWS Node Termination Handler cordons and drains on EC2's two-minute interruption notice. false: nothing drains them and their pods stop when EC2 interrupts the instance. A managed node group's Spot nodes are drained by EKS either way.",
      default: false,
    }),
  ),
});

export const CapacityProvider = Closed({
  name: Type.String({ minLength: 1, description: 'Capacity provider name (not FARGATE or FARGATE_SPOT).' }),
  autoScalingGroup: Type.String({ description: 'The Auto Scaling group (cluster.autoScalingGroups) behind it.' }),
  managedScaling: Optional(
    Closed(
      {
        status: Optional(StringEnum(['ENABLED', 'DISABLED'], { description: 'DISABLED: the provider does not scale its group.', default: 'ENABLED' })),
        targetCapacity: Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Target CapacityProviderReservation percent.', default: MS.targetCapacity })),
        minimumScalingStepSize: Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'Fewest instances one scale-out adds.', default: MS.minimumScalingStepSize })),
        maximumScalingStepSize: Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'Most instances one scale-out adds.', default: MS.maximumScalingStepSize })),
        instanceWarmupPeriod: Optional(Type.Integer({ minimum: 0, maximum: 10000, description: 'Seconds before a new instance counts in the metric.', default: MS.instanceWarmupMs / 1000 })),
      },
      { description: 'Managed scaling: the provider scales its group to the target capacity (absent: no managed scaling).' },
    ),
  ),
  managedTerminationProtection: Optional(StringEnum(['ENABLED', 'DISABLED'], { description: 'ENABLED: scale-in spares instances with tasks.', default: 'DISABLED' })),
  managedDraining: Optional(
    StringEnum(['ENABLED', 'DISABLED'], {
      description: 'Managed instance draining. ENABLED: ECS drains an instance Auto Scaling terminates (scale-in, AZRebalance) before it goes, for up to 48 hours; DISABLED: it is terminated with its tasks.',
      default: 'ENABLED',
    }),
  ),
});
