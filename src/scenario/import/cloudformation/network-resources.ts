/**
 * CloudFormation's network resources fleetsim models: AWS::EC2::VPC (its subnets carry the
 * addresses), AWS::EC2::Subnet (CIDR and Availability Zone) and
 * AWS::ElasticLoadBalancingV2::TargetGroup (health checks and deregistration delay, the
 * scenario's loadBalancer of the services registered with it).
 */
import { isObject } from '../account-fields.js';
import { ignored, listOf, MODELLED, nested, TAGS, unmodelled, warnUnless, type Fields } from '../field-rules.js';
import { given } from '../import-context.js';
import { targetGroupArn } from './resource-identity.js';
import { accountedProperties, type ResourceHandler } from './template-context.js';

const VPC_ADDRESSING = ignored("the VPC's own settings: fleetsim's addresses come from its subnets");

export const VPC_FIELDS: Fields = {
  cidrBlock: VPC_ADDRESSING,
  enableDnsHostnames: VPC_ADDRESSING,
  enableDnsSupport: VPC_ADDRESSING,
  instanceTenancy: warnUnless((v) => v === undefined || v === 'default', 'dedicated tenancy changes instance prices'),
  ipv4IpamPoolId: VPC_ADDRESSING,
  ipv4NetmaskLength: VPC_ADDRESSING,
  vpcEncryptionControl: ignored('encryption of traffic in the VPC'),
  tags: TAGS,
};

const SUBNET_SETTING = ignored('a subnet setting that changes neither how many addresses it has nor its zone');

export const SUBNET_FIELDS: Fields = {
  availabilityZone: MODELLED,
  availabilityZoneId: unmodelled('a zone ID maps to a zone name per account: give AvailabilityZone'),
  cidrBlock: MODELLED,
  vpcId: ignored('fleetsim has one VPC'),
  mapPublicIpOnLaunch: SUBNET_SETTING,
  assignIpv6AddressOnCreation: SUBNET_SETTING,
  enableDns64: SUBNET_SETTING,
  enableLniAtDeviceIndex: SUBNET_SETTING,
  ipv4IpamPoolId: unmodelled('a CIDR allocated from IPAM is not known until deployment: give CidrBlock'),
  ipv4NetmaskLength: unmodelled('a CIDR allocated from IPAM is not known until deployment: give CidrBlock'),
  ipv6CidrBlock: ignored('IPv6 addressing is not modelled'),
  ipv6IpamPoolId: ignored('IPv6 addressing is not modelled'),
  ipv6Native: unmodelled('IPv6-only subnets are not modelled'),
  ipv6NetmaskLength: ignored('IPv6 addressing is not modelled'),
  outpostArn: unmodelled('subnets on an Outpost are not modelled'),
  privateDnsNameOptionsOnLaunch: SUBNET_SETTING,
  tags: TAGS,
};

const TARGET_GROUP_ROUTING = ignored('how the ALB reaches the targets: the health check timing is what fleetsim models');

export const TARGET_GROUP_FIELDS: Fields = {
  healthCheckIntervalSeconds: MODELLED,
  healthCheckTimeoutSeconds: MODELLED,
  healthyThresholdCount: MODELLED,
  unhealthyThresholdCount: MODELLED,
  targetGroupAttributes: listOf(nested({ key: MODELLED, value: MODELLED })),
  healthCheckEnabled: MODELLED,
  healthCheckPath: TARGET_GROUP_ROUTING,
  healthCheckPort: TARGET_GROUP_ROUTING,
  healthCheckProtocol: TARGET_GROUP_ROUTING,
  matcher: TARGET_GROUP_ROUTING,
  ipAddressType: TARGET_GROUP_ROUTING,
  name: ignored("the target group's name"),
  port: TARGET_GROUP_ROUTING,
  protocol: TARGET_GROUP_ROUTING,
  protocolVersion: TARGET_GROUP_ROUTING,
  targetType: TARGET_GROUP_ROUTING,
  targetControlPort: TARGET_GROUP_ROUTING,
  targets: ignored('targets registered by hand: ECS registers the tasks'),
  vpcId: ignored('fleetsim has one VPC'),
  tags: TAGS,
};

/** Target group attributes: the deregistration delay is modelled; the rest (stickiness, slow start, ...) noted one by one. */
const DEREGISTRATION_DELAY = 'deregistration_delay.timeout_seconds';

export const vpc: ResourceHandler = (resource, t) => {
  accountedProperties(resource, t, VPC_FIELDS);
};

export const subnet: ResourceHandler = (resource, t) => {
  const fields = accountedProperties(resource, t, SUBNET_FIELDS);
  const data = t.ctx.origins.mark({ id: resource.logicalId, ...given('az', fields.availabilityZone), ...given('cidr', fields.cidrBlock) }, t.doc, resource.propsPath, {
    id: resource.path,
    az: [...resource.propsPath, 'AvailabilityZone'],
    cidr: [...resource.propsPath, 'CidrBlock'],
  });
  t.subnets.set(resource.logicalId, { data, resource });
};

export const targetGroup: ResourceHandler = (resource, t) => {
  const fields = accountedProperties(resource, t, TARGET_GROUP_FIELDS);
  if (fields.healthCheckEnabled === false) t.ctx.log.note('warning', t.doc, [...resource.propsPath, 'HealthCheckEnabled'], 'not modelled, and it would change the answer: fleetsim checks target health');
  const attributes = Array.isArray(fields.targetGroupAttributes) ? fields.targetGroupAttributes.filter(isObject) : [];
  let delay: number | undefined;
  attributes.forEach((a, i) => {
    if (a.key === DEREGISTRATION_DELAY) delay = Number(a.value);
    else t.ctx.log.note('ignored', t.doc, [...resource.propsPath, 'TargetGroupAttributes', i], `${String(a.key)}: a target group attribute that changes neither health checks nor deregistration`);
  });
  const data = t.ctx.origins.mark(
    {
      ...given('healthCheckIntervalSeconds', fields.healthCheckIntervalSeconds),
      ...given('healthCheckTimeoutSeconds', fields.healthCheckTimeoutSeconds),
      ...given('healthyThresholdCount', fields.healthyThresholdCount),
      ...given('unhealthyThresholdCount', fields.unhealthyThresholdCount),
      ...given('deregistrationDelaySeconds', Number.isFinite(delay) ? delay : undefined),
    },
    t.doc,
    resource.propsPath,
    { deregistrationDelaySeconds: [...resource.propsPath, 'TargetGroupAttributes'] },
  );
  t.system.targetGroups.set(targetGroupArn(resource.logicalId, t.ctx.region), data);
};
