import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALARM_FIELDS } from '../../../src/scenario/import/cloudformation/alarm-resources.js';
import { AUTO_SCALING_GROUP_FIELDS, LAUNCH_CONFIGURATION_FIELDS, LAUNCH_TEMPLATE_FIELDS } from '../../../src/scenario/import/cloudformation/compute-resources.js';
import { ASSOCIATION_FIELDS, CAPACITY_PROVIDER_FIELDS, CFN_SCALABLE_TARGET_FIELDS, CFN_SCALING_POLICY_FIELDS, CFN_SERVICE_FIELDS, CLUSTER_FIELDS } from '../../../src/scenario/import/cloudformation/ecs-resources.js';
import { EKS_CLUSTER_FIELDS, FARGATE_PROFILE_FIELDS, NODEGROUP_FIELDS } from '../../../src/scenario/import/cloudformation/eks-resources.js';
import { SUBNET_FIELDS, TARGET_GROUP_FIELDS, VPC_FIELDS } from '../../../src/scenario/import/cloudformation/network-resources.js';
import {
  DESCRIBE_OUTPUT_FIELDS,
  PUT_SCALING_POLICY_FIELDS,
  REGISTER_SCALABLE_TARGET_FIELDS,
  SCALABLE_TARGET_FIELDS,
  SCALING_POLICY_FIELDS,
  STEP_SCALING_FIELDS,
  TARGET_TRACKING_FIELDS,
} from '../../../src/scenario/import/ecs/auto-scaling-fields.js';
import { CREATE_SERVICE_FIELDS, DEPLOYMENT_CONFIGURATION_FIELDS, DESCRIBE_SERVICES_OUTPUT_FIELDS, DESCRIBED_SERVICE_FIELDS } from '../../../src/scenario/import/ecs/service-fields.js';
import {
  CONTAINER_DEFINITION_FIELDS,
  DESCRIBE_TASK_DEFINITION_OUTPUT_FIELDS,
  DESCRIBED_TASK_DEFINITION_FIELDS,
  HEALTH_CHECK_FIELDS,
  PORT_MAPPING_FIELDS,
  REGISTER_TASK_DEFINITION_FIELDS,
} from '../../../src/scenario/import/ecs/task-definition-fields.js';
import type { FieldRule, Fields } from '../../../src/scenario/import/field-rules.js';
import {
  DAEMON_SET_SPEC_FIELDS,
  DEPLOYMENT_SPEC_FIELDS,
  HPA_SPEC_FIELDS,
  INGRESS_SPEC_FIELDS,
  PDB_SPEC_FIELDS,
  REPLICA_SET_SPEC_FIELDS,
  SERVICE_SPEC_FIELDS,
  STATEFUL_SET_SPEC_FIELDS,
} from '../../../src/scenario/import/kubernetes/object-fields.js';
import { AFFINITY_FIELDS, CONTAINER_FIELDS, OBJECT_META_FIELDS, POD_SPEC_FIELDS, READINESS_PROBE_FIELDS, TOLERATION_FIELDS, TOPOLOGY_SPREAD_FIELDS } from '../../../src/scenario/import/kubernetes/pod-fields.js';
import { ROOT } from '../../support/scenario-runner.js';

/**
 * The importers' field tables against the APIs' own field lists
 * (test/fixtures/imports/api-fields.json, extracted from the AWS SDK for JavaScript v3's ECS and
 * Application Auto Scaling models, the kubernetes-types package and aws-cdk-lib's CloudFormation
 * L1 constructs; its `source` names the versions). Every API field has a rule, and a rule for a
 * field the snapshot does not have is listed here with where it comes from, so a table cannot
 * drift from the API unseen. Names compare without case (CloudFormation spells VPCZoneIdentifier
 * what the CDK spells vpcZoneIdentifier).
 */
type ApiFields = { readonly [group: string]: { readonly [type: string]: readonly string[] } };
const api = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/imports/api-fields.json'), 'utf8')) as ApiFields;

const norm = (names: Iterable<string>): string[] => [...new Set([...names].map((n) => n.toLowerCase()))].sort();
const fieldsOf = (rule: FieldRule | undefined): Fields => {
  if (rule?.kind === 'object') return rule.fields;
  if (rule?.kind === 'list') return fieldsOf(rule.item);
  throw new Error('not a nested rule');
};

/** [what, the table, the API type, fields the table has beyond the snapshot (with why)]. */
const CASES: readonly (readonly [string, Fields, readonly string[], readonly string[]])[] = [
  ['register-task-definition input', REGISTER_TASK_DEFINITION_FIELDS, api.ecs!.RegisterTaskDefinitionRequest!, []],
  ['describe-task-definition taskDefinition (or a register input)', DESCRIBED_TASK_DEFINITION_FIELDS, [...api.ecs!.TaskDefinition!, ...api.ecs!.RegisterTaskDefinitionRequest!], []],
  ['describe-task-definition output', DESCRIBE_TASK_DEFINITION_OUTPUT_FIELDS, api.ecs!.DescribeTaskDefinitionResponse!, []],
  ['container definition', CONTAINER_DEFINITION_FIELDS, api.ecs!.ContainerDefinition!, []],
  ['port mapping', PORT_MAPPING_FIELDS, api.ecs!.PortMapping!, []],
  ['container health check', HEALTH_CHECK_FIELDS, api.ecs!.HealthCheck!, []],
  ['runtime platform', fieldsOf(REGISTER_TASK_DEFINITION_FIELDS.runtimePlatform), api.ecs!.RuntimePlatform!, []],
  ['create-service input', CREATE_SERVICE_FIELDS, api.ecs!.CreateServiceRequest!, []],
  ['describe-services service', DESCRIBED_SERVICE_FIELDS, [...api.ecs!.Service!, ...api.ecs!.CreateServiceRequest!], []],
  ['describe-services output', DESCRIBE_SERVICES_OUTPUT_FIELDS, api.ecs!.DescribeServicesResponse!, []],
  ['deployment configuration', DEPLOYMENT_CONFIGURATION_FIELDS, api.ecs!.DeploymentConfiguration!, []],
  ['deployment circuit breaker', fieldsOf(DEPLOYMENT_CONFIGURATION_FIELDS.deploymentCircuitBreaker), api.ecs!.DeploymentCircuitBreaker!, []],
  ['awsvpc configuration', fieldsOf(fieldsOf(CREATE_SERVICE_FIELDS.networkConfiguration).awsvpcConfiguration), api.ecs!.AwsVpcConfiguration!, []],
  ['load balancer', fieldsOf(CREATE_SERVICE_FIELDS.loadBalancers), api.ecs!.LoadBalancer!, []],
  ['capacity provider strategy item', fieldsOf(CREATE_SERVICE_FIELDS.capacityProviderStrategy), api.ecs!.CapacityProviderStrategyItem!, []],
  ['scalable target', SCALABLE_TARGET_FIELDS, [...api.applicationAutoScaling!.ScalableTarget!, ...api.applicationAutoScaling!.RegisterScalableTargetRequest!], []],
  ['register-scalable-target input', REGISTER_SCALABLE_TARGET_FIELDS, api.applicationAutoScaling!.RegisterScalableTargetRequest!, []],
  ['scaling policy', SCALING_POLICY_FIELDS, api.applicationAutoScaling!.ScalingPolicy!, []],
  ['put-scaling-policy input', PUT_SCALING_POLICY_FIELDS, api.applicationAutoScaling!.PutScalingPolicyRequest!, []],
  ['target tracking configuration', TARGET_TRACKING_FIELDS, api.applicationAutoScaling!.TargetTrackingScalingPolicyConfiguration!, []],
  ['step scaling configuration', STEP_SCALING_FIELDS, api.applicationAutoScaling!.StepScalingPolicyConfiguration!, []],
  ['describe output page', DESCRIBE_OUTPUT_FIELDS, [...api.applicationAutoScaling!.DescribeScalableTargetsResponse!, ...api.applicationAutoScaling!.DescribeScalingPoliciesResponse!], []],
  ['ObjectMeta', OBJECT_META_FIELDS, api.kubernetes!.ObjectMeta!, []],
  ['PodSpec', POD_SPEC_FIELDS, api.kubernetes!.PodSpec!, ['resources']], // pod-level resources, Kubernetes 1.32
  ['Container', CONTAINER_FIELDS, api.kubernetes!.Container!, []],
  ['Probe', READINESS_PROBE_FIELDS, api.kubernetes!.Probe!, []],
  ['Toleration', TOLERATION_FIELDS, api.kubernetes!.Toleration!, []],
  ['TopologySpreadConstraint', TOPOLOGY_SPREAD_FIELDS, api.kubernetes!.TopologySpreadConstraint!, []],
  ['Affinity', AFFINITY_FIELDS, api.kubernetes!.Affinity!, []],
  ['PodAffinityTerm', fieldsOf(fieldsOf(AFFINITY_FIELDS.podAntiAffinity).requiredDuringSchedulingIgnoredDuringExecution), api.kubernetes!.PodAffinityTerm!, []],
  ['DeploymentSpec', DEPLOYMENT_SPEC_FIELDS, api.kubernetes!.DeploymentSpec!, []],
  ['ReplicaSetSpec', REPLICA_SET_SPEC_FIELDS, api.kubernetes!.ReplicaSetSpec!, []],
  ['StatefulSetSpec', STATEFUL_SET_SPEC_FIELDS, api.kubernetes!.StatefulSetSpec!, []],
  ['DaemonSetSpec', DAEMON_SET_SPEC_FIELDS, api.kubernetes!.DaemonSetSpec!, []],
  ['HorizontalPodAutoscalerSpec', HPA_SPEC_FIELDS, api.kubernetes!.HorizontalPodAutoscalerSpec!, []],
  ['MetricSpec', fieldsOf(HPA_SPEC_FIELDS.metrics), api.kubernetes!.MetricSpec!, []],
  ['HPAScalingRules', fieldsOf(fieldsOf(HPA_SPEC_FIELDS.behavior).scaleUp), api.kubernetes!.HPAScalingRules!, ['tolerance']], // Kubernetes 1.33
  ['PodDisruptionBudgetSpec', PDB_SPEC_FIELDS, api.kubernetes!.PodDisruptionBudgetSpec!, []],
  ['ServiceSpec', SERVICE_SPEC_FIELDS, api.kubernetes!.ServiceSpec!, []],
  ['IngressSpec', INGRESS_SPEC_FIELDS, api.kubernetes!.IngressSpec!, []],
  ['AWS::ECS::TaskDefinition', REGISTER_TASK_DEFINITION_FIELDS, api.cloudFormation!['AWS::ECS::TaskDefinition']!, []],
  // The template spells placementStrategy PlacementStrategies (read with a rename).
  ['AWS::ECS::Service', CFN_SERVICE_FIELDS, api.cloudFormation!['AWS::ECS::Service']!.map((f) => (f === 'placementStrategies' ? 'placementStrategy' : f)), []],
  ['AWS::ECS::Cluster', CLUSTER_FIELDS, api.cloudFormation!['AWS::ECS::Cluster']!, []],
  ['AWS::ECS::CapacityProvider', CAPACITY_PROVIDER_FIELDS, api.cloudFormation!['AWS::ECS::CapacityProvider']!, []],
  ['AWS::ECS::ClusterCapacityProviderAssociations', ASSOCIATION_FIELDS, api.cloudFormation!['AWS::ECS::ClusterCapacityProviderAssociations']!, []],
  ['AWS::ApplicationAutoScaling::ScalableTarget', CFN_SCALABLE_TARGET_FIELDS, api.cloudFormation!['AWS::ApplicationAutoScaling::ScalableTarget']!, []],
  ['AWS::ApplicationAutoScaling::ScalingPolicy', CFN_SCALING_POLICY_FIELDS, api.cloudFormation!['AWS::ApplicationAutoScaling::ScalingPolicy']!, []],
  ['AWS::AutoScaling::AutoScalingGroup', AUTO_SCALING_GROUP_FIELDS, api.cloudFormation!['AWS::AutoScaling::AutoScalingGroup']!, []],
  ['AWS::AutoScaling::LaunchConfiguration', LAUNCH_CONFIGURATION_FIELDS, api.cloudFormation!['AWS::AutoScaling::LaunchConfiguration']!, []],
  ['AWS::EC2::LaunchTemplate', LAUNCH_TEMPLATE_FIELDS, api.cloudFormation!['AWS::EC2::LaunchTemplate']!, []],
  ['AWS::EC2::LaunchTemplate LaunchTemplateData', fieldsOf(LAUNCH_TEMPLATE_FIELDS.LaunchTemplateData), api.cloudFormation!['AWS::EC2::LaunchTemplate.LaunchTemplateData']!, []],
  ['AWS::EC2::VPC', VPC_FIELDS, api.cloudFormation!['AWS::EC2::VPC']!, []],
  ['AWS::EC2::Subnet', SUBNET_FIELDS, api.cloudFormation!['AWS::EC2::Subnet']!, []],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', TARGET_GROUP_FIELDS, api.cloudFormation!['AWS::ElasticLoadBalancingV2::TargetGroup']!, []],
  ['AWS::EKS::Cluster', EKS_CLUSTER_FIELDS, api.cloudFormation!['AWS::EKS::Cluster']!, []],
  ['AWS::EKS::Nodegroup', NODEGROUP_FIELDS, api.cloudFormation!['AWS::EKS::Nodegroup']!, []],
  ['AWS::EKS::FargateProfile', FARGATE_PROFILE_FIELDS, api.cloudFormation!['AWS::EKS::FargateProfile']!, []],
  ['AWS::CloudWatch::Alarm', ALARM_FIELDS, api.cloudFormation!['AWS::CloudWatch::Alarm']!, []],
];

describe('the field tables of the importers', () => {
  it.each(CASES)('%s: a rule for every field of the API, and no other', (_what, table, fields, newer) => {
    const ours = norm(Object.keys(table));
    expect({ missing: norm(fields).filter((f) => !ours.includes(f)), extra: ours.filter((f) => !norm(fields).includes(f)) }).toEqual({ missing: [], extra: norm(newer) });
  });
});
