/**
 * CloudFormation's ECS and Application Auto Scaling resources, read with the ECS importers'
 * field tables (the template spells the API's fields in PascalCase): AWS::ECS::TaskDefinition,
 * ::Service, ::Cluster, ::ClusterCapacityProviderAssociations, ::CapacityProvider, and
 * AWS::ApplicationAutoScaling::ScalableTarget and ::ScalingPolicy (AWS CloudFormation User
 * Guide, resource type reference).
 */
import { isObject, type Json } from '../account-fields.js';
import { importScalableTarget, importScalingPolicy, scalesEcsService } from '../ecs/application-auto-scaling.js';
import { PUT_SCALING_POLICY_FIELDS, REGISTER_SCALABLE_TARGET_FIELDS } from '../ecs/auto-scaling-fields.js';
import { importService } from '../ecs/service.js';
import { CREATE_SERVICE_FIELDS } from '../ecs/service-fields.js';
import { importTaskDefinition } from '../ecs/task-definition.js';
import { REGISTER_TASK_DEFINITION_FIELDS } from '../ecs/task-definition-fields.js';
import { ignored, listOf, MODELLED, nested, TAGS, unmodelled, warnUnless, type Fields } from '../field-rules.js';
import { given } from '../import-context.js';
import { stepAlarmFor } from './alarm-resources.js';
import { scalingPolicyArn, taskDefinitionArn } from './resource-identity.js';
import { accountedAsIs, accountedProperties, type ResourceHandler } from './template-context.js';

const STRATEGY = listOf(nested({ capacityProvider: MODELLED, weight: MODELLED, base: MODELLED }));

/** CreateService's fields less the API call's idempotency token, with CloudFormation's ForceNewDeployment. */
const { clientToken: _clientToken, ...SERVICE_PROPERTIES } = CREATE_SERVICE_FIELDS;
export const CFN_SERVICE_FIELDS: Fields = {
  ...SERVICE_PROPERTIES,
  forceNewDeployment: ignored('forces a new deployment on stack update; a run starts with the service deployed'),
};

export const CLUSTER_FIELDS: Fields = {
  clusterName: MODELLED,
  capacityProviders: MODELLED,
  defaultCapacityProviderStrategy: STRATEGY,
  clusterSettings: ignored('Container Insights changes what is observed, not what runs'),
  configuration: ignored('ECS Exec logging and managed storage encryption'),
  serviceConnectDefaults: ignored('the default Cloud Map namespace for Service Connect, which is not modelled'),
  tags: TAGS,
};

export const ASSOCIATION_FIELDS: Fields = { cluster: MODELLED, capacityProviders: MODELLED, defaultCapacityProviderStrategy: STRATEGY };

export const CAPACITY_PROVIDER_FIELDS: Fields = {
  name: MODELLED,
  autoScalingGroupProvider: nested({
    autoScalingGroupArn: MODELLED,
    managedScaling: nested({ status: MODELLED, targetCapacity: MODELLED, minimumScalingStepSize: MODELLED, maximumScalingStepSize: MODELLED, instanceWarmupPeriod: MODELLED }),
    managedTerminationProtection: MODELLED,
    managedDraining: MODELLED,
  }),
  managedInstancesProvider: unmodelled('ECS Managed Instances capacity is not modelled'),
  clusterName: ignored('the cluster of a Managed Instances provider'),
  tags: TAGS,
};

export const CFN_SCALABLE_TARGET_FIELDS: Fields = {
  ...REGISTER_SCALABLE_TARGET_FIELDS,
  ScheduledActions: warnUnless((v) => !Array.isArray(v) || v.length === 0, 'scheduled actions change the capacity bounds at set times'),
};

export const CFN_SCALING_POLICY_FIELDS: Fields = { ...PUT_SCALING_POLICY_FIELDS, ScalingTargetId: MODELLED };

export const taskDefinition: ResourceHandler = (resource, t) => {
  // CloudFormation spells these EFSVolumeConfiguration, FilesystemId and IAM.
  const fields = accountedProperties(resource, t, REGISTER_TASK_DEFINITION_FIELDS, { EFSVolumeConfiguration: 'efsVolumeConfiguration', FilesystemId: 'fileSystemId', IAM: 'iam' });
  const imported = importTaskDefinition(fields, t.doc, resource.propsPath, t.ctx);
  t.system.taskDefinitions.push({ ...imported, arn: taskDefinitionArn(imported.family ?? resource.logicalId, t.ctx.region) });
};

export const service: ResourceHandler = (resource, t) => {
  const fields = accountedProperties(resource, t, CFN_SERVICE_FIELDS, { PlacementStrategies: 'placementStrategy' });
  const imported = importService(fields, t.doc, resource.propsPath, t.ctx);
  const awsvpc = isObject(fields.networkConfiguration) && isObject(fields.networkConfiguration.awsvpcConfiguration) ? fields.networkConfiguration.awsvpcConfiguration : {};
  for (const subnet of Array.isArray(awsvpc.subnets) ? awsvpc.subnets : []) if (typeof subnet === 'string') t.usedSubnets.add(subnet);
  if (imported.name !== undefined) {
    t.system.services.push(imported);
    return;
  }
  // CloudFormation makes a name up for a service without ServiceName; fleetsim takes the logical ID.
  t.ctx.log.note('default', t.doc, resource.path, `no ServiceName (CloudFormation makes one up): fleetsim calls the service '${resource.logicalId}'`);
  t.system.services.push({ ...imported, name: resource.logicalId, data: t.ctx.origins.inherit({ serviceName: resource.logicalId, ...imported.data }, imported.data, new Map(), { doc: t.doc, path: resource.path }) });
};

export const cluster: ResourceHandler = (resource, t) => {
  const fields = accountedProperties(resource, t, CLUSTER_FIELDS);
  t.system.setCluster('platform', 'ecs', t.doc, resource.path);
  if (typeof fields.clusterName === 'string') t.system.setCluster('name', fields.clusterName, t.doc, [...resource.propsPath, 'ClusterName']);
  defaultStrategy(fields, resource.propsPath, t);
};

export const clusterCapacityProviderAssociations: ResourceHandler = (resource, t) => {
  defaultStrategy(accountedProperties(resource, t, ASSOCIATION_FIELDS), resource.propsPath, t);
};

function defaultStrategy(fields: Json, at: readonly (string | number)[], t: Parameters<ResourceHandler>[1]): void {
  const items = Array.isArray(fields.defaultCapacityProviderStrategy) ? fields.defaultCapacityProviderStrategy.filter(isObject) : [];
  if (items.length > 0) t.system.setCluster('defaultCapacityProviderStrategy', items, t.doc, [...at, 'DefaultCapacityProviderStrategy']);
}

export const capacityProvider: ResourceHandler = (resource, t) => {
  const fields = accountedProperties(resource, t, CAPACITY_PROVIDER_FIELDS);
  const provider = isObject(fields.autoScalingGroupProvider) ? fields.autoScalingGroupProvider : {};
  const group = typeof provider.autoScalingGroupArn === 'string' ? provider.autoScalingGroupArn.replace(/^arn:.*:autoScalingGroupName\//, '') : undefined;
  const data = t.ctx.origins.mark(
    {
      name: typeof fields.name === 'string' ? fields.name : resource.logicalId,
      ...given('autoScalingGroup', group),
      ...given('managedScaling', provider.managedScaling),
      ...given('managedTerminationProtection', provider.managedTerminationProtection),
      ...given('managedDraining', provider.managedDraining),
    },
    t.doc,
    resource.propsPath,
    { autoScalingGroup: [...resource.propsPath, 'AutoScalingGroupProvider', 'AutoScalingGroupArn'], managedScaling: [...resource.propsPath, 'AutoScalingGroupProvider', 'ManagedScaling'] },
  );
  t.system.setCluster('capacityProviders', data, t.doc, resource.path);
};

export const scalableTarget: ResourceHandler = (resource, t) => {
  const fields = accountedAsIs(resource, t, CFN_SCALABLE_TARGET_FIELDS);
  if (scalesEcsService(fields, t.doc, resource.propsPath, t.ctx)) t.system.scalableTargets.push(importScalableTarget(fields, t.doc, resource.propsPath, t.ctx));
};

export const scalingPolicy: ResourceHandler = (resource, t) => {
  const fields = accountedAsIs(resource, t, CFN_SCALING_POLICY_FIELDS);
  // ScalingTargetId is the target's Ref: `<ResourceId>|<ScalableDimension>|<ServiceNamespace>`.
  const [resourceId, dimension, namespace] = typeof fields.ScalingTargetId === 'string' ? fields.ScalingTargetId.split('|') : [];
  const withTarget = { ...fields, ...given('ResourceId', fields.ResourceId ?? resourceId), ...given('ScalableDimension', fields.ScalableDimension ?? dimension), ...given('ServiceNamespace', fields.ServiceNamespace ?? namespace) };
  if (!scalesEcsService(withTarget, t.doc, resource.propsPath, t.ctx)) return;
  const alarm = fields.PolicyType === 'StepScaling' ? stepAlarmFor(scalingPolicyArn(resource.logicalId, t.ctx.region), t) : undefined;
  t.system.scalingPolicies.push(importScalingPolicy(withTarget, t.doc, resource.propsPath, t.ctx, alarm));
};
