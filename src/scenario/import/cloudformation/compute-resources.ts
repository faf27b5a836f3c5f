/**
 * CloudFormation's EC2 capacity for ECS: AWS::AutoScaling::AutoScalingGroup (container
 * instances) with the instance type of its AWS::EC2::LaunchTemplate or
 * AWS::AutoScaling::LaunchConfiguration. The tables are in CloudFormation's own spelling
 * (VPCZoneIdentifier).
 */
import { ECS_IMAGE_PULL_BEHAVIORS, type EcsImagePullBehavior } from '../../../model/image-pull-policy.js';
import { isObject, type Json } from '../account-fields.js';
import { ignored, listOf, MODELLED, nested, TAGS, unmodelled, warnUnless, type Fields } from '../field-rules.js';
import { given } from '../import-context.js';
import { accountedAsIs, type ResourceHandler, type TemplateContext, type TemplateResource } from './template-context.js';

export const INSTANCE_SETUP = ignored('how instances are set up (AMI, IAM, keys, disks, user data, metadata): fleetsim starts them with its instance start-up model');
const GROUP_OPERATIONS = ignored('how the group operates and reports (notifications, metrics, warm-up, health check type): not part of what fleetsim simulates');

export const AUTO_SCALING_GROUP_FIELDS: Fields = {
  AutoScalingGroupName: MODELLED,
  MinSize: MODELLED,
  MaxSize: MODELLED,
  DesiredCapacity: MODELLED,
  LaunchTemplate: nested({ LaunchTemplateId: MODELLED, LaunchTemplateName: MODELLED, Version: ignored('fleetsim reads the template the stack defines') }),
  LaunchConfigurationName: MODELLED,
  VPCZoneIdentifier: MODELLED,
  AvailabilityZones: MODELLED,
  AvailabilityZoneIds: unmodelled('zone IDs map to zone names per account: give AvailabilityZones or VPCZoneIdentifier'),
  MixedInstancesPolicy: nested({
    LaunchTemplate: nested({
      LaunchTemplateSpecification: nested({ LaunchTemplateId: MODELLED, LaunchTemplateName: MODELLED, Version: ignored('fleetsim reads the template the stack defines') }),
      Overrides: listOf(
        nested({
          InstanceType: MODELLED,
          InstanceRequirements: unmodelled('attribute-based instance type selection: give InstanceType'),
          LaunchTemplateSpecification: INSTANCE_SETUP,
          WeightedCapacity: warnUnless((v) => v === undefined || v === '1' || v === 1, 'instance weights: fleetsim counts every instance as one unit of capacity'),
        }),
      ),
    }),
    InstancesDistribution: nested({
      OnDemandAllocationStrategy: MODELLED,
      OnDemandBaseCapacity: MODELLED,
      OnDemandPercentageAboveBaseCapacity: MODELLED,
      SpotAllocationStrategy: MODELLED,
      SpotInstancePools: ignored('Spot pools for the lowest-price strategy: fleetsim models no Spot pool depths'),
      SpotMaxPrice: ignored('the most you pay for Spot: fleetsim prices Spot at its discount'),
    }),
  }),
  InstanceId: unmodelled('a group created from a running instance'),
  CapacityRebalance: GROUP_OPERATIONS,
  CapacityReservationSpecification: unmodelled('capacity reservations are not modelled'),
  AvailabilityZoneDistribution: GROUP_OPERATIONS,
  AvailabilityZoneImpairmentPolicy: GROUP_OPERATIONS,
  Context: GROUP_OPERATIONS,
  Cooldown: GROUP_OPERATIONS,
  DefaultInstanceWarmup: GROUP_OPERATIONS,
  DeletionProtection: GROUP_OPERATIONS,
  DesiredCapacityType: warnUnless((v) => v === undefined || v === 'units', 'capacity in vCPUs or memory instead of instances'),
  HealthCheckGracePeriod: GROUP_OPERATIONS,
  HealthCheckType: GROUP_OPERATIONS,
  InstanceLifecyclePolicy: GROUP_OPERATIONS,
  InstanceMaintenancePolicy: GROUP_OPERATIONS,
  LifecycleHookSpecificationList: warnUnless((v) => !Array.isArray(v) || v.length === 0, 'lifecycle hooks hold instances in Pending:Wait or Terminating:Wait; a termination hook that drains is not modelled: fleetsim terminates at once unless an ECS capacity provider (managedDraining) or an EKS managed node group drains'),
  LoadBalancerNames: ignored('Classic Load Balancers in front of the instances'),
  MaxInstanceLifetime: unmodelled('instances are replaced after this long'),
  MetricsCollection: GROUP_OPERATIONS,
  NewInstancesProtectedFromScaleIn: ignored("ECS's managed termination protection decides which instances a scale-in spares"),
  NotificationConfiguration: GROUP_OPERATIONS,
  NotificationConfigurations: GROUP_OPERATIONS,
  PlacementGroup: GROUP_OPERATIONS,
  ServiceLinkedRoleARN: GROUP_OPERATIONS,
  SkipZonalShiftValidation: GROUP_OPERATIONS,
  TargetGroupARNs: ignored('instances registered in a target group: ECS registers tasks'),
  TerminationPolicies: GROUP_OPERATIONS,
  TrafficSources: ignored('instances registered in a target group: ECS registers tasks'),
  Tags: TAGS,
};

const LAUNCH_TEMPLATE_DATA: Fields = Object.fromEntries(
  [
    'BlockDeviceMappings', 'CapacityReservationSpecification', 'CpuOptions', 'CreditSpecification', 'DisableApiStop', 'DisableApiTermination', 'EbsOptimized', 'EnclaveOptions', 'HibernationOptions',
    'IamInstanceProfile', 'ImageId', 'InstanceInitiatedShutdownBehavior', 'KernelId', 'KeyName', 'LicenseSpecifications', 'MaintenanceOptions', 'MetadataOptions', 'Monitoring', 'NetworkInterfaces',
    'NetworkPerformanceOptions', 'Placement', 'PrivateDnsNameOptions', 'RamDiskId', 'SecurityGroupIds', 'SecurityGroups', 'TagSpecifications', 'UserData',
  ].map((k) => [k, INSTANCE_SETUP]),
);

export const LAUNCH_TEMPLATE_FIELDS: Fields = {
  LaunchTemplateData: nested({
    ...LAUNCH_TEMPLATE_DATA,
    InstanceType: MODELLED,
    InstanceRequirements: unmodelled('attribute-based instance type selection: give InstanceType'),
    InstanceMarketOptions: unmodelled('Spot instances for the group are not modelled'),
    ElasticGpuSpecifications: INSTANCE_SETUP,
    ElasticInferenceAccelerators: INSTANCE_SETUP,
  }),
  LaunchTemplateName: ignored("the template's name"),
  TagSpecifications: TAGS,
  VersionDescription: ignored('free text'),
};

export const LAUNCH_CONFIGURATION_FIELDS: Fields = {
  ...Object.fromEntries(
    ['AssociatePublicIpAddress', 'BlockDeviceMappings', 'ClassicLinkVPCId', 'ClassicLinkVPCSecurityGroups', 'EbsOptimized', 'IamInstanceProfile', 'ImageId', 'InstanceId', 'InstanceMonitoring', 'KernelId', 'KeyName', 'LaunchConfigurationName', 'MetadataOptions', 'PlacementTenancy', 'RamDiskId', 'SecurityGroups', 'UserData'].map((k) => [k, INSTANCE_SETUP]),
  ),
  InstanceType: MODELLED,
  SpotPrice: unmodelled('Spot instances for the group are not modelled'),
};

export const launchTemplate: ResourceHandler = (resource, t) => {
  accountedAsIs(resource, t, LAUNCH_TEMPLATE_FIELDS);
};

export const launchConfiguration: ResourceHandler = (resource, t) => {
  accountedAsIs(resource, t, LAUNCH_CONFIGURATION_FIELDS);
};

export const autoScalingGroup: ResourceHandler = (resource, t) => {
  const fields = accountedAsIs(resource, t, AUTO_SCALING_GROUP_FIELDS);
  const subnets = Array.isArray(fields.VPCZoneIdentifier) ? fields.VPCZoneIdentifier.filter((s): s is string => typeof s === 'string') : [];
  subnets.forEach((s) => t.usedSubnets.add(s));
  const zones = Array.isArray(fields.AvailabilityZones) ? fields.AvailabilityZones : subnets.map((s) => t.properties(s).AvailabilityZone).filter((z) => typeof z === 'string');
  const mixed = mixedInstancesPolicyOf(fields);
  const launchSource = launchSourceOf(fields);
  const userData = launchSource === undefined ? [] : userDataTexts(t.properties(launchSource));
  const spotDraining = userData.some((text) => SPOT_DRAINING_ON.test(text));
  const pullBehavior = imagePullBehaviorOf(userData);
  const data = t.ctx.origins.mark(
    {
      name: typeof fields.AutoScalingGroupName === 'string' ? fields.AutoScalingGroupName : resource.logicalId,
      // A mixed instances policy's overrides replace the launch template's instance type.
      ...(mixed === undefined ? given('instanceType', instanceTypeOf(fields, resource, t)) : { mixedInstancesPolicy: mixed }),
      ...given('desiredCapacity', numberOf(fields.DesiredCapacity ?? fields.MinSize)),
      ...given('minSize', numberOf(fields.MinSize)),
      ...given('maxSize', numberOf(fields.MaxSize)),
      ...(zones.length === 0 ? {} : { availabilityZones: [...new Set(zones)] }),
      ...(spotDraining ? { spotInstanceDraining: true } : {}),
      ...given('imagePullBehavior', pullBehavior),
    },
    t.doc,
    resource.propsPath,
    { name: resource.path, instanceType: [...resource.propsPath, 'LaunchTemplate'], spotInstanceDraining: [...resource.propsPath, mixed === undefined ? 'LaunchTemplate' : 'MixedInstancesPolicy'], imagePullBehavior: [...resource.propsPath, mixed === undefined ? 'LaunchTemplate' : 'MixedInstancesPolicy'], mixedInstancesPolicy: [...resource.propsPath, 'MixedInstancesPolicy'], desiredCapacity: [...resource.propsPath, 'DesiredCapacity'], minSize: [...resource.propsPath, 'MinSize'], maxSize: [...resource.propsPath, 'MaxSize'], availabilityZones: [...resource.propsPath, 'VPCZoneIdentifier'] },
  );
  t.system.setCluster('platform', 'ecs', t.doc, resource.path);
  t.system.setCluster('autoScalingGroups', data, t.doc, resource.path);
};

/**
 * The group's MixedInstancesPolicy in the scenario's spelling, when it lists instance types in
 * its overrides (undefined otherwise: the launch template's type then applies, as in AWS).
 */
function mixedInstancesPolicyOf(fields: Json): Json | undefined {
  const policy = isObject(fields.MixedInstancesPolicy) ? fields.MixedInstancesPolicy : undefined;
  const template = isObject(policy?.LaunchTemplate) ? policy.LaunchTemplate : undefined;
  const overrides = Array.isArray(template?.Overrides) ? template.Overrides.filter(isObject).filter((o) => typeof o.InstanceType === 'string') : [];
  if (policy === undefined || overrides.length === 0) return undefined;
  const d = isObject(policy.InstancesDistribution) ? policy.InstancesDistribution : {};
  return {
    launchTemplate: { overrides: overrides.map((o) => ({ instanceType: o.InstanceType })) },
    instancesDistribution: {
      ...given('onDemandAllocationStrategy', d.OnDemandAllocationStrategy),
      ...given('onDemandBaseCapacity', numberOf(d.OnDemandBaseCapacity)),
      ...given('onDemandPercentageAboveBaseCapacity', numberOf(d.OnDemandPercentageAboveBaseCapacity)),
      ...given('spotAllocationStrategy', d.SpotAllocationStrategy),
    },
  };
}

/** The logical id of the group's launch template (its own, or its mixed instances policy's) or launch configuration. */
function launchSourceOf(fields: Json): string | undefined {
  const policy = isObject(fields.MixedInstancesPolicy) ? fields.MixedInstancesPolicy : undefined;
  const policyTemplate = isObject(policy?.LaunchTemplate) ? policy.LaunchTemplate.LaunchTemplateSpecification : undefined;
  const template = isObject(fields.LaunchTemplate) ? fields.LaunchTemplate : isObject(policyTemplate) ? policyTemplate : undefined;
  const id = template?.LaunchTemplateId ?? fields.LaunchConfigurationName;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The texts of a launch template's or launch configuration's user data, where the ECS agent's
 * settings are written to /etc/ecs/ecs.config: every string of the UserData expression (the text
 * of a Fn::Base64 over Fn::Join or Fn::Sub), and a literal already in base64 decoded.
 */
function userDataTexts(props: Json): string[] {
  const userData = isObject(props.LaunchTemplateData) ? props.LaunchTemplateData.UserData : props.UserData;
  const texts: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') texts.push(v, ...decodedBase64(v));
    else if (Array.isArray(v)) v.forEach(collect);
    else if (isObject(v)) Object.values(v).forEach(collect);
  };
  collect(userData);
  return texts;
}

/**
 * `ECS_ENABLE_SPOT_INSTANCE_DRAINING=true`, as ecs.config spells it (optionally quoted, any case
 * of true): ECS Spot Instance draining (ECS developer guide, "Configuring Amazon ECS Linux
 * container instances to receive Spot Instance notices").
 */
const SPOT_DRAINING_ON = /ECS_ENABLE_SPOT_INSTANCE_DRAINING\s*=\s*["']?true\b/i;

/** `ECS_IMAGE_PULL_BEHAVIOR=<behavior>` (optionally quoted): the agent's image pull behavior ("Amazon ECS container agent configuration"). */
const PULL_BEHAVIOR = /ECS_IMAGE_PULL_BEHAVIOR\s*=\s*["']?([a-z-]+)/i;

/** The agent's ECS_IMAGE_PULL_BEHAVIOR the user data sets, when it sets one the agent knows. */
function imagePullBehaviorOf(texts: readonly string[]): EcsImagePullBehavior | undefined {
  for (const text of texts) {
    const value = PULL_BEHAVIOR.exec(text)?.[1]?.toLowerCase();
    if (value !== undefined && (ECS_IMAGE_PULL_BEHAVIORS as readonly string[]).includes(value)) return value as EcsImagePullBehavior;
  }
  return undefined;
}

/** The text a base64 literal encodes (none when it is not base64). */
function decodedBase64(text: string): string[] {
  if (text.length < 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text.replace(/\s+/g, ''))) return [];
  try {
    return [atob(text.replace(/\s+/g, ''))];
  } catch {
    return [];
  }
}

/** The instance type of the group's launch template or launch configuration (a resource of the template). */
function instanceTypeOf(fields: Json, resource: TemplateResource, t: TemplateContext): unknown {
  const template = isObject(fields.LaunchTemplate) ? fields.LaunchTemplate : undefined;
  const source = typeof template?.LaunchTemplateId === 'string' ? template.LaunchTemplateId : typeof fields.LaunchConfigurationName === 'string' ? fields.LaunchConfigurationName : undefined;
  const props = source === undefined ? {} : t.properties(source);
  const type = isObject(props.LaunchTemplateData) ? props.LaunchTemplateData.InstanceType : props.InstanceType;
  if (typeof type !== 'string') t.ctx.log.problem(t.doc, resource.propsPath, "the group's instance type is not in the template: it needs a LaunchTemplate or LaunchConfigurationName of this template that sets InstanceType");
  return type;
}

function numberOf(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}
