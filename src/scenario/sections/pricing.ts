/**
 * `pricing:` over DEFAULT_PRICING: every figure the scenario gives replaces the default; EC2
 * Spot falls back to the Karpenter spotDiscount so that the provisioner's choice and the bill
 * agree. Instance types named in `ec2.onDemandHourly` must exist in the catalog.
 */
import { findInstanceType } from '../../model/catalog/instance-types.js';
import { DEFAULT_PRICING, defaultCommitment, type CommitmentSpec, type PricingSpec } from '../../model/pricing.js';
import type { Static } from '../schema/fields.js';
import type { Pricing } from '../schema/pricing.js';
import { parseDuration } from '../units.js';
import type { Path, Problems } from './problems.js';

export function compilePricing(raw: Static<typeof Pricing> | undefined, karpenterSpotDiscount: number | undefined, problems: Problems): PricingSpec {
  const d = DEFAULT_PRICING;
  const p = raw ?? {};
  const fargate = p.fargate ?? {};
  const ec2 = p.ec2 ?? {};
  const lb = p.loadBalancer ?? {};
  const req = p.requests ?? {};
  const onDemand = ec2.onDemandHourly ?? {};
  for (const name of Object.keys(onDemand)) {
    const found = findInstanceType(name);
    if (!found.ok) problems.report(['pricing', 'ec2', 'onDemandHourly', name], found.message);
  }
  let commitment: CommitmentSpec = d.commitment;
  if (p.commitment !== undefined) {
    const c = p.commitment;
    const base = defaultCommitment(c.type);
    commitment = { type: base.type, ec2Discount: c.discount ?? base.ec2Discount, fargateDiscount: c.fargateDiscount ?? base.fargateDiscount, coverage: c.coverage ?? base.coverage };
    if (base.type === 'reserved-instances' && c.fargateDiscount !== undefined) problems.report(['pricing', 'commitment', 'fargateDiscount'], 'Reserved Instances do not cover Fargate; use type: savings-plan');
  }
  const ms = (value: string | number | undefined, path: Path, fallback: number): number => {
    if (value === undefined) return fallback;
    const parsed = parseDuration(value);
    if (parsed.ok && parsed.value > 0) return parsed.value;
    problems.report(path, parsed.ok ? 'must be longer than 0' : parsed.message);
    return fallback;
  };
  return {
    fargate: {
      x86: { vcpuHourUsd: fargate.vcpuHour ?? d.fargate.x86.vcpuHourUsd, gbHourUsd: fargate.gbHour ?? d.fargate.x86.gbHourUsd },
      arm64: { vcpuHourUsd: fargate.armVcpuHour ?? d.fargate.arm64.vcpuHourUsd, gbHourUsd: fargate.armGbHour ?? d.fargate.arm64.gbHourUsd },
      spotDiscount: fargate.spotDiscount ?? d.fargate.spotDiscount,
      minimumBilledSeconds: d.fargate.minimumBilledSeconds,
    },
    ec2: {
      onDemandHourlyUsd: onDemand,
      spotDiscount: ec2.spotDiscount ?? karpenterSpotDiscount ?? d.ec2.spotDiscount,
      minimumBilledSeconds: d.ec2.minimumBilledSeconds,
    },
    commitment,
    eksControlPlaneHourlyUsd: p.eksControlPlaneHourly ?? d.eksControlPlaneHourlyUsd,
    loadBalancer: { hourlyUsd: lb.hourly ?? d.loadBalancer.hourlyUsd, lcuHourUsd: lb.lcuHourly ?? d.loadBalancer.lcuHourUsd, lcu: d.loadBalancer.lcu },
    dataTransferOutPerGbUsd: p.dataTransferOutPerGb ?? d.dataTransferOutPerGbUsd,
    requests: {
      requestBytes: req.requestBytes ?? d.requests.requestBytes,
      responseBytes: req.responseBytes ?? d.requests.responseBytes,
      requestsPerConnection: req.requestsPerConnection ?? d.requests.requestsPerConnection,
      connectionMs: ms(req.connectionDuration, ['pricing', 'requests', 'connectionDuration'], d.requests.connectionMs),
      rulesEvaluated: req.rulesEvaluated ?? d.requests.rulesEvaluated,
    },
    projectionWindowMs: p.projectionWindow === undefined ? null : ms(p.projectionWindow, ['pricing', 'projectionWindow'], 0),
  };
}
