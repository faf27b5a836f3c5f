/**
 * How tasks in private subnets reach the AWS services they need before they start
 * (docs/models.md, "Start-up dependencies"): a NAT gateway (one per AZ, or one shared), and/or
 * VPC endpoints (interface endpoints for ECR api and dkr, Secrets Manager, SSM, CloudWatch Logs,
 * STS; the S3 gateway endpoint that ECR's image layers come through). Pure data and functions:
 * the start-up dependency checker (src/controllers/startup-dependencies.ts) asks `routeFor` at
 * each task start, and the cost report bills what this spec declares.
 *
 * Routing follows what a VPC does with private DNS on: a call to a service with an endpoint in
 * the VPC resolves to the endpoint; without one (or once it is deleted) it resolves to the public
 * address, which a private subnet reaches only through a NAT gateway; without a NAT gateway the
 * call times out. That last case is the seed's ECS failure mode "CannotPullContainerError: ECR
 * endpoint unreachable" (§7), whose mitigation is the endpoints.
 */

/** The AWS services a task start may call, named as their VPC endpoint service (com.amazonaws.<region>.<name>). */
export type AwsServiceEndpoint = 'ecr.api' | 'ecr.dkr' | 's3' | 'secretsmanager' | 'ssm' | 'logs' | 'sts';

export const AWS_SERVICE_ENDPOINTS: readonly AwsServiceEndpoint[] = ['ecr.api', 'ecr.dkr', 's3', 'secretsmanager', 'ssm', 'logs', 'sts'];

/** S3 is reached through a gateway endpoint (a route-table entry, free); the others through interface endpoints (an ENI per AZ, billed). */
export function isGatewayEndpoint(endpoint: AwsServiceEndpoint): boolean {
  return endpoint === 's3';
}

/** The scenario's `cluster.vpc.egress`: what a private subnet has to reach AWS services. */
export interface EgressSpec {
  /** `per-az`: a NAT gateway in each AZ with subnets; `single`: one, in `natGatewayAz`, shared by every AZ; `none`. */
  readonly natGateways: 'per-az' | 'single' | 'none';
  /** The shared NAT gateway's AZ (`single` only; null otherwise). */
  readonly natGatewayAz: string | null;
  /** The VPC endpoints, each in every AZ with subnets (interface) or on every route table (gateway). */
  readonly endpoints: readonly AwsServiceEndpoint[];
  /** The AZs with subnets: where per-AZ NAT gateways and interface endpoint ENIs are (and billed). */
  readonly azs: readonly string[];
}

/** The faults in effect on the path (scenario events `endpointOutage` and `natGatewayFailure`). */
export interface EgressFaults {
  /** Endpoints deleted now, with how many overlapping windows hold each. */
  readonly endpointsDown: ReadonlyMap<AwsServiceEndpoint, number>;
  /** AZs whose NAT gateway is down now (count of overlapping windows); key ALL_NAT_GATEWAYS: every one. */
  readonly natDown: ReadonlyMap<string, number>;
}

/** The `natDown` key of a failure of every NAT gateway. */
export const ALL_NAT_GATEWAYS = '*';

/** How one call from a subnet in some AZ reaches a service. */
export type EgressRoute =
  /** Through the VPC endpoint (`gateway`: the S3 gateway endpoint). */
  | { readonly via: 'endpoint'; readonly endpoint: AwsServiceEndpoint; readonly gateway: boolean }
  /** Through the NAT gateway in `natAz`; `crossAz` when that is not the caller's AZ (a shared gateway). */
  | { readonly via: 'nat'; readonly natAz: string; readonly crossAz: boolean }
  /** No path: the call times out. `reason` says why, for messages. */
  | { readonly via: 'none'; readonly reason: 'no-endpoint-or-nat' | 'nat-down' };

/**
 * The route of a call from `az` to `endpoint` (null: the service is not one of AWS's, e.g. a
 * public registry, which only a NAT gateway reaches).
 */
export function routeFor(spec: EgressSpec, faults: EgressFaults, az: string, endpoint: AwsServiceEndpoint | null): EgressRoute {
  if (endpoint !== null && spec.endpoints.includes(endpoint) && (faults.endpointsDown.get(endpoint) ?? 0) === 0) {
    return { via: 'endpoint', endpoint, gateway: isGatewayEndpoint(endpoint) };
  }
  if (spec.natGateways === 'none') return { via: 'none', reason: 'no-endpoint-or-nat' };
  const natAz = spec.natGateways === 'single' ? spec.natGatewayAz! : az;
  if ((faults.natDown.get(natAz) ?? 0) + (faults.natDown.get(ALL_NAT_GATEWAYS) ?? 0) > 0) return { via: 'none', reason: 'nat-down' };
  return { via: 'nat', natAz, crossAz: natAz !== az };
}

/** How many NAT gateways the spec has (billed every hour). */
export function natGatewayCount(spec: EgressSpec): number {
  return spec.natGateways === 'none' ? 0 : spec.natGateways === 'single' ? 1 : spec.azs.length;
}

/** The AZs that hold a NAT gateway. */
export function natGatewayAzs(spec: EgressSpec): readonly string[] {
  return spec.natGateways === 'none' ? [] : spec.natGateways === 'single' ? [spec.natGatewayAz!] : spec.azs;
}

/**
 * ECR's registry host: `<account>.dkr.ecr.<region>.amazonaws.com` (and `.amazonaws.com.cn`).
 * Pulls from it call ecr.api (GetAuthorizationToken), ecr.dkr (the manifest) and S3 (the layers).
 */
export function isEcrRegistry(registry: string): boolean {
  return /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(registry);
}

/** The region of an ECR registry host, or null. */
export function ecrRegion(registry: string): string | null {
  const m = /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(registry);
  return m === null ? null : m[1]!;
}
