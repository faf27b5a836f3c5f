import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

const VALID = `name: t
duration: 10m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.large, desiredCapacity: 2 }
services:
  - serviceName: api
    desiredCount: 2
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: api, image: api:1, imageSize: 50MB }
events:
  - { at: 5m, scale: { service: api, desiredCount: 4 } }
expect:
  - { at: 1m, service: api, running: { min: 2 } }
`;

function errorsOf(text: string): string[] {
  const result = loadScenario('s.yaml', text);
  if (result.ok) return [];
  return result.diagnostics.map(formatDiagnostic);
}

describe('loadScenario', () => {
  it('compiles a valid file into internal units with defaults applied', () => {
    const result = loadScenario('s.yaml', VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const spec = result.spec;
    expect(spec.durationMs).toBe(600_000);
    expect(spec.sampleIntervalMs).toBe(10_000);
    expect(spec.seed).toBe('1');
    expect(spec.cluster.availabilityZones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(spec.cluster.autoScalingGroups[0]!.instanceType.name).toBe('m5.large');
    const td = spec.services[0]!.taskDefinition;
    expect(td.cpu).toBe(256_000);
    expect(td.memoryMiB).toBe(512);
    expect(td.family).toBe('api');
    expect(td.networkMode).toBe('bridge');
    expect(td.containers[0]!.imageSizeMiB).toBe(48); // 50 MB = 47.7 MiB, rounded up
    expect(spec.events).toEqual([{ at: 300_000, kind: 'scale', service: 'api', desiredCount: 4 }]);
    expect(spec.expectations[0]!.label).toBe('at 1m: api running >= 2');
  });

  it('accepts JSON too', () => {
    const json = JSON.stringify({ name: 'j', duration: '1m', cluster: { platform: 'ecs' } });
    expect(loadScenario('s.json', json).ok).toBe(true);
  });

  it('reports bad YAML with its line and column', () => {
    const errors = errorsOf('name: x\nduration: 5m\ncluster:\n  platform: ecs\n  availabilityZones: [us-east-1a\n');
    expect(errors[0]).toMatch(/^s\.yaml:[56]:\d+: error: YAML: Flow sequence/);
    expect(errorsOf('name: x\n\tduration: 5m\n')[0]).toMatch(/^s\.yaml:2:1: error: YAML: /);
  });

  it('reports an unknown key at the key, with a suggestion', () => {
    const errors = errorsOf(VALID.replace('desiredCount: 2', 'desiredCont: 2'));
    expect(errors).toContain("s.yaml:9:5: error: unknown key 'desiredCont' (did you mean 'desiredCount'?) (at services[0].desiredCont)");
    expect(errors).toContain("s.yaml:8:5: error: missing required key 'desiredCount' (at services[0])");
  });

  it('reports a wrong type at the value, saying what it got', () => {
    const errors = errorsOf(VALID.replace('desiredCapacity: 2', 'desiredCapacity: "two"'));
    expect(errors).toEqual(["s.yaml:6:59: error: must be a whole number, got 'two' (at cluster.autoScalingGroups[0].desiredCapacity)"]);
  });

  it('reports a negative count', () => {
    expect(errorsOf(VALID.replace('desiredCount: 2', 'desiredCount: -3'))).toEqual([
      's.yaml:9:19: error: must be at least 0, got -3 (at services[0].desiredCount)',
    ]);
  });

  it('reports unit errors from the compiler with positions', () => {
    expect(errorsOf(VALID.replace('duration: 10m', 'duration: 10 minutes'))[0]).toMatch(/^s\.yaml:2:11: error: '10 minutes' is not a duration/);
    expect(errorsOf(VALID.replace('cpu: 256', "cpu: '2 cores'"))[0]).toMatch(/^s\.yaml:11:12: error: '2 cores' is not an ECS CPU value/);
    expect(errorsOf(VALID.replace('imageSize: 50MB', 'imageSize: 50 megs'))[0]).toMatch(/imageSize/);
  });

  it('resolves references: unknown services and instance types get suggestions', () => {
    expect(errorsOf(VALID.replace('scale: { service: api', 'scale: { service: apj'))).toEqual([
      "s.yaml:16:33: error: no service named 'apj' (did you mean 'api'?) (at events[0].scale.service)",
    ]);
    expect(errorsOf(VALID.replace('instanceType: m5.large', 'instanceType: m5.larg'))[0]).toMatch(
      /^s\.yaml:6:32: error: unknown instance type 'm5\.larg' \(did you mean 'm5\.large'\?\)/,
    );
  });

  it('suggests enum values', () => {
    expect(errorsOf(VALID.replace('platform: ecs', 'platform: ecss'))[0]).toBe(
      "s.yaml:4:13: error: must be one of 'ecs', 'eks', got 'ecss' (did you mean 'ecs'?) (at cluster.platform)",
    );
  });

  it('explains the accepted forms of an expectation bound', () => {
    expect(errorsOf(VALID.replace('running: { min: 2 }', 'running: { least: 2 }'))[0]).toMatch(/expected An exact value, or bounds/);
  });

  it('collects several problems in one pass, sorted by position', () => {
    const errors = errorsOf(VALID.replace('desiredCount: 2', 'desiredCount: -1').replace('memory: 512', 'memroy: 512'));
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.join('\n')).toMatch(/desiredCount[\s\S]*memroy/);
  });

  it('rejects a document that is not a mapping', () => {
    expect(errorsOf('- a\n- b\n')).toEqual(['s.yaml:1:1: error: a scenario must be a mapping with name, duration and cluster']);
  });

  it('rejects duplicate keys and duplicate service names', () => {
    expect(errorsOf(`${VALID}name: again\n`)[0]).toMatch(/YAML: Map keys must be unique/);
    const twice = VALID.replace(/services:\n([\s\S]*?)events:/, (_m, body: string) => `services:\n${body}${body}events:`);
    expect(errorsOf(twice).join('\n')).toMatch(/duplicate service name 'api'/);
  });

  it('rejects an invalid Fargate task size, naming the valid choices', () => {
    const fargate = VALID.replace('    desiredCount: 2\n', '    launchType: FARGATE\n    desiredCount: 2\n')
      .replace('platform: ecs', 'platform: ecs\n  availabilityZones: [us-east-1a]\n  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/24 }] }')
      .replace('memory: 512', 'memory: 3072');
    expect(errorsOf(fargate)).toEqual([
      's.yaml:15:15: error: 3072 MiB is not valid with 0.25 vCPU on Fargate; choose 0.5 GB, 1 GB, 2 GB (512, 1024, 2048 MiB) (at services[0].taskDefinition.memory)',
    ]);
    expect(errorsOf(fargate.replace('cpu: 256', 'cpu: 384'))[0]).toMatch(/0\.375 vCPU is not a Fargate size; choose 0\.25, 0\.5, 1, 2, 4, 8, 16 vCPU/);
    expect(errorsOf(fargate.replace('memory: 3072', 'memory: 512').replace('cpu: 256', 'cpu: 256\n      networkMode: bridge'))[0]).toMatch(/Fargate tasks need networkMode 'awsvpc'/);
  });

  it('checks subnets: CIDR syntax, size limits, overlaps and AZs', () => {
    const withSubnets = (subnets: string): string => VALID.replace('platform: ecs', `platform: ecs\n  vpc: { subnets: [${subnets}] }`);
    expect(errorsOf(withSubnets('{ az: us-east-1a, cidr: 10.0.0.1/24 }'))[0]).toMatch(/10\.0\.0\.1\/24 has host bits set; did you mean 10\.0\.0\.0\/24\?/);
    expect(errorsOf(withSubnets('{ az: us-east-1a, cidr: 10.0.0.0/29 }'))[0]).toMatch(/\/28/);
    expect(errorsOf(withSubnets('{ az: us-east-1a, cidr: 10.0.0.0/24 }, { az: us-east-1b, cidr: 10.0.0.128/25 }'))[0]).toMatch(/overlaps subnet-1/);
    expect(errorsOf(withSubnets('{ az: us-west-2a, cidr: 10.0.0.0/24 }'))[0]).toMatch(/'us-west-2a' is not one of the cluster's availability zones/);
  });

  it('checks placement constraints with the placement policy rules and wording, at the field', () => {
    const withConstraints = (constraints: string): string => VALID.replace('    desiredCount: 2\n', `    desiredCount: 2\n    placementConstraints: ${constraints}\n`);
    expect(errorsOf(withConstraints('[{ type: distinctInstance, expression: "attribute:a == b" }]'))).toEqual([
      "s.yaml:10:66: error: you can't specify an expression if the constraint type is distinctInstance (at services[0].placementConstraints[0].expression)",
    ]);
    expect(errorsOf(withConstraints('[{ type: memberOf }]'))).toEqual([
      's.yaml:10:28: error: memberOf needs a cluster query language expression, e.g. attribute:ecs.instance-type =~ t3.* (at services[0].placementConstraints[0].expression)',
    ]);
    expect(errorsOf(withConstraints("[{ type: memberOf, expression: 'attribute:a ==' }]"))[0]).toMatch(/at column \d+.*\(in 'attribute:a =='\) \(at services\[0\]\.placementConstraints\[0\]\.expression\)$/);
  });

  it('reports Karpenter and kube-scheduler problems with the others, not only when nothing else is wrong', () => {
    const eks = `name: k
duration: 10m
cluster:
  platform: eks
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/24 }] }
  scheduler: { plugins: [{ name: NodeResourceFit }] }
  karpenter:
    nodePools: [{ name: p, requirements: [], limits: { cpu: lots } }]
`;
    expect(errorsOf(eks)).toEqual([
      "s.yaml:6:14: error: plugins[0].name: unknown plugin 'NodeResourceFit' (did you mean 'NodeResourcesFit'?) (at cluster.scheduler)",
      "s.yaml:8:61: error: 'lots' is not a CPU quantity: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (use cores, 0.5 or 2, or millicores, 250m) (at cluster.karpenter.nodePools[0].limits.cpu)",
    ]);
  });

  it('reads a traffic trace through the caller, and reports bad rows with the trace line', () => {
    const withTrace = VALID.replace(
      "      containerDefinitions:\n        - { name: api, image: api:1, imageSize: 50MB }",
      "      containerDefinitions:\n        - { name: api, image: api:1, imageSize: 50MB }\n    load: { rps: { trace: traffic.csv }, cpuPerRequest: 20ms }",
    );
    const ok = loadScenario('s.yaml', withTrace, { readFile: (f) => (f === 'traffic.csv' ? 'time_s,rps\n0,10\n60,30\n' : undefined) });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.spec.services[0]!.load?.rps).toEqual({ kind: 'trace', points: [{ atMs: 0, rps: 10 }, { atMs: 60_000, rps: 30 }] });
    const bad = loadScenario('s.yaml', withTrace, { readFile: () => 'time_s,rps\n0,ten\n' });
    expect(bad.ok ? [] : bad.diagnostics.map((d) => d.message)).toEqual(["traffic.csv:2: expected 'time_s,rps', got '0,ten'"]);
    const missing = loadScenario('s.yaml', withTrace);
    expect(missing.ok ? '' : missing.diagnostics[0]!.message).toBe("cannot read traffic trace 'traffic.csv'");
  });
});

describe('limits on the YAML itself (issue 21): errors with a position, never a crash', () => {
  it('an alias bomb (aliases of aliases, a billion laughs) is refused at its first alias', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    expect(errorsOf(`${levels.join('\n')}\n`)).toEqual(['s.yaml:2:8: error: YAML: aliases expand too much (more than 100 resolved; docs/limits.md)']);
  });

  it('a few aliases are fine', () => {
    const text = VALID.replace('    desiredCount: 2\n', '    desiredCount: &two 2\n').replace('desiredCount: 4 }', 'desiredCount: *two }');
    expect(errorsOf(text)).toEqual([]);
  });

  it.each([
    ['flow sequences, 10,000 deep', `x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['block mappings, 2,000 deep', Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n'],
    ['flow sequences, 65 deep (the parser copes; the limit does not)', `x: ${'['.repeat(64)}${']'.repeat(64)}\n`],
  ])('%s: one diagnostic, "nested too deeply"', (_, text) => {
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^s\.yaml:\d+:\d+: error: YAML: nested too deeply \(more than 64 levels; docs\/limits\.md\)$/);
  });
});
