import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PlacementPlugin } from '../../src/policy/placement-plugin.js';
import { PlacementRegistry } from '../../src/policy/placement-registry.js';
import { summarizeCells, renderPlacementBenchMarkdown } from '../../src/experiments/placement-bench-report.js';
import { resolveBenchPolicy, type BenchPolicy } from '../../src/run/placement-bench/bench-policies.js';
import { runBenchCell, type BenchCellResult } from '../../src/run/placement-bench/bench-run.js';
import { cli, ROOT } from '../support/cli-runner.js';

async function example(file: string): Promise<PlacementPlugin> {
  return ((await import(pathToFileURL(resolve(ROOT, 'examples', file)).href)) as { default: PlacementPlugin }).default;
}

/** A clock that advances 1 ms per read: placements/s is then a function of the calls alone. */
function tickingClock(): () => number {
  let t = 0;
  return () => t++;
}

function policy(name: string, registry = PlacementRegistry.builtIn()): BenchPolicy {
  const r = resolveBenchPolicy(name, registry);
  if (!r.ok) throw new Error(r.message);
  return r.policy;
}

const cell = (p: BenchPolicy, mix = 'mixed', seed = '1', hosts = 60) => ({ policy: p, hosts, workload: { mix, fill: 0.6, churn: 0.2, churnRounds: 1 }, seed });

describe('placement-bench policies', () => {
  it('resolves the shorthands, ECS strategy types and kube plugins through the registry', async () => {
    const registry = PlacementRegistry.builtIn().with(await example('gpu-most-allocated.js'), { source: 'examples/gpu-most-allocated.js' });
    expect(policy('binpack').ecsPlacement.strategies).toEqual([{ type: 'binpack', field: 'memory' }]);
    expect(policy('kube-default').policy).toBe('kube-scheduler');
    expect(policy('ecs:binpack:cpu').ecsPlacement.strategies).toEqual([{ type: 'binpack', field: 'cpu' }]);
    const gpu = policy('kube-default+GpuMostAllocated=5', registry);
    expect(gpu.platform).toBe('eks');
    expect(gpu.profile.plugins.at(-1)).toEqual({ name: 'GpuMostAllocated', weight: 5 });
    expect(policy('first-fit').policy).toBe('first-fit');
  });

  it('refuses what names nothing, in one line', () => {
    const registry = PlacementRegistry.builtIn();
    const messages = ['ecs:binpak', 'ecs:binpack:disk', 'kube-default+NoSuch', 'kube-default+NodeResourcesFit=0', 'bestfit'].map((n) => {
      const r = resolveBenchPolicy(n, registry);
      return r.ok ? 'ok' : r.message;
    });
    expect(messages[0]).toMatch(/^--policy ecs:binpak: no ECS strategy type 'binpak'.*did you mean 'binpack'/);
    expect(messages[1]).toMatch(/^--policy ecs:binpack:disk: /);
    expect(messages[2]).toMatch(/^--policy kube-default\+NoSuch: no kube-scheduler plugin 'NoSuch'/);
    expect(messages[3]).toMatch(/weight must be a whole number from 1 to 100/);
    expect(messages[4]).toMatch(/^--policy bestfit: not a policy/);
    for (const m of messages) expect(m.includes('\n')).toBe(false);
  });
});

describe('placement-bench cells', () => {
  it('gives every policy the same tasks for a seed, and the same figures for the same seed', () => {
    const a = runBenchCell(cell(policy('binpack')), PlacementRegistry.builtIn(), tickingClock());
    const b = runBenchCell(cell(policy('binpack')), PlacementRegistry.builtIn(), tickingClock());
    expect(b).toEqual(a);
    const spread = runBenchCell(cell(policy('spread')), PlacementRegistry.builtIn(), tickingClock());
    // Same draws: the same number of decisions (no policy failed a task on this fill).
    expect(spread.decisions).toBe(a.decisions);
    expect(a.placed + a.unschedulable).toBe(a.decisions);
    // Each decision reads the ticking clock twice, 1 ms apart: 1,000 decisions per second.
    expect(a.placementsPerSecond).toBe(1000);
    const other = runBenchCell(cell(policy('binpack'), 'mixed', '2'), PlacementRegistry.builtIn(), tickingClock());
    expect(other.decisions).not.toBe(a.decisions);
  });

  it('measures packing: binpack uses fewer hosts, at higher utilisation and lower cost, than random', () => {
    const binpack = runBenchCell(cell(policy('binpack'), 'web'), PlacementRegistry.builtIn(), tickingClock());
    const random = runBenchCell(cell(policy('random'), 'web'), PlacementRegistry.builtIn(), tickingClock());
    expect(binpack.unschedulable).toBe(0);
    expect(binpack.hostsUsed).toBeLessThan(random.hostsUsed);
    expect(binpack.memoryUtilization).toBeGreaterThan(random.memoryUtilization);
    expect(binpack.monthlyCostUsd).toBeLessThan(random.monthlyCostUsd);
    // 60 hosts: 54 m5.xlarge at $0.192/h and 6 g4dn.xlarge at $0.526/h, when random touches them all.
    expect(random.hostsUsed).toBe(60);
    expect(random.monthlyCostUsd).toBe(Math.round((54 * 0.192 + 6 * 0.526) * 730));
    expect(binpack.azImbalance).toBeGreaterThanOrEqual(0);
  });

  it('counts unschedulable decisions by reason code (the example GPU plugin keeps GPU pods to the few GPU nodes)', async () => {
    const registry = PlacementRegistry.builtIn().with(await example('gpu-most-allocated.js'), { source: 'examples/gpu-most-allocated.js' });
    const r = runBenchCell(cell(policy('kube-default+GpuMostAllocated=5', registry)), registry, tickingClock());
    expect(r.unschedulable).toBeGreaterThan(0);
    const codes = r.reasons.map((x) => x.code);
    expect(codes).toContain('PLUGIN_REJECTED');
    expect(r.reasons.reduce((s, x) => Math.max(s, x.count), 0)).toBeLessThanOrEqual(r.unschedulable);
  });

  it('summarises seeds: means of the figures, the median of placements/s', () => {
    const cells: BenchCellResult[] = ['1', '2', '3'].map((seed) => runBenchCell(cell(policy('binpack'), 'web', seed), PlacementRegistry.builtIn(), tickingClock()));
    const [row] = summarizeCells(cells);
    expect(row!.seeds).toBe(3);
    expect(row!.hostsUsed).toBeCloseTo(cells.reduce((s, c) => s + c.hostsUsed, 0) / 3, 1);
    const md = renderPlacementBenchMarkdown(summarizeCells(cells), { command: 'x', machine: 'm', fill: 0.6, churn: 0.2, churnRounds: 1, seeds: ['1', '2', '3'] });
    expect(md).toContain('## 60 hosts, mix web');
    expect(md).toContain('| binpack | 1,000 |');
  });
});

describe('fleetsim placement-bench', () => {
  it('runs the example plugins from examples/ beside the built-ins and writes the report, CSV and JSON', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-pbench-')), 'out');
    const r = await cli(
      'placement-bench',
      '--plugin', 'examples/gpu-most-allocated.js',
      '--plugin', 'examples/spread-by-free-memory.js',
      '--policy', 'binpack', '--policy', 'kube-default', '--policy', 'kube-default+GpuMostAllocated=5', '--policy', 'ecs:spread-by-free-memory',
      '--hosts', '30', '--mix', 'mixed', '--seeds', '1', '--out', out, '--output', 'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { policy: string; placed: number }[];
    expect(rows.map((x) => x.policy)).toEqual(['binpack', 'kube-default', 'kube-default+GpuMostAllocated=5', 'ecs:spread-by-free-memory']);
    for (const row of rows) expect(row.placed).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'placement-bench.md'), 'utf8')).toContain('Command: `fleetsim placement-bench --plugin examples/gpu-most-allocated.js');
    expect(readFileSync(join(out, 'placement-bench.csv'), 'utf8').split('\n')[0]).toBe(
      'policy,hosts,mix,seeds,placementsPerSecond,placed,unschedulable,reasons,hostsUsed,cpuUtilization,memoryUtilization,strandedVcpu,strandedMemoryGiB,azImbalance,monthlyCostUsd',
    );
    expect(JSON.parse(readFileSync(join(out, 'placement-bench.json'), 'utf8')).cells).toHaveLength(4);
  });

  it('stops with exit 2, naming the plugin and the pod, when a plugin misbehaves; nothing written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-pbench-')), 'out');
    const r = await cli('placement-bench', '--plugin', 'test/fixtures/plugins/probe-nan.js', '--policy', 'kube-default+Probe', '--hosts', '5', '--seeds', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(r.stderr).toMatch(/plugin/);
    expect(r.stderr).toMatch(/^error: plugin 'Probe' \(test\/fixtures\/plugins\/probe-nan.js\): score\(\) returned NaN .* while placing pod t-\d+ of /);
    expect(() => readFileSync(join(out, 'placement-bench.md'))).toThrow();
  });
});
