import { Bench } from 'tinybench';
import { slowStartWeight } from '../src/model/load.js';
import { SlowStartLedger } from '../src/model/slow-start.js';

/**
 * ALB slow start per load tick (docs/performance.md): the event-driven ledger
 * (src/model/slow-start.ts; the load driver calls `advance` and reads the ramping targets) against
 * the per-tick rebuild it replaced (the load driver's former `inSlowStart` and weight sum, copied
 * here as the baseline), in the same process, for a target group of `targets` targets of which
 * `rampingTargets` ramp up. Reports ticks per second for both and the ratio.
 *
 * Run: `npm run build && node dist/bench/slow-start.bench.js`.
 */
interface Target {
  serving: boolean;
  inServiceAt: number | null;
}

const SLOW_START_MS = 120_000;

/** The former per-tick bookkeeping: rebuild the map of ramp ends from every task, then sum the weights. */
function rebuildEveryTick(tasks: readonly Target[], before: Map<Target, number> | undefined, now: number): { ends: Map<Target, number>; total: number; ramping: boolean } {
  const ends = new Map<Target, number>();
  const fresh: Target[] = [];
  for (const t of tasks) {
    if (!t.serving || t.inServiceAt === null) continue;
    const end = before?.get(t);
    if (end === undefined) fresh.push(t);
    else ends.set(t, end);
  }
  fresh.sort((x, y) => x.inServiceAt! - y.inServiceAt!);
  for (const t of fresh) {
    const since = t.inServiceAt!;
    let fullShareTarget = false;
    for (const [other, end] of ends) {
      if (other.inServiceAt! <= since && end <= since) {
        fullShareTarget = true;
        break;
      }
    }
    ends.set(t, fullShareTarget ? since + SLOW_START_MS : since);
  }
  let ramping = false;
  for (const end of ends.values()) if (end > now) ramping = true;
  let total = 0;
  if (ramping) for (const end of ends.values()) total += slowStartWeight(now, end - SLOW_START_MS, SLOW_START_MS);
  return { ends, total, ramping };
}

/** What the load driver does per tick now: end the ramps due, and (while some target ramps) the total weight and each ramping target's weight. */
function ledgerTick(ledger: SlowStartLedger<Target>, now: number): number {
  ledger.advance(now);
  if (ledger.ramping.size === 0) return 0;
  let sum = ledger.totalWeight(now);
  for (const since of ledger.ramping.values()) sum += slowStartWeight(now, since, SLOW_START_MS);
  return sum;
}

export async function slowStartBench(targets: number, rampingTargets: number): Promise<{ rows: { name: string; ticksPerSecond: number }[]; ratio: number }> {
  // `targets - rampingTargets` in service since 0; the rest came into service at 60 s and ramp until 180 s.
  const tasks: Target[] = [];
  const ledger = new SlowStartLedger<Target>(SLOW_START_MS);
  for (let i = 0; i < targets; i++) {
    const since = i < targets - rampingTargets ? 0 : 60_000;
    const t: Target = { serving: true, inServiceAt: since };
    tasks.push(t);
    ledger.enter(t, since);
  }
  const now = 100_000;
  let before = rebuildEveryTick(tasks, undefined, now).ends;
  const expected = rebuildEveryTick(tasks, before, now);
  if (expected.ramping !== ledger.ramping.size > 0) throw new Error('the two disagree on whether a target ramps');
  if (expected.ramping && Math.abs(expected.total - ledger.totalWeight(now)) > 1e-9) throw new Error('the two disagree on the total weight');
  const bench = new Bench({ time: 1000, warmupTime: 200 });
  bench.add(`per-tick rebuild (${targets} targets, ${rampingTargets} ramping)`, () => {
    before = rebuildEveryTick(tasks, before, now).ends;
  });
  bench.add(`event-driven ledger (${targets} targets, ${rampingTargets} ramping)`, () => void ledgerTick(ledger, now));
  await bench.run();
  const rows = bench.tasks.map((t) => {
    const result = t.result as { latency?: { mean: number }; period?: number } | undefined;
    const meanMs = result?.latency?.mean ?? result?.period ?? Number.NaN;
    return { name: t.name, ticksPerSecond: Math.round(1000 / meanMs) };
  });
  return { rows, ratio: rows[1]!.ticksPerSecond / rows[0]!.ticksPerSecond };
}

if (process.argv[1]?.endsWith('slow-start.bench.js')) {
  for (const [targets, ramping] of [
    [100, 0],
    [1000, 0],
    [1000, 10],
  ] as const) {
    const r = await slowStartBench(targets, ramping);
    for (const row of r.rows) process.stdout.write(`${row.name}: ${row.ticksPerSecond.toLocaleString('en-US')} ticks/s\n`);
    process.stdout.write(`ratio ledger / rebuild: ${r.ratio.toFixed(1)}x\n\n`);
  }
}
