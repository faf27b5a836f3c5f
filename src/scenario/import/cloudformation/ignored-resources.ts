/**
 * CloudFormation resource types fleetsim does not model, by service: those that change nothing
 * it simulates are noted as ignored (one line per resource, with why); any other type is a
 * warning, since it might change the answer (an AWS::Lambda::Function or a custom resource that
 * changes the service at deploy time, an AWS::ECS::TaskSet).
 */
import { suggest } from '../../../engine/did-you-mean.js';
import type { ImportContext } from '../import-context.js';
import type { SourceDocument } from '../source-document.js';
import type { TemplateResource } from './template-context.js';

/** Why a resource type changes nothing fleetsim simulates, by type or by `AWS::<Service>::` prefix. */
const IGNORED: readonly (readonly [string, string])[] = [
  ['AWS::IAM::', 'IAM permissions: fleetsim assumes every call is allowed'],
  ['AWS::Logs::', 'logs change what is observed, not what runs'],
  ['AWS::CloudWatch::Dashboard', 'a dashboard'],
  ['AWS::KMS::', 'encryption keys'],
  ['AWS::SecretsManager::', 'secrets the app reads'],
  ['AWS::SSM::Parameter', 'configuration the app reads'],
  ['AWS::S3::', 'storage the app uses'],
  ['AWS::SNS::', 'notifications'],
  ['AWS::CDK::Metadata', "the CDK's version metadata"],
  ['AWS::EC2::SecurityGroup', 'security groups filter traffic; they change neither placement nor start-up'],
  ['AWS::EC2::InternetGateway', "routing between the VPC and the internet: fleetsim's requests arrive at the load balancer"],
  ['AWS::EC2::VPCGatewayAttachment', "routing between the VPC and the internet: fleetsim's requests arrive at the load balancer"],
  ['AWS::EC2::NatGateway', 'routing from private subnets to the internet: image pulls are timed by the pull model'],
  ['AWS::EC2::EIP', 'a public address for a NAT gateway or load balancer'],
  ['AWS::EC2::RouteTable', 'routing inside the VPC'],
  ['AWS::EC2::Route', 'routing inside the VPC'],
  ['AWS::EC2::SubnetRouteTableAssociation', 'routing inside the VPC'],
  ['AWS::EC2::VPCEndpoint', 'private routes to AWS services: image pulls are timed by the pull model'],
  ['AWS::EC2::FlowLog', 'traffic logs'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', "the load balancer itself: fleetsim models its target groups' health checks (and prices an ALB per service with a load balancer)"],
  ['AWS::ElasticLoadBalancingV2::Listener', "the load balancer's routing: fleetsim sends a service's load to its healthy targets"],
  ['AWS::ElasticLoadBalancingV2::ListenerRule', "the load balancer's routing: fleetsim sends a service's load to its healthy targets"],
  ['AWS::ElasticLoadBalancingV2::ListenerCertificate', 'TLS certificates of the load balancer'],
  ['AWS::CertificateManager::', 'TLS certificates'],
  ['AWS::Route53::', 'DNS records outside the cluster'],
  ['AWS::ServiceDiscovery::', 'Cloud Map service discovery is not modelled'],
  ['AWS::ECR::Repository', 'the image repository: image pulls are timed by the pull model'],
  ['AWS::WAFv2::', 'request filtering in front of the load balancer'],
  ['AWS::Events::', 'event routing'],
];

/**
 * Notes a resource of a type no handler reads. `modelled`: the types that have one, so that a
 * misspelt one (`AWS::ECS::Servce`) is an error with a did-you-mean rather than a warning.
 */
export function ignoredResourceType(resource: TemplateResource, doc: SourceDocument, ctx: ImportContext, modelled: readonly string[]): void {
  const why = IGNORED.find(([prefix]) => resource.type.startsWith(prefix))?.[1];
  if (why !== undefined) {
    ctx.log.note('ignored', doc, resource.path, `${resource.type}: ${why}`);
    return;
  }
  const misspelt = suggest(resource.type, modelled);
  if (misspelt.length > 0) ctx.log.problem(doc, [...resource.path, 'Type'], `unknown resource type '${resource.type}' (did you mean '${misspelt[0]}'?)`);
  else ctx.log.note('warning', doc, resource.path, `${resource.type} is not modelled: not imported, and it may change the answer`);
}
