/** The VPC a cluster's tasks and pods take addresses from, and the Amazon VPC CNI's settings. */
import { DEFAULT_CNI_SETTINGS as CNI } from '../../model/network/cni-settings.js';
import { AWS_SERVICE_ENDPOINTS } from '../../model/network/egress.js';
import { MAX_SUBNETS } from '../limits.js';
import { Closed, ItemLimit, Optional, StringEnum, StringMap, Type } from './fields.js';

export const Subnet = Closed({
  id: Optional(Type.String({ minLength: 1, description: 'Name used in outputs (default subnet-1, subnet-2, ...).' })),
  az: Type.String({ description: "The subnet's Availability Zone, one of the cluster's." }),
  cidr: Type.String({ description: 'IPv4 CIDR, /16 to /28, e.g. 10.0.0.0/24; subnets must not overlap.' }),
});

export const Egress = Closed(
  {
    natGateways: Optional(
      StringEnum(['per-az', 'single', 'none'], {
        description: 'NAT gateways for the private subnets: one in each AZ with subnets (per-az), one shared by every AZ (single, in natGatewayAz; cross-AZ traffic is charged), or none.',
        default: 'none',
      }),
    ),
    natGatewayAz: Optional(Type.String({ description: "With natGateways: single, the gateway's AZ (default: the first AZ with subnets)." })),
    endpoints: Optional(
      Type.Array(StringEnum(AWS_SERVICE_ENDPOINTS, { description: 'An AWS service, as its endpoint service name com.amazonaws.<region>.<name>.' }), {
        uniqueItems: true,
        description: 'VPC endpoints with private DNS: interface endpoints (ecr.api, ecr.dkr, secretsmanager, ssm, logs, sts; one ENI per AZ with subnets) and the S3 gateway endpoint (s3) that ECR image layers come through.',
      }),
    ),
  },
  {
    description:
      "How the private subnets reach AWS services at task start (ECR, Secrets Manager, SSM): a call goes to the service's endpoint if there is one, else through a NAT gateway, else it times out (docs/models.md, \"Start-up dependencies\"). The cost report bills the gateways and endpoints. Absent: not modelled (every call succeeds, nothing is billed).",
  },
);

export const Vpc = Closed(
  {
    subnets: Type.Array(Subnet, { minItems: 1, ...ItemLimit(MAX_SUBNETS, 'Amazon VPC quota: subnets per VPC'), description: 'Any number per AZ.' }),
    egress: Optional(Egress),
  },
  { description: 'The VPC: required on EKS and for awsvpc or Fargate tasks.' },
);

export const Cni = Closed(
  {
    prefixDelegation: Optional(Type.Boolean({ description: 'ENABLE_PREFIX_DELEGATION: /28 prefixes instead of single addresses (Nitro instances only).', default: CNI.prefixDelegation })),
    warmEniTarget: Optional(Type.Integer({ minimum: 0, description: 'WARM_ENI_TARGET.', default: CNI.warmEniTarget })),
    warmIpTarget: Optional(Type.Integer({ minimum: 0, description: 'WARM_IP_TARGET (default unset).' })),
    minimumIpTarget: Optional(Type.Integer({ minimum: 0, description: 'MINIMUM_IP_TARGET (default unset).' })),
    warmPrefixTarget: Optional(Type.Integer({ minimum: 0, description: 'WARM_PREFIX_TARGET.', default: CNI.warmPrefixTarget })),
    enablePodEni: Optional(
      Type.Boolean({
        description:
          'ENABLE_POD_ENI (security groups for pods): trunking-capable nodes get a trunk ENI (one ENI slot fewer for pod addresses and max pods) and offer their branch ENIs as vpc.amazonaws.com/pod-eni.',
        default: CNI.podEni,
      }),
    ),
  },
  { description: 'Amazon VPC CNI settings (aws-node environment variables).' },
);

/** A SecurityGroupPolicy (vpcresources.k8s.aws/v1beta1): the pods it selects get a branch ENI. */
export const SecurityGroupPolicy = Closed(
  {
    name: Type.String({ minLength: 1, description: 'Its name.' }),
    namespace: Optional(Type.String({ minLength: 1, description: 'Its namespace: it selects pods there only.', default: 'default' })),
    podSelector: Closed(
      { matchLabels: Optional(StringMap({ description: 'Labels the pods must all carry; none: every pod of the namespace.' })) },
      { description: "The pods it applies to (by their template's labels)." },
    ),
    securityGroupIds: Optional(Type.Array(Type.String(), { maxItems: 5, description: 'The security groups (documentation only: traffic rules are not modelled; at most 5 per policy).' })),
  },
  {
    description:
      "EKS security groups for pods: a selected pod on an EC2 node asks for vpc.amazonaws.com/pod-eni: 1 (the VPC resource controller's webhook) and takes a branch ENI of its node's trunk; with cni.enablePodEni off, or on nodes that cannot trunk, it stays Pending.",
  },
);
