import type { InstanceType } from '../../src/model/catalog/instance-type.js';
import { INSTANCE_TYPES } from '../../src/model/catalog/instance-types.js';
import { DEFAULT_EXPIRE_AFTER_MS, KARPENTER_LABELS as L } from '../../src/model/karpenter-spec.js';
import { CPU_SHARES_PER_VCPU } from '../../src/model/resources.js';
import { catalogPrices, type PriceLookup } from '../../src/policy/karpenter/requirements.js';
import { karpenterNodeAllocatable, type PendingPod, type ProvisioningInput } from '../../src/policy/karpenter/solver.js';

/**
 * One large Karpenter provisioning batch: `n` pending pods (five CPU sizes from 0.1 to 2 vCPU,
 * five memory sizes from 128 MiB to 4 GiB, every tenth pinned to a zone) against one NodePool
 * that allows every non-GPU type of the catalog (about a hundred) in three zones, spot and
 * on-demand, with deterministic spot prices. The Karpenter solver's benchmark and its test
 * (test/policy/karpenter.test.ts) use the same batch.
 */
export const KARPENTER_BATCH_ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;

export function karpenterBatch(n = 1000): ProvisioningInput {
  const pods: PendingPod[] = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    cpu: Math.round([0.1, 0.25, 0.5, 1, 2][i % 5]! * CPU_SHARES_PER_VCPU),
    memoryMiB: [128, 512, 1024, 2048, 4096][(i * 7) % 5]!,
    ...(i % 10 === 0 ? { zone: KARPENTER_BATCH_ZONES[i % 3] } : {}),
  }));
  return {
    pods,
    nodePools: [
      {
        name: 'default',
        requirements: [{ key: L.instanceGpuCount, operator: 'DoesNotExist', values: [] }],
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterMs: 0, expireAfterMs: DEFAULT_EXPIRE_AFTER_MS, budgets: [] },
      },
    ],
    catalog: INSTANCE_TYPES,
    zones: KARPENTER_BATCH_ZONES,
    price: SPOT_PRICES,
  };
}

/** Deterministic spot prices: 30-48 % of on-demand, varying by family and a little by zone. */
export function karpenterBatchSpotPrice(type: InstanceType, zone: string): number {
  let h = 0;
  for (const ch of type.family) h = (h * 31 + ch.charCodeAt(0)) % 97;
  const zi = KARPENTER_BATCH_ZONES.indexOf(zone as (typeof KARPENTER_BATCH_ZONES)[number]);
  return Math.round(type.onDemandHourlyUsd * (0.3 + (h % 7) * 0.03 + zi * 0.005) * 1e6) / 1e6;
}
const SPOT_PRICES: PriceLookup = catalogPrices(karpenterBatchSpotPrice);

/**
 * The benchmark's baseline: the least a packer of the same batch must do. First-fit decreasing
 * (pods by CPU then memory, descending) onto open nodes; a pod that fits none opens a node of the
 * type with the lowest on-demand price per vCPU among those it fits. No requirements, offerings,
 * zones, limits or narrowing of instance type options. Returns the nodes opened.
 */
export function firstFitDecreasing(input: ProvisioningInput): number {
  const types = input.catalog
    .filter((t) => t.gpus === 0 && t.onDemandHourlyUsd > 0)
    .map((t) => ({ t, a: karpenterNodeAllocatable(t), perVcpu: t.onDemandHourlyUsd / t.vcpu }))
    .sort((x, y) => x.perVcpu - y.perVcpu || (x.t.name < y.t.name ? -1 : 1));
  const pods = [...input.pods].sort((a, b) => b.cpu - a.cpu || b.memoryMiB - a.memoryMiB);
  const nodes: { cpu: number; memoryMiB: number; pods: number }[] = [];
  for (const pod of pods) {
    const open = nodes.find((n) => n.cpu >= pod.cpu && n.memoryMiB >= pod.memoryMiB && n.pods >= 1);
    if (open !== undefined) {
      open.cpu -= pod.cpu;
      open.memoryMiB -= pod.memoryMiB;
      open.pods -= 1;
      continue;
    }
    const fit = types.find(({ a }) => a.cpu >= pod.cpu && a.memoryMiB >= pod.memoryMiB && a.pods >= 1);
    if (fit === undefined) continue;
    nodes.push({ cpu: fit.a.cpu - pod.cpu, memoryMiB: fit.a.memoryMiB - pod.memoryMiB, pods: fit.a.pods - 1 });
  }
  return nodes.length;
}
