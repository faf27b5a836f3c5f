/**
 * CloudFormation's compute resources fleetsim models: AWS::AutoScaling::AutoScalingGroup (ECS
 * container instances) with the instance type of its AWS::EC2::LaunchTemplate or
 * AWS::AutoScaling::LaunchConfiguration, and AWS::EKS::Cluster, ::Nodegroup and
 * ::FargateProfile. Their tables are in CloudFormation's own spelling (VPCZoneIdentifier).
 */
import { isObject, type Json } from '../account-fields.js';
import { ignored, listOf, MODELLED, nested, TAGS, unmodelled, warnUnless, type Fields } from '../field-rules.js';
import { given, type Data } from '../import-context.js';
import { accountedAsIs, type ResourceHandler, type TemplateContext, type TemplateResource } from './template-context.js';

const INSTANCE_SETUP = ignored('how instances are set up (AMI, IAM, keys, disks, user data, metadata): fleetsim starts them with its instance start-up model');
const GROUP_OPERATIONS = ignored('how the group operates and reports (notifications, metrics, warm-up, health check type): not part of what fleetsim simulates');

const AUTO_SCALING_GROUP_FIELDS: Fields = {
  AutoScalingGroupName: MODELLED,
  MinSize: MODELLED,
  MaxSize: MODELLED,
  DesiredCapacity: MODELLED,
  LaunchTemplate: nested({ LaunchTemplateId: MODELLED, LaunchTemplateName: MODELLED, Version: ignored('fleetsim reads the template the stack defines') }),
  LaunchConfigurationName: MODELLED,
  VPCZoneIdentifier: MODELLED,
  AvailabilityZones: MODELLED,
  AvailabilityZoneIds: unmodelled('zone IDs map to zone names per account: give AvailabilityZones or VPCZoneIdentifier'),
  MixedInstancesPolicy: unmodelled('several instance types and Spot allocation: fleetsim models one on-demand instance type per group'),
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
  LifecycleHookSpecificationList: warnUnless((v) => !Array.isArray(v) || v.length === 0, 'lifecycle hooks hold instances in Pending:Wait or Terminating:Wait'),
  LoadBalancerNames: ignored('Classic Load Balancers in front of the instances'),
  MaxInstanceLifetime: unmodelled('instances are replaced after this long'),
  MetricsCollection: GROUP_OPERATIONS,
  NewInstancesProtectedFromScaleIn: GROUP_OPERATIONS,
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

const LAUNCH_TEMPLATE_FIELDS: Fields = {
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

const LAUNCH_CONFIGURATION_FIELDS: Fields = {
  ...Object.fromEntries(
    ['AssociatePublicIpAddress', 'BlockDeviceMappings', 'ClassicLinkVPCId', 'ClassicLinkVPCSecurityGroups', 'EbsOptimized', 'IamInstanceProfile', 'ImageId', 'InstanceId', 'InstanceMonitoring', 'KernelId', 'KeyName', 'LaunchConfigurationName', 'MetadataOptions', 'PlacementTenancy', 'RamDiskId', 'SecurityGroups', 'UserData'].map((k) => [k, INSTANCE_SETUP]),
  ),
  InstanceType: MODELLED,
  SpotPrice: unmodelled('Spot instances for the group are not modelled'),
};

const EKS_CONTROL_PLANE = ignored("the control plane's configuration (endpoint access, logging, encryption, add-ons, IAM): fleetsim models the EKS API server's defaults");

const EKS_CLUSTER_FIELDS: Fields = {
  Name: MODELLED,
  ResourcesVpcConfig: nested({ SubnetIds: MODELLED, SecurityGroupIds: EKS_CONTROL_PLANE, EndpointPublicAccess: EKS_CONTROL_PLANE, EndpointPrivateAccess: EKS_CONTROL_PLANE, PublicAccessCidrs: EKS_CONTROL_PLANE }),
  ...Object.fromEntries(
    [
      'AccessConfig', 'ActiveCertificateAuthorityId', 'BootstrapSelfManagedAddons', 'CertificateAuthority', 'ControlPlaneScalingConfig', 'DeletionProtection', 'EncryptionConfig', 'Force', 'KubeApiServerConfig',
      'KubeControllerManagerConfig', 'KubeSchedulerConfig', 'KubernetesNetworkConfig', 'Logging', 'OutpostConfig', 'RemoteNetworkConfig', 'RoleArn', 'RollbackConfig', 'UpgradePolicy', 'Version', 'ZonalShiftConfig',
    ].map((k) => [k, EKS_CONTROL_PLANE]),
  ),
  ComputeConfig: unmodelled('EKS Auto Mode compute is not modelled'),
  StorageConfig: EKS_CONTROL_PLANE,
  Tags: TAGS,
};

const NODEGROUP_FIELDS: Fields = {
  ClusterName: MODELLED,
  NodegroupName: MODELLED,
  ScalingConfig: nested({ DesiredSize: MODELLED, MinSize: MODELLED, MaxSize: MODELLED }),
  InstanceTypes: MODELLED,
  Subnets: MODELLED,
  Labels: MODELLED,
  Taints: listOf(nested({ Key: MODELLED, Value: MODELLED, Effect: MODELLED })),
  CapacityType: warnUnless((v) => v === undefined || v === 'ON_DEMAND', 'Spot node groups are not modelled: fleetsim runs them on demand'),
  AmiType: ignored('the AMI family: fleetsim starts nodes with its node start-up model'),
  DiskSize: INSTANCE_SETUP,
  ForceUpdateEnabled: ignored('how node group updates treat PodDisruptionBudgets'),
  LaunchTemplate: unmodelled("a launch template may set the instance type, AMI and user data: fleetsim reads the node group's InstanceTypes"),
  NodeRepairConfig: ignored('automatic node repair is not modelled'),
  NodeRole: INSTANCE_SETUP,
  ReleaseVersion: INSTANCE_SETUP,
  RemoteAccess: INSTANCE_SETUP,
  UpdateConfig: ignored('node group version updates are not modelled'),
  Version: INSTANCE_SETUP,
  WarmPoolConfig: unmodelled('warm pools of pre-initialized instances start nodes faster'),
  Tags: TAGS,
};

const FARGATE_PROFILE_FIELDS: Fields = {
  ClusterName: MODELLED,
  FargateProfileName: MODELLED,
  Selectors: listOf(nested({ Namespace: MODELLED, Labels: unmodelled('fleetsim selects pods for Fargate by namespace only') })),
  PodExecutionRoleArn: ignored('the role Fargate pulls images with: fleetsim assumes it is allowed'),
  Subnets: ignored("Fargate pods take addresses from the cluster's subnets"),
  Tags: TAGS,
};

/** Kubernetes taint effects as EKS node groups spell them. */
const TAINT_EFFECTS: Readonly<Record<string, string>> = { NO_SCHEDULE: 'NoSchedule', PREFER_NO_SCHEDULE: 'PreferNoSchedule', NO_EXECUTE: 'NoExecute' };

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
  const data = t.ctx.origins.mark(
    {
      name: typeof fields.AutoScalingGroupName === 'string' ? fields.AutoScalingGroupName : resource.logicalId,
      ...given('instanceType', instanceTypeOf(fields, resource, t)),
      ...given('desiredCapacity', numberOf(fields.DesiredCapacity ?? fields.MinSize)),
      ...given('minSize', numberOf(fields.MinSize)),
      ...given('maxSize', numberOf(fields.MaxSize)),
      ...(zones.length === 0 ? {} : { availabilityZones: [...new Set(zones)] }),
    },
    t.doc,
    resource.propsPath,
    { name: resource.path, instanceType: [...resource.propsPath, 'LaunchTemplate'], desiredCapacity: [...resource.propsPath, 'DesiredCapacity'], minSize: [...resource.propsPath, 'MinSize'], maxSize: [...resource.propsPath, 'MaxSize'], availabilityZones: [...resource.propsPath, 'VPCZoneIdentifier'] },
  );
  t.system.setCluster('platform', 'ecs', t.doc, resource.path);
  t.system.setCluster('autoScalingGroups', data, t.doc, resource.path);
};

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

export const eksCluster: ResourceHandler = (resource, t) => {
  const fields = accountedAsIs(resource, t, EKS_CLUSTER_FIELDS);
  t.system.setCluster('platform', 'eks', t.doc, resource.path);
  if (typeof fields.Name === 'string') t.system.setCluster('name', fields.Name, t.doc, [...resource.propsPath, 'Name']);
  const vpc = isObject(fields.ResourcesVpcConfig) ? fields.ResourcesVpcConfig : {};
  for (const s of Array.isArray(vpc.SubnetIds) ? vpc.SubnetIds : []) if (typeof s === 'string') t.usedSubnets.add(s);
};

export const nodegroup: ResourceHandler = (resource, t) => {
  const fields = accountedAsIs(resource, t, NODEGROUP_FIELDS);
  const scaling = isObject(fields.ScalingConfig) ? fields.ScalingConfig : {};
  const types = Array.isArray(fields.InstanceTypes) ? fields.InstanceTypes : [];
  if (types.length > 1) t.ctx.log.note('warning', t.doc, [...resource.propsPath, 'InstanceTypes'], `not modelled, and it would change the answer: fleetsim runs a node group on one instance type, the first (${String(types[0])})`);
  const subnets = Array.isArray(fields.Subnets) ? fields.Subnets.filter((s): s is string => typeof s === 'string') : [];
  subnets.forEach((s) => t.usedSubnets.add(s));
  const zones = [...new Set(subnets.map((s) => t.properties(s).AvailabilityZone).filter((z) => typeof z === 'string'))];
  const taints = Array.isArray(fields.Taints) ? fields.Taints.filter(isObject).map((x) => ({ ...given('key', x.Key), ...given('value', x.Value), ...given('effect', TAINT_EFFECTS[String(x.Effect)] ?? x.Effect) })) : [];
  const data: Data = t.ctx.origins.mark(
    {
      name: typeof fields.NodegroupName === 'string' ? fields.NodegroupName : resource.logicalId,
      ...given('instanceType', types[0] ?? 't3.medium'),
      ...given('desiredSize', scaling.DesiredSize ?? scaling.MinSize),
      ...given('minSize', scaling.MinSize),
      ...given('maxSize', scaling.MaxSize),
      ...(zones.length === 0 ? {} : { availabilityZones: zones }),
      ...given('labels', fields.Labels),
      ...(taints.length === 0 ? {} : { taints }),
    },
    t.doc,
    resource.propsPath,
    { desiredSize: [...resource.propsPath, 'ScalingConfig', 'DesiredSize'], minSize: [...resource.propsPath, 'ScalingConfig', 'MinSize'], maxSize: [...resource.propsPath, 'ScalingConfig', 'MaxSize'], instanceType: [...resource.propsPath, 'InstanceTypes'], availabilityZones: [...resource.propsPath, 'Subnets'], taints: [...resource.propsPath, 'Taints'] },
  );
  if (types.length === 0) t.ctx.log.note('default', t.doc, resource.propsPath, 'no InstanceTypes: EKS launches t3.medium, and so does fleetsim');
  t.system.setCluster('platform', 'eks', t.doc, resource.path);
  t.system.setCluster('nodeGroups', data, t.doc, resource.path);
};

export const fargateProfile: ResourceHandler = (resource, t) => {
  const fields = accountedAsIs(resource, t, FARGATE_PROFILE_FIELDS);
  const selectors = Array.isArray(fields.Selectors) ? fields.Selectors.filter(isObject).map((s) => ({ ...given('namespace', s.Namespace) })) : [];
  const data = t.ctx.origins.mark({ name: typeof fields.FargateProfileName === 'string' ? fields.FargateProfileName : resource.logicalId, selectors }, t.doc, resource.propsPath);
  t.system.setCluster('platform', 'eks', t.doc, resource.path);
  t.system.setCluster('fargateProfiles', data, t.doc, resource.path);
};
