/**
 * A CloudFormation template (JSON or YAML, hand-written or from `cdk synth`): its sections
 * accounted for, its parameters, mappings and conditions set up for the intrinsic-function
 * resolver, and each resource handed to the handler of its type. Resource types that change
 * nothing fleetsim simulates (IAM, logs, security groups, routing) are noted as ignored, one line
 * per resource; types it does not know are a warning. Of the template's subnets, those a
 * service, Auto Scaling group or node group runs in become the cluster's (all of them when none
 * is named): the rest hold load balancers and NAT gateways.
 */
import { accountFor, isObject, type Json } from '../account-fields.js';
import { ignored, MODELLED, unmodelled, type Fields } from '../field-rules.js';
import type { ImportContext } from '../import-context.js';
import type { ImportedSystem } from '../imported-system.js';
import type { SourceDocument } from '../source-document.js';
import { isUnresolved, unresolved } from '../unresolved.js';
import { alarm } from './alarm-resources.js';
import { autoScalingGroup, launchConfiguration, launchTemplate } from './compute-resources.js';
import { eksCluster, fargateProfile, nodegroup } from './eks-resources.js';
import { capacityProvider, cluster, clusterCapacityProviderAssociations, scalableTarget, scalingPolicy, service, taskDefinition } from './ecs-resources.js';
import { conditionHolds, resolve, type ResolveContext } from './intrinsics.js';
import { ignoredResourceType } from './ignored-resources.js';
import { subnet, targetGroup, vpc } from './network-resources.js';
import { identityOf, scalingPolicyArn } from './resource-identity.js';
import type { ResourceHandler, TemplateContext, TemplateResource } from './template-context.js';

const HANDLERS: Readonly<Record<string, ResourceHandler>> = {
  'AWS::ECS::TaskDefinition': taskDefinition,
  'AWS::ECS::Service': service,
  'AWS::ECS::Cluster': cluster,
  'AWS::ECS::ClusterCapacityProviderAssociations': clusterCapacityProviderAssociations,
  'AWS::ECS::CapacityProvider': capacityProvider,
  'AWS::ApplicationAutoScaling::ScalableTarget': scalableTarget,
  'AWS::ApplicationAutoScaling::ScalingPolicy': scalingPolicy,
  'AWS::AutoScaling::AutoScalingGroup': autoScalingGroup,
  'AWS::AutoScaling::LaunchConfiguration': launchConfiguration,
  'AWS::EC2::LaunchTemplate': launchTemplate,
  'AWS::EC2::VPC': vpc,
  'AWS::EC2::Subnet': subnet,
  'AWS::ElasticLoadBalancingV2::TargetGroup': targetGroup,
  'AWS::EKS::Cluster': eksCluster,
  'AWS::EKS::Nodegroup': nodegroup,
  'AWS::EKS::FargateProfile': fargateProfile,
  'AWS::CloudWatch::Alarm': alarm,
};

const TEMPLATE_FIELDS: Fields = {
  AWSTemplateFormatVersion: ignored('the template format version'),
  Description: ignored('free text'),
  Metadata: ignored('template metadata for tools'),
  Parameters: MODELLED,
  Rules: ignored('checks CloudFormation makes on parameters before it deploys'),
  Mappings: MODELLED,
  Conditions: MODELLED,
  Transform: unmodelled('macros (AWS::Serverless, AWS::Include) are expanded by CloudFormation at deploy time; fleetsim reads the template as it is'),
  Resources: MODELLED,
  Outputs: ignored("the stack's outputs"),
};

const RESOURCE_FIELDS: Fields = {
  Type: MODELLED,
  Properties: MODELLED,
  Condition: MODELLED,
  DependsOn: ignored('creation order: the simulation starts with the stack deployed'),
  Metadata: ignored('resource metadata for tools'),
  DeletionPolicy: ignored('what happens to the resource when the stack is deleted'),
  UpdateReplacePolicy: ignored('what happens to the resource when an update replaces it'),
  CreationPolicy: ignored('how CloudFormation waits for the resource while it creates the stack'),
  UpdatePolicy: ignored('how CloudFormation updates the resource on a stack update'),
};

export interface TemplateOptions {
  /** Values of the template's Parameters, from the import entry. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** AWS::StackName. */
  readonly stackName: string;
  /** Reports a parameter the import gives that the template does not declare (at the import, in the scenario). */
  readonly undeclared: (name: string, declared: readonly string[]) => void;
}

export function readTemplate(doc: SourceDocument, system: ImportedSystem, ctx: ImportContext, options: TemplateOptions): void {
  const template = accountFor(doc.data, TEMPLATE_FIELDS, doc, [], ctx.log);
  const resources = isObject(template.Resources) ? template.Resources : {};
  const rc: ResolveContext = {
    region: ctx.region,
    availabilityZones: ctx.availabilityZones,
    stackName: options.stackName,
    parameters: parameterValues(template, options),
    mappings: isObject(template.Mappings) ? template.Mappings : {},
    conditions: isObject(template.Conditions) ? template.Conditions : {},
    resources: (id) => {
      const r = resources[id];
      return isObject(r) && typeof r.Type === 'string' ? identityOf(r.Type, id, () => t.properties(id), ctx.region) : undefined;
    },
  };
  const cache = new Map<string, Json>();
  const resolving = new Set<string>();
  const t: TemplateContext = {
    doc,
    system,
    ctx,
    properties: (id) => {
      const cached = cache.get(id);
      if (cached !== undefined) return cached;
      const r = resources[id];
      if (!isObject(r) || !isObject(r.Properties) || resolving.has(id)) return {};
      resolving.add(id);
      const resolved = resolve(r.Properties, rc);
      resolving.delete(id);
      const props = isObject(resolved) ? resolved : {};
      cache.set(id, props);
      return props;
    },
    logicalIdsOf: (type) => Object.keys(resources).filter((id) => isObject(resources[id]) && (resources[id] as Json).Type === type),
    stepPolicies: new Set(),
    subnets: new Map(),
    usedSubnets: new Set(),
  };
  for (const id of t.logicalIdsOf('AWS::ApplicationAutoScaling::ScalingPolicy')) {
    if (t.properties(id).PolicyType === 'StepScaling') (t.stepPolicies as Set<string>).add(scalingPolicyArn(id, ctx.region));
  }
  for (const [logicalId, raw] of Object.entries(resources)) {
    const path = ['Resources', logicalId];
    const attributes = accountFor(raw, RESOURCE_FIELDS, doc, path, ctx.log);
    if (typeof attributes.Type !== 'string') {
      ctx.log.problem(doc, path, 'a resource needs a Type');
      continue;
    }
    const holds = conditionHolds(attributes.Condition, rc);
    if (holds !== true) {
      ctx.log.note(isUnresolved(holds) ? 'warning' : 'ignored', doc, [...path, 'Condition'], isUnresolved(holds) ? `${holds.unresolved}: the resource is not imported` : `condition '${String(attributes.Condition)}' is false: CloudFormation does not create it`);
      continue;
    }
    const resource: TemplateResource = { logicalId, type: attributes.Type, path, propsPath: [...path, 'Properties'] };
    const handler = HANDLERS[attributes.Type];
    if (handler !== undefined) handler(resource, t);
    else ignoredResourceType(resource, doc, ctx, Object.keys(HANDLERS));
  }
  addSubnets(t);
}

/** Parameter values: the import's, else the Default; a parameter with neither resolves to Unresolved. */
function parameterValues(template: Json, options: TemplateOptions): Map<string, unknown> {
  const declared = isObject(template.Parameters) ? template.Parameters : {};
  for (const name of Object.keys(options.parameters)) if (!Object.hasOwn(declared, name)) options.undeclared(name, Object.keys(declared));
  const values = new Map<string, unknown>();
  for (const [name, p] of Object.entries(declared)) {
    const given = options.parameters[name];
    const fallback = isObject(p) ? p.Default : undefined;
    const ssm = isObject(p) && typeof p.Type === 'string' && p.Type.startsWith('AWS::SSM::Parameter::Value');
    if (given !== undefined) values.set(name, given);
    else if (ssm) values.set(name, unresolved(`parameter '${name}' is read from SSM Parameter Store at deploy time (give it in the import's parameters)`));
    else if (fallback !== undefined) values.set(name, isListParameter(p) ? String(fallback).split(',') : fallback);
    else values.set(name, unresolved(`parameter '${name}' has no Default and the import gives no value`));
  }
  return values;
}

/** CommaDelimitedList and List<...> parameters are lists; their Default is a comma-separated string. */
function isListParameter(p: unknown): boolean {
  const type = isObject(p) ? p.Type : undefined;
  return type === 'CommaDelimitedList' || (typeof type === 'string' && type.startsWith('List<'));
}

function addSubnets(t: TemplateContext): void {
  const used = [...t.subnets.keys()].filter((id) => t.usedSubnets.has(id));
  const kept = used.length > 0 ? used : [...t.subnets.keys()];
  for (const [id, { data, resource }] of t.subnets) {
    if (kept.includes(id)) t.system.setCluster('subnets', data, t.doc, resource.path);
    else t.ctx.log.note('ignored', t.doc, resource.path, 'no imported service, group or node group runs in this subnet (it holds load balancers or NAT gateways)');
  }
}
