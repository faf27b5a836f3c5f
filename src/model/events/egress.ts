import type { AwsServiceEndpoint } from '../network/egress.js';
import type { EventDocs } from './docs.js';

/** Trace events of the VPC path to AWS services: what a task start sends through it (docs/models.md, "Start-up dependencies"). */

/** What a task start moved through the VPC's NAT gateway or an endpoint. */
export type EgressPurpose = 'image-layers' | 'registry-api' | 'secret';

export interface EgressTransferred {
  readonly type: 'egress.transferred';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  /** The caller's Availability Zone. */
  readonly az: string;
  /** The AWS service called; null: a registry outside AWS (through a NAT gateway only). */
  readonly endpoint: AwsServiceEndpoint | null;
  /** `endpoint`: a VPC endpoint (`gateway` for S3's); `nat`: the NAT gateway in `natAz`. */
  readonly via: 'endpoint' | 'nat';
  readonly gateway: boolean;
  readonly natAz: string | null;
  /** The bytes crossed AZs (a shared NAT gateway in another AZ). */
  readonly crossAz: boolean;
  readonly purpose: EgressPurpose;
  readonly bytes: number;
}

export type EgressEvent = EgressTransferred;

export const EGRESS_EVENT_DOCS = {
  'egress.transferred': {
    when: "A task start's calls to AWS went through the VPC's path (only when the scenario declares cluster.vpc.egress): its secrets, ECR's API calls, or its image layers (a Fargate task pulls every time; an EC2 host once per image). The cost report bills NAT gateway and endpoint data processing from these.",
    fields: {
      task: 'The task or pod.',
      service: 'Its service or workload.',
      az: "The caller's Availability Zone.",
      endpoint: 'The AWS service called (ecr.api, ecr.dkr, s3, secretsmanager, ssm, ...); null for a registry outside AWS.',
      via: 'endpoint (a VPC endpoint) or nat (a NAT gateway).',
      gateway: 'Through the S3 gateway endpoint (no charge).',
      natAz: "The NAT gateway's AZ (null through an endpoint).",
      crossAz: 'The bytes crossed AZs to a shared NAT gateway (cross-AZ data transfer, both ways).',
      purpose: 'image-layers, registry-api (ECR authorization and manifest) or secret.',
      bytes: 'Bytes moved.',
    },
    examples: [
      { type: 'egress.transferred', time: 0, task: 't-000003', service: 'api', az: 'us-east-1a', endpoint: 's3', via: 'nat', gateway: false, natAz: 'us-east-1a', crossAz: false, purpose: 'image-layers', bytes: 188_743_680 },
      { type: 'egress.transferred', time: 0, task: 't-000003', service: 'api', az: 'us-east-1b', endpoint: 'secretsmanager', via: 'endpoint', gateway: false, natAz: null, crossAz: false, purpose: 'secret', bytes: 8192 },
    ],
  },
} satisfies EventDocs<EgressEvent>;
