/**
 * CloudFormation's EKS resources: AWS::EKS::Cluster (the platform, its name and subnets),
 * ::Nodegroup (the scenario's node groups) and ::FargateProfile. The tables are in
 * CloudFormation's own spelling.
 */
import { isObject } from '../account-fields.js';
import { ignored, listOf, MODELLED, nested, TAGS, unmodelled, warnUnless, type Fields } from '../field-rules.js';
import { given, type Data } from '../import-context.js';
import { INSTANCE_SETUP } from './compute-resources.js';
import { accountedAsIs, type ResourceHandler } from './template-context.js';

const EKS_CONTROL_PLANE = ignored("the control plane's configuration (endpoint access, logging, encryption, add-ons, IAM): fleetsim models the EKS API server's defaults");

export const EKS_CLUSTER_FIELDS: Fields = {
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

export const NODEGROUP_FIELDS: Fields = {
  ClusterName: MODELLED,
  NodegroupName: MODELLED,
  ScalingConfig: nested({ DesiredSize: MODELLED, MinSize: MODELLED, MaxSize: MODELLED }),
  InstanceTypes: MODELLED,
  Subnets: MODELLED,
  Labels: MODELLED,
  Taints: listOf(nested({ Key: MODELLED, Value: MODELLED, Effect: MODELLED })),
  CapacityType: warnUnless((v) => v === undefined || v === 'ON_DEMAND' || v === 'SPOT', 'capacity blocks for ML are not modelled: fleetsim runs the group on demand'),
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

export const FARGATE_PROFILE_FIELDS: Fields = {
  ClusterName: MODELLED,
  FargateProfileName: MODELLED,
  Selectors: listOf(nested({ Namespace: MODELLED, Labels: unmodelled('fleetsim selects pods for Fargate by namespace only') })),
  PodExecutionRoleArn: ignored('the role Fargate pulls images with: fleetsim assumes it is allowed'),
  Subnets: ignored("Fargate pods take addresses from the cluster's subnets"),
  Tags: TAGS,
};

/** Kubernetes taint effects as EKS node groups spell them. */
const TAINT_EFFECTS: Readonly<Record<string, string>> = { NO_SCHEDULE: 'NoSchedule', PREFER_NO_SCHEDULE: 'PreferNoSchedule', NO_EXECUTE: 'NoExecute' };

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
  const subnets = Array.isArray(fields.Subnets) ? fields.Subnets.filter((s): s is string => typeof s === 'string') : [];
  subnets.forEach((s) => t.usedSubnets.add(s));
  const zones = [...new Set(subnets.map((s) => t.properties(s).AvailabilityZone).filter((z) => typeof z === 'string'))];
  const taints = Array.isArray(fields.Taints) ? fields.Taints.filter(isObject).map((x) => ({ ...given('key', x.Key), ...given('value', x.Value), ...given('effect', TAINT_EFFECTS[String(x.Effect)] ?? x.Effect) })) : [];
  const data: Data = t.ctx.origins.mark(
    {
      name: typeof fields.NodegroupName === 'string' ? fields.NodegroupName : resource.logicalId,
      // Several types: the node group's instanceTypes, tried in order when EC2 has no capacity for one (docs/models.md, "EC2 capacity errors").
      ...(types.length > 1 ? { instanceTypes: types } : given('instanceType', types[0] ?? 't3.medium')),
      ...(fields.CapacityType === 'SPOT' ? { capacityType: 'SPOT' } : {}),
      ...given('desiredSize', scaling.DesiredSize ?? scaling.MinSize),
      ...given('minSize', scaling.MinSize),
      ...given('maxSize', scaling.MaxSize),
      ...(zones.length === 0 ? {} : { availabilityZones: zones }),
      ...given('labels', fields.Labels),
      ...(taints.length === 0 ? {} : { taints }),
    },
    t.doc,
    resource.propsPath,
    { desiredSize: [...resource.propsPath, 'ScalingConfig', 'DesiredSize'], minSize: [...resource.propsPath, 'ScalingConfig', 'MinSize'], maxSize: [...resource.propsPath, 'ScalingConfig', 'MaxSize'], instanceType: [...resource.propsPath, 'InstanceTypes'], instanceTypes: [...resource.propsPath, 'InstanceTypes'], capacityType: [...resource.propsPath, 'CapacityType'], availabilityZones: [...resource.propsPath, 'Subnets'], taints: [...resource.propsPath, 'Taints'] },
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
