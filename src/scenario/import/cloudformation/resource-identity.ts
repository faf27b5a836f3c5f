/**
 * What Ref and Fn::GetAtt give for the resources fleetsim models, as CloudFormation documents
 * them per resource type ("Return values"), with the names a template does not set made up the
 * way fleetsim names them (the logical ID): a subnet's Ref is its fleetsim subnet id, a task
 * definition's its ARN, a scalable target's `service/<cluster>/<service>|<dimension>|<namespace>`.
 * Attributes of other types are Unresolved: what AWS assigns at deploy time.
 */
import type { Json } from '../account-fields.js';
import { unresolved } from '../unresolved.js';
import { STAND_IN_ACCOUNT, type ResourceIdentity } from './intrinsics.js';

/** `props`: the resource's properties, resolved (a property that is not a string yields the fallback). */
export function identityOf(type: string, logicalId: string, props: () => Json, region: string): ResourceIdentity {
  const named = (key: string): string => {
    const value = props()[key];
    return typeof value === 'string' ? value : logicalId;
  };
  const arn = (service: string, resource: string): string => `arn:aws:${service}:${region}:${STAND_IN_ACCOUNT}:${resource}`;
  const make = (ref: () => unknown, attributes: Readonly<Record<string, () => unknown>> = {}): ResourceIdentity => ({
    ref: () => ref(),
    getAtt: (_id, attribute) => attributes[attribute]?.() ?? unresolved(`Fn::GetAtt ${logicalId}.${attribute}: an attribute AWS assigns when it creates the ${type}`),
  });
  switch (type) {
    case 'AWS::ECS::Cluster':
      return make(() => named('ClusterName'), { Arn: () => arn('ecs', `cluster/${named('ClusterName')}`) });
    case 'AWS::ECS::TaskDefinition':
      return make(() => taskDefinitionArn(named('Family'), region), { TaskDefinitionArn: () => taskDefinitionArn(named('Family'), region) });
    case 'AWS::ECS::Service':
      return make(() => arn('ecs', `service/${named('ServiceName')}`), { Name: () => named('ServiceName'), ServiceArn: () => arn('ecs', `service/${named('ServiceName')}`) });
    case 'AWS::ECS::CapacityProvider':
      return make(() => named('Name'));
    case 'AWS::EC2::Subnet':
      return make(() => logicalId, { SubnetId: () => logicalId, AvailabilityZone: () => props().AvailabilityZone, CidrBlock: () => props().CidrBlock });
    case 'AWS::EC2::VPC':
      return make(() => logicalId, { VpcId: () => logicalId, CidrBlock: () => props().CidrBlock });
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      return make(() => targetGroupArn(logicalId, region), {
        TargetGroupArn: () => targetGroupArn(logicalId, region),
        TargetGroupFullName: () => `targetgroup/${logicalId}/0`,
        TargetGroupName: () => named('Name'),
      });
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return make(() => arn('elasticloadbalancing', `loadbalancer/app/${logicalId}/0`), { LoadBalancerFullName: () => `app/${logicalId}/0`, LoadBalancerName: () => named('Name') });
    case 'AWS::AutoScaling::AutoScalingGroup':
      return make(() => named('AutoScalingGroupName'));
    case 'AWS::AutoScaling::LaunchConfiguration':
      return make(() => logicalId);
    case 'AWS::EC2::LaunchTemplate':
      return make(() => logicalId, { LaunchTemplateId: () => logicalId, LatestVersionNumber: () => '1', DefaultVersionNumber: () => '1' });
    case 'AWS::ApplicationAutoScaling::ScalingPolicy':
      return make(() => scalingPolicyArn(logicalId, region), { Arn: () => scalingPolicyArn(logicalId, region) });
    case 'AWS::ApplicationAutoScaling::ScalableTarget':
      return make(() => `${String(props().ResourceId)}|${String(props().ScalableDimension)}|${String(props().ServiceNamespace)}`);
    case 'AWS::EKS::Cluster':
      return make(() => named('Name'), { Arn: () => arn('eks', `cluster/${named('Name')}`) });
    case 'AWS::EKS::Nodegroup':
      return make(() => `${String(props().ClusterName)}/${named('NodegroupName')}`, { NodegroupName: () => named('NodegroupName') });
    default:
      return {
        ref: () => unresolved(`Ref '${logicalId}' (${type}): an identifier AWS assigns when it creates the resource`),
        getAtt: (_id, attribute) => unresolved(`Fn::GetAtt ${logicalId}.${attribute} (${type}): a value AWS assigns when it creates the resource`),
      };
  }
}

/** The ARN a CloudFormation task definition's Ref gives (revision 1: the template registers it once). */
export function taskDefinitionArn(family: string, region: string): string {
  return `arn:aws:ecs:${region}:${STAND_IN_ACCOUNT}:task-definition/${family}:1`;
}

export function targetGroupArn(logicalId: string, region: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${STAND_IN_ACCOUNT}:targetgroup/${logicalId}/0`;
}

/** What a scaling policy's Ref gives (its ARN; the logical ID stands for the ids AWS assigns). */
export function scalingPolicyArn(logicalId: string, region: string): string {
  return `arn:aws:autoscaling:${region}:${STAND_IN_ACCOUNT}:scalingPolicy:${logicalId}`;
}
