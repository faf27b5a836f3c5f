import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * Risk over seeds, end to end: `fleetsim run scenarios/quickstart.yaml --seeds <n>` as a user
 * runs it (the compiled CLI in its own process, worker threads on every CPU, a progress bar
 * only on a terminal), timed from the outside. Target (issue 19): 1,000 seeds in under 60 s on
 * a 2-core machine. Run alone: `npm run build && node dist/bench/risk-seeds.js 1000` (prints a
 * JSON line).
 */
export interface RiskSeedsResult {
  readonly seeds: number;
  readonly workers: number;
  readonly wallS: number;
  readonly seedsPerSecond: number;
}

export function riskSeedsBench(seeds = 1000): RiskSeedsResult {
  const out = mkdtempSync(join(tmpdir(), 'fleetsim-risk-bench-'));
  try {
    const t0 = performance.now();
    execFileSync(process.execPath, ['bin/fleetsim.js', 'run', 'scenarios/quickstart.yaml', '--seeds', String(seeds), '--quiet', '--out', join(out, 'risk')], { stdio: ['ignore', 'ignore', 'inherit'] });
    const wallS = (performance.now() - t0) / 1000;
    return { seeds, workers: availableParallelism(), wallS: Math.round(wallS * 10) / 10, seedsPerSecond: Math.round(seeds / wallS) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('risk-seeds.js')) {
  process.stdout.write(`${JSON.stringify(riskSeedsBench(Number(process.argv[2] ?? 1000)))}\n`);
}
