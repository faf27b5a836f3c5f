import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from '../support/cli-runner.js';
import { handler as sweepCommand } from '../../src/cli/commands/sweep.js';
import { sweepMetrics } from '../../src/experiments/sweep.js';
import { SummaryBuilder } from '../../src/report/summary.js';
import { runSimulation } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';


const tmp = (): string => mkdtempSync(join(tmpdir(), 'fleetsim-sweep-'));
const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
/** sweep.csv as objects (these sweeps have no quoted cells). */
function rows(dir: string): Record<string, string>[] {
  const [head, ...lines] = read(dir, 'sweep.csv').trimEnd().split('\n');
  const names = head!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i]!, cell])));
}

// quickstart with 2 values x 3 seeds; a 16-minute run keeps the test fast and still has every event
// (the last at 15m) and timed expectation (7m) of the scenario: a shorter one is refused.
const SWEEP = ['scenarios/quickstart.yaml', '--set', 'services[0].desiredCount=4,6', '--set', 'duration=16m', '--seeds', '1..3', '--workers', '1'];

describe('fleetsim sweep', () => {
  it('runs parameter values x seeds and writes sweep.csv, sweep.md and sweep.json', async () => {
    const out = tmp();
    const r = await cli('sweep', ...SWEEP, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sweep [0-9a-f]{16} of quickstart: 6 runs \(2 parameter sets x seeds 1\.\.3\) in one thread/);
    expect(readdirSync(out).sort()).toEqual(['sweep.csv', 'sweep.json', 'sweep.md']);
    const table = rows(out);
    expect(table.map((row) => [row.run, row['services[0].desiredCount'], row.duration, row.seed])).toEqual([
      ['0', '4', '16m', '1'],
      ['1', '4', '16m', '2'],
      ['2', '4', '16m', '3'],
      ['3', '6', '16m', '1'],
      ['4', '6', '16m', '2'],
      ['5', '6', '16m', '3'],
    ]);
    expect(Object.keys(table[0]!)).toEqual(expect.arrayContaining(['events', 'expectations_passed', 'expectations_failed', 'web.running', 'web.startup_p50_s', 'web.startup_p90_s', 'web.time_to_all_running_s', 'web.requests', 'web.errors_5xx']));
    // The scale to 18 at 5m (the expectation at 7m: running 18) and back to 9 at 15m run in every
    // run; with desiredCount 4 the expectation at 4m (running 6) fails, as it should.
    expect(table.map((row) => [row['web.running'], row.expectations_passed, row.expectations_failed])).toEqual([
      ...Array(3).fill(['9', '2', '1']),
      ...Array(3).fill(['9', '3', '0']),
    ]);
    const md = read(out, 'sweep.md');
    expect(md).toMatch(/^# Sweep of quickstart\n/);
    expect(md).toContain('## 1. services[0].desiredCount=4, duration=16m');
    expect(md).toContain('## 2. services[0].desiredCount=6, duration=16m');
    expect(md).toMatch(/\| web\.running \| 3 \| 9 \| 9 \| 9 \| 9 \|/);
  });

  it('gives each run the result of the same scenario run alone with its seed', async () => {
    const out = tmp();
    await cli('sweep', ...SWEEP, '--out', out);
    const row = rows(out)[1]!; // desiredCount 4, seed 2
    const edited = readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8').replace('desiredCount: 6', 'desiredCount: 4').replace('duration: 20m', 'duration: 16m');
    const loaded = loadScenario('q.yaml', edited);
    if (!loaded.ok) throw new Error('edited scenario does not load');
    const summary = new SummaryBuilder();
    const result = runSimulation(loaded.spec, { seed: '2', listeners: [summary.listener] });
    const alone = sweepMetrics(summary.build({ scenario: 'quickstart', seed: '2', durationMs: result.durationMs, events: result.events }));
    for (const [name, value] of Object.entries(alone)) expect(row[name], name).toBe(value === null ? '' : String(value));

    // And as `fleetsim run --seed` reports it.
    const dir = tmp();
    writeFileSync(join(dir, 'q.yaml'), edited);
    const run = await cli('run', join(dir, 'q.yaml'), '--seed', '2', '--out', join(dir, 'out'), '-o', 'json');
    const json = JSON.parse(run.stdout);
    expect(String(json.events)).toBe(row.events);
    expect(String(json.services[0].startupS.p50)).toBe(row['web.startup_p50_s']);
    expect(String(json.services[0].timeToAllRunningS)).toBe(row['web.time_to_all_running_s']);
  });

  it('merges n shards into the same bytes as the unsharded sweep', async () => {
    const whole = tmp();
    await cli('sweep', ...SWEEP, '--out', whole, '-q');
    const base = tmp();
    const shards: string[] = [];
    for (let k = 0; k < 4; k++) {
      const dir = join(base, `shard-${k}`);
      const r = await cli('sweep', ...SWEEP, '--shard', `${k}/4`, '--out', join(base, 'shard-{shard}'), '-q');
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['sweep.csv', 'sweep.json']);
      shards.push(dir);
    }
    expect(rows(shards[1]!).map((row) => row.run)).toEqual(['1', '5']);
    const merged = join(base, 'merged');
    const r = await cli('merge', ...shards.reverse(), '--out', merged);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^merged 4 shards of sweep [0-9a-f]{16} of quickstart \(6 runs\)/);
    for (const f of ['sweep.csv', 'sweep.md', 'sweep.json']) expect(read(merged, f), f).toBe(read(whole, f));
    // The parent of the shard-<n> folders stands for all of them (no shell glob needed in a Job).
    const fromParent = join(base, 'merged-from-parent');
    expect((await cli('merge', base, '--out', fromParent, '-q')).code).toBe(0);
    expect(read(fromParent, 'sweep.csv')).toBe(read(whole, 'sweep.csv'));
  });

  it('merge refuses shards of different sweeps, missing and duplicate shards', async () => {
    const base = tmp();
    const a0 = join(base, 'a0');
    const a1 = join(base, 'a1');
    const b1 = join(base, 'b1');
    await cli('sweep', ...SWEEP, '--shard', '0/2', '--out', a0, '-q');
    await cli('sweep', ...SWEEP, '--shard', '1/2', '--out', a1, '-q');
    await cli('sweep', ...SWEEP.map((a) => (a === '1..3' ? '1..2' : a)), '--shard', '1/2', '--out', b1, '-q');
    const mixed = await cli('merge', a0, b1, '--out', join(base, 'm'));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^error: .*b1 is from another sweep \(sweep [0-9a-f]{16} of quickstart, 4 runs\) than .*a0/);
    const missing = await cli('merge', a1, '--out', join(base, 'm'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: missing shard 0\/2 of sweep [0-9a-f]{16} \(have 1 of 2\)/);
    const twice = await cli('merge', a0, a0, a1, '--out', join(base, 'm'));
    expect(twice.stderr).toMatch(/^error: shard 0\/2 is given twice/);
    const notSweep = await cli('merge', base, '--out', join(base, 'm'));
    expect(notSweep.stderr).toMatch(/no sweep\.json \(not the output directory of fleetsim sweep\)/);
    expect(readdirSync(base).sort()).toEqual(['a0', 'a1', 'b1']);
  });

  it('reports an unknown path with a suggestion, and a bad value as a scenario error', async () => {
    const unknown = await cli('sweep', '--set', 'services[0].desiredCont=4,8', 'scenarios/quickstart.yaml', '--out', tmp());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("error: --set services[0].desiredCont: no field 'desiredCont' in services[0] (did you mean 'desiredCount'?)\n");
    const badValue = await cli('sweep', 'scenarios/quickstart.yaml', '--set', 'services[0].desiredCount=4,-1', '--out', tmp());
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toBe('with services[0].desiredCount=-1:\nscenarios/quickstart.yaml:18:19: error: must be at least 0, got -1 (at services[0].desiredCount)\n');
    const badSeeds = await cli('sweep', 'scenarios/quickstart.yaml', '--seeds', '3..1');
    expect(badSeeds.stderr).toMatch(/^error: --seeds 3\.\.1: /);
    const badShard = await cli('sweep', 'scenarios/quickstart.yaml', '--shard', '2/2');
    expect(badShard.stderr).toMatch(/^error: --shard 2\/2: INDEX must be below COUNT/);
  });

  it('refuses a grid too large to check before anything runs, and bad --worker-memory values', async () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(',');
    const grid = await cli('sweep', 'scenarios/quickstart.yaml', '--set', `services[0].desiredCount=${values(30)}`, '--set', `cluster.autoScalingGroups[0].desiredCapacity=${values(30)}`, '--set', `seed=${values(30)}`, '--out', tmp());
    expect(grid.code).toBe(2);
    expect(grid.stderr).toBe('error: --set: 27,000 parameter sets (the product of the values of each --set), more than 10,000 (docs/limits.md); split the sweep into several\n');
    const runs = await cli('sweep', 'scenarios/quickstart.yaml', '--set', `services[0].desiredCount=${values(1000)}`, '--seeds', '1..1001', '--out', tmp());
    expect(runs.code).toBe(2);
    expect(runs.stderr).toBe('error: the sweep has 1,001,000 runs, more than 1,000,000; split it into several sweeps\n');
    for (const bad of ['0', '63', '65537', 'abc', '1.5']) {
      const r = await cli('sweep', 'scenarios/quickstart.yaml', '--worker-memory', bad, '--out', tmp());
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toMatch(/^error: --worker-memory\b.*(at least 64|at most 65,536)/);
    }
  });

  it('draws a progress bar on a terminal only', async () => {
    let stderr = '';
    const io = { stdout: () => undefined, stderr: (s: string) => (stderr += s), cwd: ROOT, isTTY: true };
    const code = await sweepCommand({ scenario: 'scenarios/quickstart.yaml', set: ['duration=16m'], seeds: '1..2', workers: 1, out: tmp(), quiet: false }, io);
    expect(code).toBe(0);
    expect(stderr).toMatch(/\rsweep \[-+\] 0\/2 {2}0%/);
    expect(stderr).toMatch(/\rsweep \[#+\] 2\/2 {2}100%.*\n$/);
    const quiet = await cli('sweep', 'scenarios/quickstart.yaml', '--set', 'duration=16m', '--workers', '1', '--out', tmp());
    expect(quiet.stderr).toBe('');
  });

  it('takes the shard index from the environment with --shard auto/COUNT', async () => {
    const out = tmp();
    const io = { stdout: () => undefined, stderr: () => undefined, cwd: ROOT, isTTY: false };
    const args = { scenario: 'scenarios/quickstart.yaml', set: ['duration=16m'], seeds: '1..3', workers: 1, shard: 'auto/3', out: join(out, 'shard-{shard}') };
    expect(await sweepCommand(args, io, { env: { AWS_BATCH_JOB_ARRAY_INDEX: '2' } })).toBe(0);
    expect(rows(join(out, 'shard-2')).map((r) => r.run)).toEqual(['2']);
    let stderr = '';
    expect(await sweepCommand(args, { ...io, stderr: (s) => (stderr += s) }, { env: {} })).toBe(2);
    expect(stderr).toMatch(/auto needs JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX/);
  });
});
