import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One end-to-end run's figures, as bench/scale-run.ts prints them. */
export interface ScaleRow {
  readonly hosts: number;
  readonly services: number;
  readonly taskStarts: number;
  readonly events: number;
  readonly records: number;
  readonly wallS: number;
  readonly eventsPerSecond: number;
  readonly peakRssMiB: number;
  readonly expectationsFailed: number;
}

export interface ScaleBench {
  readonly rows: readonly ScaleRow[];
  /** Wall time per event at the largest size over the smallest (target: at most 2). */
  readonly costPerEventRatio: number;
}

/**
 * End-to-end benchmark: a day of diurnal traffic with target tracking at each cluster size
 * (bench/workloads/scale-scenario.ts), each in its own Node process so that peak RSS is that
 * run's alone. Sizes run one after another on the same machine, so the cost-per-event ratio
 * compares like with like; absolute times move with the machine's load.
 */
export function scaleBench(sizes: readonly number[]): ScaleBench {
  const script = fileURLToPath(new URL('./scale-run.js', import.meta.url));
  const rows = sizes.map((hosts): ScaleRow => {
    const run = spawnSync(process.execPath, [script, String(hosts)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(`scale run at ${hosts} hosts failed (exit ${run.status}): ${run.stderr}`);
    return JSON.parse(run.stdout.trim()) as ScaleRow;
  });
  const perEvent = (r: ScaleRow): number => r.wallS / r.events;
  return { rows, costPerEventRatio: perEvent(rows[rows.length - 1]!) / perEvent(rows[0]!) };
}
