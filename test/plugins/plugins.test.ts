import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli-runner.js';
import { PlacementRegistry, PluginRegistrationError } from '../../src/policy/placement-registry.js';
import { BUILT_IN_PLUGIN } from '../../src/policy/built-in-plugin.js';

/** A fresh output folder (a failed run must leave nothing in it). */
const out = (): string => join(mkdtempSync(join(tmpdir(), 'fleetsim-plugins-')), 'out');

/**
 * Placement plugins from outside fleetsim (`--plugin`): each way a plugin can misbehave stops
 * the run with one line naming the plugin, what it did and the pod or task, exit 2, and no
 * outputs; a well-behaved whole policy runs.
 */
describe('plugin errors stop the run cleanly', () => {
  it.each([
    ['a Score that throws', ['test/fixtures/plugin-probe.yaml', '--plugin', 'test/fixtures/plugins/probe-throws.js'], /plugin 'Probe' \(test\/fixtures\/plugins\/probe-throws\.js\): score\(\) threw Error: index out of range while placing pod t-\d+ of web/],
    ['a NaN score', ['test/fixtures/plugin-probe.yaml', '--plugin', 'test/fixtures/plugins/probe-nan.js'], /plugin 'Probe' .*: score\(\) returned NaN for node i-\d+, not a number in \[0, 100\] while placing pod t-\d+ of web/],
    ['a malformed filter status', ['test/fixtures/plugin-probe.yaml', '--plugin', 'test/fixtures/plugins/probe-bad-status.js'], /plugin 'Probe' .*: filter\(\) returned "no" for node i-\d+/],
    ['a call over its time budget', ['test/fixtures/plugin-probe.yaml', '--plugin', 'test/fixtures/plugins/probe-slow.js', '--plugin-budget', '5'], /plugin 'Probe' .*: filter\(\) took \d+ ms, over its budget of 5 ms while placing pod t-\d+ of web/],
    ['a policy answering a host without room', ['scenarios/quickstart.yaml', '--plugin', 'test/fixtures/plugins/policy-overcommit.js', '--placement-policy', 'overcommit'], /plugin 'overcommit' .*: place\(\) returned host i-000001, which cannot take it \(0 cpu shares, \d+ MiB, Infinity task slots free\) while placing task t-\d+ of web/],
    ['a strategy giving a negative key', ['test/fixtures/plugin-strategy.yaml', '--plugin', 'test/fixtures/plugins/strategy-bad-key.js'], /plugin 'bad-key' .*: keyOf\(\) returned -1 for host i-\d+, not an integer in \[0, 2\^31\) while placing task t-\d+ of web/],
  ])('%s', async (_name, args, message) => {
    const dir = out();
    const r = await cli('run', ...args, '--out', dir, '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing was committed: a failed run leaves no outputs (the staging folder is gone too).
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('a slow plugin within its budget runs to the end', async () => {
    const r = await cli('run', 'test/fixtures/plugin-probe.yaml', '--plugin', 'test/fixtures/plugins/probe-slow.js', '--plugin-budget', '60000', '--out', out(), '-q');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('loading plugins', () => {
  it('runs a whole placement policy from a module, chosen with --placement-policy', async () => {
    const r = await cli('run', 'scenarios/quickstart.yaml', '--plugin', 'test/fixtures/plugins/policy-emptiest.js', '--placement-policy', 'emptiest', '--out', out(), '--output', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).passed).toBe(true);
  });

  it.each([
    ['a missing module', ['--plugin', 'test/fixtures/plugins/nope.js'], 'error: --plugin test/fixtures/plugins/nope.js: cannot load it: no such file'],
    ['a module without a plugin', ['--plugin', 'test/support/cli-runner.ts'], 'exports no plugin'],
    ['a name the built-ins hold', ['--plugin', 'test/fixtures/plugins/probe-nan.js', '--plugin', 'test/fixtures/plugins/probe-throws.js'], "kube-scheduler plugin 'Probe' is registered already (by probe-nan)"],
    ['an unknown policy', ['--placement-policy', 'binpak'], "error: --placement-policy binpak: no such policy; registered: ecs-placement, kube-scheduler, first-fit, kube-basic"],
  ])('%s is bad input (exit 2, one line)', async (_name, args, message) => {
    const r = await cli('run', 'scenarios/quickstart.yaml', ...args, '--out', out(), '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a scenario naming a plugin nobody loaded is a scenario error at its line', async () => {
    const r = await cli('validate', 'test/fixtures/plugin-probe.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plugin-probe\.yaml:\d+:\d+: error: plugins\[3\]\.name: unknown plugin 'Probe'/);
    expect((await cli('validate', 'test/fixtures/plugin-probe.yaml', '--plugin', 'test/fixtures/plugins/probe-nan.js')).code).toBe(0);
  });

  it('the built-ins register through the same call as a loaded plugin, and names stay unique', () => {
    const registry = PlacementRegistry.builtIn();
    expect([...registry.ecsStrategies.keys()]).toEqual(['binpack', 'spread', 'random']);
    expect([...registry.policies.keys()]).toEqual(['ecs-placement', 'kube-scheduler', 'first-fit', 'kube-basic']);
    expect(registry.plugins).toEqual([{ name: 'fleetsim', source: 'built in' }]);
    expect(() => registry.with(BUILT_IN_PLUGIN)).toThrow(PluginRegistrationError);
    expect(() => registry.with({ name: 'x', ecsStrategies: { spread: () => ({ ok: false, message: 'no' }) } })).toThrow("ECS strategy type 'spread' is registered already (by fleetsim)");
    expect(() => registry.with({ name: 'empty' })).toThrow('provides nothing');
  });
});
