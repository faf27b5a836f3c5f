import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../src/api/index.js';

const ROOT = resolve(__dirname, '..');

describe('the public library API (docs/api.md)', () => {
  it('exports exactly this list at run time: a change here is a change to the public API (semver)', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ClusterState',
        'CycleState',
        'DEFAULT_CALL_BUDGET_MS',
        'DEFAULT_HPA_TIMING',
        'DEFAULT_PROFILE',
        'DEFAULT_SERVICE_PLACEMENT',
        'EMPTY_HPA_HISTORY',
        'EcsPlacementEngine',
        'INITIAL_SCALING_STATE',
        'INSTANCE_TYPES',
        'INSTANCE_TYPE_NAMES',
        'IN_TREE_REGISTRY',
        'KubeSchedulerPolicy',
        'MAX_NODE_SCORE',
        'PlacementRegistry',
        'PluginError',
        'PluginRegistrationError',
        'RUN_OUTPUT_FILES',
        'SHORT_OF_CPU',
        'SHORT_OF_MEMORY',
        'SHORT_OF_PODS',
        'SUCCESS',
        'SimulationError',
        'computeHpaDecision',
        'definePlugin',
        'describeEvent',
        'evaluateScalableTarget',
        'formatDiagnostic',
        'getInstanceType',
        'loadScenario',
        'maxPods',
        'pluginRejected',
        'podRequestOf',
        'produceRunOutputs',
        'requestFits',
        'requestOf',
        'resourceShortfall',
        'runSimulation',
        'scalableTargetSpecProblems',
        'startSimulation',
        'stateKey',
        'validateHpaSpec',
      ].sort(),
    );
  });

  it('package.json exports the built entry point and its types, and nothing deeper', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; types: string };
    expect(pkg.exports).toEqual({ '.': { types: './dist/src/api/index.d.ts', import: './dist/src/api/index.js' }, './package.json': './package.json' });
    expect(pkg.types).toBe('./dist/src/api/index.d.ts');
  });

  it('loads a scenario, runs it with a seed and a listener, and reads the result: the same events for the same seed', () => {
    const text = readFileSync(join(ROOT, 'scenarios', 'quickstart.yaml'), 'utf8');
    const loaded = api.loadScenario('quickstart.yaml', text);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map(api.formatDiagnostic).join('\n'));
    const words = (seed: string): string[] => {
      const out: string[] = [];
      const result = api.runSimulation(loaded.spec, { seed, listeners: [(e) => out.push(`${e.time} ${e.type} ${api.describeEvent(e)}`)] });
      expect(result.seed).toBe(seed);
      expect(result.events).toBeGreaterThan(0);
      expect(result.state.hosts.length).toBeGreaterThan(0);
      return out;
    };
    const a = words('7');
    expect(words('7')).toEqual(a);
    expect(a.some((line) => line.includes('task.placed') || line.includes('pod.bound'))).toBe(true);
  });

  it('reports bad scenario text as located diagnostics, not exceptions', () => {
    const loaded = api.loadScenario('bad.yaml', 'name: x\nduration: 1h\ncluster: { platform: nope }\n');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(api.formatDiagnostic(loaded.diagnostics[0]!)).toMatch(/^bad\.yaml:\d+:\d+: error: /);
  });

  it('takes a user plugin from outside the package through the registry, as the CLI does', async () => {
    const plugin = ((await import(pathToFileURL(join(ROOT, 'examples', 'spread-by-free-memory.js')).href)) as { default: api.PlacementPlugin }).default;
    const registry = api.PlacementRegistry.builtIn().with(plugin, { source: 'examples/spread-by-free-memory.js' });
    expect(registry.ecsStrategies.has('spread-by-free-memory')).toBe(true);
    const text = readFileSync(join(ROOT, 'examples', 'ecs-spread-by-free-memory.yaml'), 'utf8');
    expect(api.loadScenario('x.yaml', text).ok).toBe(false); // the scenario names a strategy the built-ins lack
    const loaded = api.loadScenario('x.yaml', text, { registry });
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(api.runSimulation(loaded.spec, { registry }).expectationsFailed).toBe(0);
  });

  it('exposes the catalog, the max-pods model and the fit check', () => {
    const m5 = api.getInstanceType('m5.large')!;
    expect(api.maxPods(m5)).toBe(29); // (3 ENIs x (10 - 1) IPs) + 2
    expect(api.INSTANCE_TYPE_NAMES).toContain('m5.large');
    expect(api.resourceShortfall(100, 100, 1, 200, 50)).toBe(api.SHORT_OF_CPU);
    expect(api.resourceShortfall(100, 100, 0, 50, 50)).toBe(api.SHORT_OF_PODS);
  });
});
