import { Bench } from 'tinybench';
import { solveProvisioning } from '../src/policy/karpenter/solver.js';
import { firstFitDecreasing, karpenterBatch } from './workloads/karpenter-batch.js';

export interface KarpenterBenchResult {
  readonly pods: number;
  readonly rows: readonly { readonly name: string; readonly meanMs: number; readonly podsPerSecond: number; readonly nodes: number }[];
  /** Solver time over the first-fit baseline's: what Karpenter's rules cost beyond packing. */
  readonly ratio: number;
}

/**
 * Karpenter solver benchmark: one provisioning batch of 1,000 pods against about a hundred
 * candidate instance types (bench/workloads/karpenter-batch.ts), solved by solveProvisioning and,
 * in the same process as the baseline, packed by a plain first-fit decreasing. Reports the mean
 * time per batch, pods per second, the nodes each opens, and the ratio of the two times (the
 * figure to compare across machines).
 */
export async function karpenterBench(options: { pods?: number; timeMs?: number } = {}): Promise<KarpenterBenchResult> {
  const input = karpenterBatch(options.pods ?? 1000);
  const plan = solveProvisioning(input);
  if (plan.unschedulable.length > 0) throw new Error(`the batch should fit: ${plan.unschedulable.length} pods unschedulable`);
  const nodes = { solver: plan.nodeClaims.length, baseline: firstFitDecreasing(input) };
  const bench = new Bench({ time: options.timeMs ?? 2000, warmupTime: 500 });
  bench.add('Karpenter solver (solveProvisioning)', () => void solveProvisioning(input));
  bench.add('first-fit decreasing baseline', () => void firstFitDecreasing(input));
  await bench.run();
  const rows = bench.tasks.map((t, i) => {
    const result = t.result as { latency?: { mean: number }; period?: number } | undefined;
    const meanMs = result?.latency?.mean ?? result?.period ?? Number.NaN;
    return { name: t.name, meanMs, podsPerSecond: Math.round(input.pods.length / (meanMs / 1000)), nodes: i === 0 ? nodes.solver : nodes.baseline };
  });
  return { pods: input.pods.length, rows, ratio: rows[0]!.meanMs / rows[1]!.meanMs };
}
