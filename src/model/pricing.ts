import type { CpuArchitecture, InstanceType } from './catalog/instance-type.js';

/**
 * What AWS charges for what a run uses, us-east-1 by default. Plain data plus pure arithmetic:
 * the cost report (src/report/cost.ts) applies these to the trace; a scenario's `pricing:`
 * section overrides any figure (src/scenario/sections/pricing.ts). Every default names its
 * source; where a figure is a modelling assumption rather than a published price, it says so.
 *
 * Units: USD; hours; Fargate memory in GB as AWS bills it (1 GB = 1,024 MiB, so a 2048-MiB task
 * pays for 2 GB); data in binary GB (2^30 bytes), the unit AWS's usage reports use.
 */

/** Hours in AWS's monthly estimates (365 x 24 / 12 = 730; the AWS Pricing Calculator's month). */
export const HOURS_PER_MONTH = 730;

/** Bytes in the GB that data transfer and ALB processed bytes are billed by (2^30). */
export const BYTES_PER_GB = 1024 ** 3;

export interface FargateRates {
  /** Per vCPU-hour. */
  readonly vcpuHourUsd: number;
  /** Per GB-hour of task memory. */
  readonly gbHourUsd: number;
}

/**
 * A purchase commitment applied to on-demand usage: Reserved Instances (EC2 only) or a Compute
 * Savings Plan (EC2 and Fargate). `coverage` is the fraction of on-demand usage it covers (a
 * commitment sized to the steady baseline covers all of a steady run).
 */
export interface CommitmentSpec {
  readonly type: 'none' | 'reserved-instances' | 'savings-plan';
  /** Discount on covered EC2 on-demand usage, a fraction (0.37 = 37 % off). */
  readonly ec2Discount: number;
  /** Discount on covered Fargate usage (Savings Plans only; Reserved Instances do not cover Fargate). */
  readonly fargateDiscount: number;
  readonly coverage: number;
}

/**
 * What a request costs the load balancer and the network, for the LCU estimate and data
 * transfer (fleetsim models request counts, not bytes or connections; these are assumptions,
 * override them with your own).
 */
export interface RequestProfile {
  /** Bytes from the client per request (processed by the ALB). */
  readonly requestBytes: number;
  /** Bytes of each successful response (processed by the ALB, and data transfer out to the internet). */
  readonly responseBytes: number;
  /** Requests per client connection (HTTP keep-alive). */
  readonly requestsPerConnection: number;
  /** How long a client connection stays open, ms (active connections = new connections/s x this). */
  readonly connectionMs: number;
  /** Listener rules evaluated per request (the first 10 are free). */
  readonly rulesEvaluated: number;
}

/** The ALB's Load Balancer Capacity Unit: one LCU-hour buys the most of any one of these. */
export interface LcuDimensions {
  readonly newConnectionsPerSecond: number;
  readonly activeConnections: number;
  /** GB processed per hour (EC2, container and IP targets). */
  readonly processedGbPerHour: number;
  readonly ruleEvaluationsPerSecond: number;
  /** Rules per request that are not charged. */
  readonly freeRules: number;
}

export interface PricingSpec {
  readonly fargate: {
    readonly x86: FargateRates;
    readonly arm64: FargateRates;
    /** Fargate Spot price below Fargate, a fraction. */
    readonly spotDiscount: number;
    /** Billing: per second, with this minimum per task. */
    readonly minimumBilledSeconds: number;
  };
  readonly ec2: {
    /** Per-type on-demand prices that replace the catalog's (`onDemandHourlyUsd`). */
    readonly onDemandHourlyUsd: Readonly<Record<string, number>>;
    /** EC2 Spot price below on-demand, a fraction. */
    readonly spotDiscount: number;
    /** Billing: per second, with this minimum per instance (Linux). */
    readonly minimumBilledSeconds: number;
  };
  readonly commitment: CommitmentSpec;
  /** Per EKS cluster-hour (standard support). */
  readonly eksControlPlaneHourlyUsd: number;
  readonly loadBalancer: {
    /** Per ALB-hour or partial hour. */
    readonly hourlyUsd: number;
    readonly lcuHourUsd: number;
    readonly lcu: LcuDimensions;
  };
  /** Data transfer out to the internet, per GB (the first-10-TB tier). */
  readonly dataTransferOutPerGbUsd: number;
  readonly requests: RequestProfile;
  /**
   * The steady-state window the monthly projection scales to 730 hours, ms before the end of the
   * run; null means the last quarter of the run.
   */
  readonly projectionWindowMs: number | null;
}

/**
 * Typical Reserved Instance discounts (standard offering class) off on-demand, from the us-east-1
 * m5.xlarge rates of early 2026 (on-demand $0.192/h): 1-year no upfront $0.120 (37 %), 1-year all
 * upfront $0.113 effective (41 %), 3-year no upfront $0.081 (58 %), 3-year all upfront $0.070
 * effective (64 %) (xplorr.io, "AWS Reserved Instances vs Savings Plans", real m5.xlarge pricing
 * table; the AWS Reserved Instance pricing page lists the same offerings). Other families are
 * close but not identical: an assumption when applied to them.
 */
export const RESERVED_INSTANCE_DISCOUNTS = {
  oneYearNoUpfront: 0.37,
  oneYearAllUpfront: 0.41,
  threeYearNoUpfront: 0.58,
  threeYearAllUpfront: 0.64,
} as const;

/**
 * Compute Savings Plan discounts, 1-year no upfront. EC2: m5.xlarge $0.122 vs $0.192 on-demand
 * (36 %, same source as above). Fargate: AWS quotes "up to 50 %" (3-year); 20 % for 1-year no
 * upfront is an assumption.
 */
export const SAVINGS_PLAN_DISCOUNTS = { ec2: 0.36, fargate: 0.2 } as const;

export const DEFAULT_PRICING: PricingSpec = {
  fargate: {
    // AWS Fargate pricing page, us-east-1, Linux/x86 (also the seed's §4 table).
    x86: { vcpuHourUsd: 0.04048, gbHourUsd: 0.004445 },
    // Linux/ARM (Graviton): $0.03238 and $0.00356, 20 % below x86 (AWS Fargate pricing page, as
    // quoted by Vantage's "AWS Fargate Pricing Explained").
    arm64: { vcpuHourUsd: 0.03238, gbHourUsd: 0.00356 },
    // "up to a 70 % discount off the regular Fargate price" (AWS Fargate pricing page, Fargate
    // Spot). The real discount floats with spare capacity; the ceiling is the default.
    spotDiscount: 0.7,
    // "from the time you start to download your container image until the Task or Pod
    // terminates, rounded up to the nearest second", with a one-minute minimum (AWS Fargate
    // pricing page; Vantage).
    minimumBilledSeconds: 60,
  },
  ec2: {
    onDemandHourlyUsd: {},
    // Karpenter's spotDiscount default in fleetsim (docs/capacity.md): an assumption; AWS quotes
    // "up to 90 %". A scenario's cluster.karpenter.spotDiscount is used when this is not set.
    spotDiscount: 0.65,
    // "Linux based instances ... billed on one second increments, with a minimum of 60 seconds"
    // (AWS What's New, 2017-10-02, "Announcing Amazon EC2 per second billing").
    minimumBilledSeconds: 60,
  },
  commitment: { type: 'none', ec2Discount: 0, fargateDiscount: 0, coverage: 1 },
  // Amazon EKS pricing: $0.10 per cluster per hour (standard support; $0.60 in extended support).
  eksControlPlaneHourlyUsd: 0.1,
  loadBalancer: {
    // Elastic Load Balancing pricing, us-east-1: ALB $0.0225 per ALB-hour (or partial hour) and
    // $0.008 per LCU-hour. An LCU is 25 new connections per second, 3,000 active connections
    // (per minute), 1 GB processed per hour for EC2/container/IP targets, or 1,000 rule
    // evaluations per second (the first 10 rules per request free); the hour's LCUs are the
    // largest of the four.
    hourlyUsd: 0.0225,
    lcuHourUsd: 0.008,
    lcu: { newConnectionsPerSecond: 25, activeConnections: 3000, processedGbPerHour: 1, ruleEvaluationsPerSecond: 1000, freeRules: 10 },
  },
  // EC2 data transfer out to the internet, first 10 TB/month tier: $0.09/GB (AWS EC2 on-demand
  // pricing, "Data Transfer"). The account-wide 100 GB/month free tier is not applied.
  dataTransferOutPerGbUsd: 0.09,
  // Assumptions (fleetsim models request counts only): a small JSON API request and response,
  // keep-alive connections of 10 requests held for 10 s, one listener rule.
  requests: { requestBytes: 1024, responseBytes: 2048, requestsPerConnection: 10, connectionMs: 10_000, rulesEvaluated: 1 },
  projectionWindowMs: null,
};

/** The discount fractions `type` brings when a scenario does not give its own. */
export function defaultCommitment(type: CommitmentSpec['type']): CommitmentSpec {
  switch (type) {
    case 'none':
      return DEFAULT_PRICING.commitment;
    case 'reserved-instances':
      return { type, ec2Discount: RESERVED_INSTANCE_DISCOUNTS.oneYearNoUpfront, fargateDiscount: 0, coverage: 1 };
    case 'savings-plan':
      return { type, ec2Discount: SAVINGS_PLAN_DISCOUNTS.ec2, fargateDiscount: SAVINGS_PLAN_DISCOUNTS.fargate, coverage: 1 };
  }
}

/** On-demand price of an instance type: the scenario's override, else the catalog's. */
export function ec2OnDemandHourlyUsd(pricing: PricingSpec, type: InstanceType): number {
  return pricing.ec2.onDemandHourlyUsd[type.name] ?? type.onDemandHourlyUsd;
}

/** Fargate's on-demand price of a task of `vcpu` and `memoryMiB` per hour (memory in GB = MiB / 1024). */
export function fargateHourlyUsd(pricing: PricingSpec, vcpu: number, memoryMiB: number, architecture: CpuArchitecture = 'x86_64'): number {
  const rates = architecture === 'arm64' ? pricing.fargate.arm64 : pricing.fargate.x86;
  return vcpu * rates.vcpuHourUsd + (memoryMiB / 1024) * rates.gbHourUsd;
}

/**
 * Seconds billed for a resource that ran `ms`: rounded up to the whole second, at least the
 * minimum (EC2 Linux and Fargate: 60 s).
 */
export function billedSeconds(ms: number, minimumSeconds: number): number {
  return Math.max(minimumSeconds, Math.ceil(ms / 1000));
}

/**
 * The split of on-demand usage by what pays for it: the covered fraction at the commitment's
 * discount, the rest at on-demand. Returns [label, fraction of usage, price multiplier].
 */
export function commitmentSplit(commitment: CommitmentSpec, product: 'ec2' | 'fargate'): readonly (readonly [label: 'on-demand' | 'reserved' | 'savings-plan', share: number, multiplier: number])[] {
  const discount = product === 'ec2' ? commitment.ec2Discount : commitment.fargateDiscount;
  if (commitment.type === 'none' || commitment.coverage <= 0 || (commitment.type === 'reserved-instances' && product === 'fargate')) return [['on-demand', 1, 1]];
  const label = commitment.type === 'reserved-instances' ? 'reserved' : 'savings-plan';
  const covered = Math.min(1, commitment.coverage);
  const parts: (readonly ['on-demand' | 'reserved' | 'savings-plan', number, number])[] = [[label, covered, 1 - discount]];
  if (covered < 1) parts.push(['on-demand', 1 - covered, 1]);
  return parts;
}

/** Traffic over a span, as the ALB sees it. */
export interface TrafficTotals {
  readonly requests: number;
  /** Requests answered by a target (not 5XX): their responses carry `responseBytes`. */
  readonly successful: number;
}

/** Bytes the ALB processes for this traffic (requests in, successful responses out). */
export function processedBytes(requests: RequestProfile, t: TrafficTotals): number {
  return t.requests * requests.requestBytes + t.successful * requests.responseBytes;
}

/** Bytes sent out to the internet: the successful responses. */
export function bytesOut(requests: RequestProfile, t: TrafficTotals): number {
  return t.successful * requests.responseBytes;
}

/**
 * LCUs for traffic `t` spread over `seconds` (an hour's worth for billing; any window for a
 * rate): the largest of the four dimensions, each averaged over the span.
 */
export function lcus(pricing: PricingSpec, t: TrafficTotals, seconds: number): number {
  if (seconds <= 0) return 0;
  const r = pricing.requests;
  const d = pricing.loadBalancer.lcu;
  const newConnectionsPerSecond = t.requests / r.requestsPerConnection / seconds;
  const active = newConnectionsPerSecond * (r.connectionMs / 1000);
  const gbPerHour = (processedBytes(r, t) / BYTES_PER_GB) * (3600 / seconds);
  const rulesPerSecond = (t.requests * Math.max(0, r.rulesEvaluated - d.freeRules)) / seconds;
  return Math.max(newConnectionsPerSecond / d.newConnectionsPerSecond, active / d.activeConnections, gbPerHour / d.processedGbPerHour, rulesPerSecond / d.ruleEvaluationsPerSecond);
}

/**
 * What a VPC's path to AWS services costs, us-east-1, read 2026-12-04 (docs/costs.md,
 * "NAT gateways and VPC endpoints"). Not overridable from a scenario's `pricing:` yet.
 */
export interface VpcNetworkPrices {
  /** Amazon VPC pricing, "NAT gateway pricing": $0.045 per NAT gateway-hour (each partial hour billed as a full hour). */
  readonly natGatewayHourlyUsd: number;
  /** ...and $0.045 per GB of data processed, whatever its source or destination. */
  readonly natGatewayPerGbUsd: number;
  /** AWS PrivateLink pricing, "Interface endpoint pricing": $0.01 per VPC endpoint per AZ-hour. */
  readonly interfaceEndpointHourlyUsd: number;
  /** ...and $0.01 per GB processed (the first PB a month in the Region). */
  readonly interfaceEndpointPerGbUsd: number;
  /** Gateway endpoints (S3, DynamoDB) have no hourly or data processing charge (Amazon VPC user guide, "Gateway endpoints"). */
  readonly gatewayEndpointPerGbUsd: number;
  /**
   * EC2 on-demand pricing, "Data transfer within the AWS Region": $0.01 per GB in each direction
   * between Availability Zones, so a byte from a NAT gateway in another AZ is charged twice
   * (out of its AZ and into the task's).
   */
  readonly crossAzPerGbEachWayUsd: number;
}

export const VPC_NETWORK_PRICES: VpcNetworkPrices = {
  natGatewayHourlyUsd: 0.045,
  natGatewayPerGbUsd: 0.045,
  interfaceEndpointHourlyUsd: 0.01,
  interfaceEndpointPerGbUsd: 0.01,
  gatewayEndpointPerGbUsd: 0,
  crossAzPerGbEachWayUsd: 0.01,
};

/**
 * How an hour of one billed resource splits into cost lines: [capacity type label, share of its
 * hours, multiplier of its on-demand price].
 */
export type BillingParts = readonly (readonly [label: string, share: number, multiplier: number])[];

/** An EC2 instance's hours: spot at the spot discount, else on-demand split by the commitment. */
export function ec2BillingParts(p: PricingSpec, spot: boolean): BillingParts {
  return spot ? [['spot', 1, 1 - p.ec2.spotDiscount]] : commitmentSplit(p.commitment, 'ec2');
}
