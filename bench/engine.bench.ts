import { Bench } from 'tinybench';
import { runMmcBaseline } from './workloads/mmc-baseline.js';
import { runMmc, type MmcParams } from './workloads/mmc-queue.js';

/**
 * Engine benchmark: the M/M/c workload on fleetsim's engine vs a hand-written typed-array heap
 * loop doing the same work, in the same process. Reports events per second for both and the
 * ratio (the figure to quote: absolute speeds vary with the machine's load).
 */
export async function engineBench(): Promise<{ rows: { name: string; eventsPerSecond: number }[]; ratio: number }> {
  const params: MmcParams = { lambda: 2.4, mu: 1, c: 3, customers: 200_000, seed: 1 };
  const events = runMmc(params).events;
  if (runMmcBaseline(params).events !== events) throw new Error('the two loops did different work');
  const bench = new Bench({ time: 2000, warmupTime: 500 });
  bench.add('fleetsim engine (M/M/c)', () => void runMmc(params));
  bench.add('hand-written heap loop (M/M/c)', () => void runMmcBaseline(params));
  await bench.run();
  const rows = bench.tasks.map((t) => {
    const result = t.result as { latency?: { mean: number }; period?: number } | undefined;
    const meanMs = result?.latency?.mean ?? result?.period ?? Number.NaN;
    return { name: t.name, eventsPerSecond: Math.round(events / (meanMs / 1000)) };
  });
  return { rows, ratio: rows[0]!.eventsPerSecond / rows[1]!.eventsPerSecond };
}
