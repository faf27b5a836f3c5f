import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { scenarioFileReader } from '../../src/cli/scenario-files.js';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { cli, ROOT } from '../support/cli-runner.js';

/** The spec a scenario importing `imports` (paths from the repository root) compiles to. */
function importedSpec(imports: readonly Readonly<Record<string, string | undefined>>[]) {
  const loaded = loadScenario('imported.yaml', stringify({ name: 'imported', duration: '30m', imports }), { readFile: scenarioFileReader(ROOT, 'imported.yaml') });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return loaded.spec;
}

describe('fleetsim import', () => {
  it.each([
    ['the CDK-synthesized CloudFormation template', ['examples/cdk/ApiStack.template.json'], [{ cloudFormation: 'examples/cdk/ApiStack.template.json' }]],
    [
      'a CloudFormation EKS cluster with Kubernetes manifests',
      ['test/fixtures/imports/eks.template.json', 'kubernetes=test/fixtures/imports/manifests.yaml'],
      [{ cloudFormation: 'test/fixtures/imports/eks.template.json' }, { kubernetes: 'test/fixtures/imports/manifests.yaml' }],
    ],
  ])('writes a self-contained scenario of %s that re-loads to the same compiled spec', async (_what, args, imports) => {
    const { code, stdout, stderr } = await cli('import', ...args, '-o', 'yaml');
    expect(code, stderr).toBe(0);
    expect(stdout).not.toContain('imports:');
    const reloaded = loadScenario('out.yaml', stdout);
    expect(reloaded.ok ? [] : reloaded.diagnostics.map(formatDiagnostic)).toEqual([]);
    if (!reloaded.ok) return;
    expect(reloaded.spec).toEqual(importedSpec(imports));
  });

  it('says where each part came from, and what fleetsim assumed', async () => {
    const { stdout } = await cli('import', 'examples/cdk/ApiStack.template.json');
    expect(stdout).toContain('  # from examples/cdk/ApiStack.template.json:816 (Resources.ApiService199661B5.Properties)\n  - serviceName: api\n');
    expect(stdout).toContain("# examples/cdk/ApiStack.template.json:672:16: note: Resources.ApiServiceTaskDefDF3191FB.Properties.ContainerDefinitions[0].Image: no size for image '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1.8.0': fleetsim assumes 200MB");
    expect(stdout).toContain('imageSize: 200MB');
  });

  it('writes what the definitions do not say at the top, and still writes the scenario', async () => {
    const { code, stdout, stderr } = await cli('import', 'examples/ecs/describe-task-definition.json', 'examples/ecs/describe-services.json');
    expect(code).toBe(0);
    expect(stdout).toContain("# needs editing before it runs: examples/ecs/describe-services.json:81:25: error: no subnet 'subnet-0a1b2c3d4e5f60001' in cluster.vpc.subnets");
    expect(stderr).toContain("examples/ecs/describe-services.json:81:25: error: no subnet 'subnet-0a1b2c3d4e5f60001' in cluster.vpc.subnets");
    expect(stdout).toContain('  - serviceName: checkout\n');
  });

  it('is bad input for a file it cannot read or cannot tell the kind of (exit 2)', async () => {
    expect(await cli('import', 'nope.json')).toMatchObject({ code: 2, stderr: 'nope.json: error: cannot read definitions: no such file\n' });
    const unknown = await cli('import', 'package.json');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^package\.json: error: not an ECS task definition or service, .*; name its kind/);
    expect(readFileSync(join(ROOT, 'package.json'), 'utf8')).toContain('"name": "fleetsim"');
  });

  it('reports an unknown field of an imported file as bad input (exit 2)', async () => {
    const { code, stderr } = await cli('import', 'ecsTaskDefinition=test/fixtures/imports/create-service.json');
    expect(code).toBe(2);
    expect(stderr).toContain("test/fixtures/imports/create-service.json:2:5: error: unknown field 'cluster'");
  });
});

describe('commands that run a scenario which imports definitions', () => {
  it('fleetsim run prints the import report on stderr and writes it in summary.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-import-run-'));
    const { code, stderr } = await cli('run', 'examples/ecs/checkout.yaml', '--out', out);
    expect(code).toBe(0);
    expect(stderr).toContain('examples/ecs/checkout.yaml: imported examples/ecs/describe-task-definition.json (ecsTaskDefinition)');
    expect(stderr).toContain('examples/ecs/describe-task-definition.json:46:37: ignored: taskDefinition.containerDefinitions[0].logConfiguration: where logs go does not change the simulation\n');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { imports: { warnings: { path: string }[]; ignored: unknown[]; files: unknown[] } };
    expect(summary.imports.files).toHaveLength(4);
    expect(summary.imports.warnings.map((w) => w.path)).toEqual(['services[0].availabilityZoneRebalancing']);
    expect(summary.imports.ignored.length).toBeGreaterThan(30);
  });

  it('fleetsim sweep serves the imported files to every run', async () => {
    // Both durations reach the scenario's expectation at 8m: a shorter run is refused (it would never be checked).
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-import-sweep-'));
    const { code, stderr } = await cli('sweep', 'examples/ecs/checkout.yaml', '--set', 'duration=8m,9m', '--workers', '1', '--out', out, '-q');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });
});
