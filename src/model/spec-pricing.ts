/**
 * What a run is billed at and what its instances have cost so far: the spec's prices, and the
 * EC2 cost from the cluster's hosts (for `ec2CostUsd` expectations). Apart from pricing.ts, which
 * the spec's types import, so that the model's modules import no cycle.
 */
import type { Host } from './host.js';
import { billedSeconds, DEFAULT_PRICING, ec2BillingParts, ec2OnDemandHourlyUsd, type PricingSpec } from './pricing.js';
import type { SimulationSpec } from './simulation-spec.js';

/** The spec's pricing, or the defaults (with Karpenter's spot discount) for specs built in code. */
export function pricingOf(spec: SimulationSpec): PricingSpec {
  if (spec.pricing !== undefined) return spec.pricing;
  const spot = spec.cluster.karpenter?.spotDiscount;
  return spot === undefined ? DEFAULT_PRICING : { ...DEFAULT_PRICING, ec2: { ...DEFAULT_PRICING.ec2, spotDiscount: spot } };
}

/**
 * What the EC2 instances cost from their launch to their termination or `now`, USD: the cost
 * report's EC2 lines (src/report/cost.ts) summed, by the same rules (per second, at least the
 * minimum, spot at its discount, on-demand split by the commitment). For `ec2CostUsd`
 * expectations. Scans every host: not for hot paths.
 */
export function ec2CostSoFarUsd(p: PricingSpec, hosts: readonly Host[], now: number): number {
  let usd = 0;
  for (const h of hosts) {
    const end = h.terminatedAt ?? now;
    const hours = billedSeconds(end - h.launchedAt, p.ec2.minimumBilledSeconds) / 3600;
    const hourly = ec2OnDemandHourlyUsd(p, h.instanceType);
    for (const [, share, multiplier] of ec2BillingParts(p, h.capacityType === 'spot')) usd += hourly * share * multiplier * hours;
  }
  return usd;
}
