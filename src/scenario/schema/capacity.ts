/** The hosts of a cluster: ECS Auto Scaling groups and capacity providers, EKS managed node groups. */
import { MANAGED_SCALING_DEFAULTS as MS } from '../../model/capacity-provider.js';
import { Closed, Count, Limit, Optional, StringEnum, StringMap, Strings, Type } from './fields.js';

export const CapacityProviderStrategyItem = Closed({
  capacityProvider: Type.String({ description: 'A capacity provider of the cluster, or FARGATE / FARGATE_SPOT.' }),
  base: Optional(Count({ ...Limit(100_000, 'the ECS API range of base'), description: 'Tasks placed on this provider first (at most one item may set it).', default: 0 })),
  weight: Optional(Count({ ...Limit(1_000, 'the ECS API range of weight'), description: 'Relative share after the bases (ECS requires > 0 on one item).', default: 0 })),
});

export const CapacityProviderStrategy = (description: string) =>
  Type.Array(CapacityProviderStrategyItem, { minItems: 1, maxItems: 6, description });

export const AutoScalingGroup = Closed({
  name: Type.String({ minLength: 1, description: 'Group name, unique in the cluster.' }),
  instanceType: Type.String({ description: 'EC2 instance type, e.g. m5.xlarge.' }),
  desiredCapacity: Count({ description: 'Instances at the start; up and registered at t=0, spread round-robin over the AZs.' }),
  minSize: Optional(Count({ description: 'The fewest instances.', default: 0 })),
  maxSize: Optional(Count({ description: 'The most instances. Default: desiredCapacity (set it to let the group grow).' })),
  attributes: Optional(StringMap({ description: 'ECS custom attributes of the container instances (for memberOf and spread).' })),
  availabilityZones: Optional(Strings({ minItems: 1, description: "Defaults to the cluster's AZs." })),
  cachedImages: Optional(Strings({ description: 'Images already on the instances (baked into the AMI or pre-pulled).' })),
});

export const TaintEffect = StringEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { description: 'What the taint does to pods that do not tolerate it.' });

export const NodeGroup = Closed({
  name: Type.String({ minLength: 1, description: 'Node group name, unique in the cluster.' }),
  instanceType: Type.String({ description: 'EC2 instance type, e.g. c5.4xlarge.' }),
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
  taints: Optional(
    Type.Array(
      Closed({ key: Type.String({ description: 'Taint key.' }), value: Optional(Type.String({ description: 'Taint value.' })), effect: TaintEffect }),
      { description: 'Taints on the nodes.' },
    ),
  ),
  cachedImages: Optional(Strings({ description: 'Images already on the nodes (baked into the AMI or pre-pulled).' })),
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
});
