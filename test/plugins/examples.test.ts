import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Host } from '../../src/model/host.js';
import type { PlacementPlugin } from '../../src/policy/placement-plugin.js';
import { PlacementRegistry } from '../../src/policy/placement-registry.js';
import { runSimulation } from '../../src/run.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { cli, ROOT } from '../support/cli-runner.js';

/** An example plugin module, imported from examples/ (outside src/) as `--plugin` imports it. */
async function example(file: string): Promise<PlacementPlugin> {
  return ((await import(pathToFileURL(resolve(ROOT, 'examples', file)).href)) as { default: PlacementPlugin }).default;
}

/** Runs an example scenario (its text, optionally edited) with the plugins; where each workload's tasks ran, by host. */
function placements(scenario: string, plugins: readonly PlacementPlugin[], edit: (text: string) => string = (t) => t): Map<string, Host[]> {
  let registry = PlacementRegistry.builtIn();
  for (const p of plugins) registry = registry.with(p, { source: `examples/${p.name}.js` });
  const loaded = loadScenario(scenario, edit(readFileSync(join(ROOT, 'examples', scenario), 'utf8')), { registry });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const result = runSimulation(loaded.spec, { registry });
  expect(result.expectationsFailed).toBe(0);
  const out = new Map<string, Host[]>();
  for (const s of result.state.services.values()) out.set(s.name, [...s.tasks].filter((t) => t.status === 'RUNNING').map((t) => t.host!));
  return out;
}

const isGpu = (h: Host): boolean => h.instanceType.gpus > 0;

describe('examples/gpu-most-allocated.js: a kube-scheduler plugin from outside src/', () => {
  it('runs from the command line (--plugin) and its scenario passes', async () => {
    const r = await cli('run', 'examples/gpu-cluster.yaml', '--plugin', 'examples/gpu-most-allocated.js', '--out', join(mkdtempSync(join(tmpdir(), 'fleetsim-examples-')), 'out'), '--output', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).passed).toBe(true);
  });

  it('keeps web pods off the GPU nodes and puts every trainer pod on one; the default profile does neither', async () => {
    const plugin = await example('gpu-most-allocated.js');
    const withPlugin = placements('gpu-cluster.yaml', [plugin]);
    expect(withPlugin.get('web')!.filter(isGpu)).toEqual([]);
    expect(withPlugin.get('trainer')!.length).toBe(4);
    expect(withPlugin.get('trainer')!.every(isGpu)).toBe(true);
    const without = placements('gpu-cluster.yaml', [], (text) => text.replace('      - { name: GpuMostAllocated, weight: 5 }\n', ''));
    expect(without.get('web')!.filter(isGpu).length).toBeGreaterThan(0);
    expect(without.get('trainer')!.filter((h) => !isGpu(h)).length).toBeGreaterThan(0);
  });
});

describe('examples/spread-by-free-memory.js: an ECS strategy from outside src/', () => {
  it('runs from the command line (--plugin) and its scenario passes', async () => {
    const r = await cli('run', 'examples/ecs-spread-by-free-memory.yaml', '--plugin', 'examples/spread-by-free-memory.js', '--out', join(mkdtempSync(join(tmpdir(), 'fleetsim-examples-')), 'out'), '--output', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).passed).toBe(true);
  });

  it('sends each task to the instance with the most free memory', async () => {
    const got = placements('ecs-spread-by-free-memory.yaml', [await example('spread-by-free-memory.js')]);
    const cacheHosts = new Set(got.get('cache')!.map((h) => h.id));
    const perHost = new Map<string, number>();
    for (const h of got.get('web')!) perHost.set(h.id, (perHost.get(h.id) ?? 0) + 1);
    // The two instances without a 6 GiB cache task have the most free memory throughout: 4 each.
    expect([...perHost.values()]).toEqual([4, 4]);
    expect([...perHost.keys()].some((id) => cacheHosts.has(id))).toBe(false);
  });

  it('is rejected with its own message for a field it does not take', async () => {
    const registry = PlacementRegistry.builtIn().with(await example('spread-by-free-memory.js'), { source: 'examples/spread-by-free-memory.js' });
    const text = readFileSync(join(ROOT, 'examples', 'ecs-spread-by-free-memory.yaml'), 'utf8').replace('{ type: spread-by-free-memory }', '{ type: spread-by-free-memory, field: memory }');
    const loaded = loadScenario('x.yaml', text, { registry });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.diagnostics[0]!.message).toBe('spread-by-free-memory takes no field, got "memory"');
  });
});
