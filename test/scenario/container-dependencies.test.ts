import { describe, expect, it } from 'vitest';
import type { SimulationSpec } from '../../src/model/simulation-spec.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runYamlChecked, yamlErrors } from '../support/scenario-runner.js';

/**
 * Container start order, meshes and image platforms in scenarios (src/scenario/sections/
 * container-start.ts, services.ts, workloads.ts): ECS dependsOn with RegisterTaskDefinition's
 * rules, Service Connect, init containers and Istio injection, and what a run does with them.
 */
function ecs(containers: string, extra = '', task = '      cpu: 512\n      memory: 1024\n'): string {
  return `name: t
duration: 5m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.large, desiredCapacity: 1 }
services:
  - serviceName: api
    desiredCount: 1
${extra}    taskDefinition:
${task}      containerDefinitions:
${containers}`;
}

function eks(workload: string, istio = ''): string {
  return `name: t
duration: 5m
cluster:
  platform: eks
  coreDns: false
  availabilityZones: [us-east-1a]
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] }
  nodeGroups:
    - { name: g, instanceType: m5.xlarge, desiredSize: 1 }
${istio}workloads:
  - kind: Deployment
    name: api
    replicas: 1
${workload}`;
}

const app = (fields = ''): string => `        - { name: app, image: app:1, imageSize: 50MB${fields === '' ? '' : `, ${fields}`} }\n`;
const envoy = (fields = ''): string => `        - { name: envoy, image: envoy:1, imageSize: 40MB${fields === '' ? '' : `, ${fields}`} }\n`;

function specOf(yaml: string): SimulationSpec {
  const loaded = loadScenario('t.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.spec;
}

const errorsOf = (yaml: string): string[] => yamlErrors(yaml, 't.yaml');

describe('ECS dependsOn', () => {
  it('compiles an App Mesh-style Envoy the app waits for (HEALTHY needs its health check)', () => {
    const td = specOf(ecs(envoy('readyAfter: 3s, healthCheck: { command: [CMD, envoy-ready] }') + app('dependsOn: [{ containerName: envoy, condition: HEALTHY }]'))).services[0]!.taskDefinition;
    expect(td.containers[1]!.dependsOn).toEqual([{ containerName: 'envoy', condition: 'HEALTHY' }]);
    expect(td.containers[0]!.readyAfterMs).toBe(3000);
  });

  it.each([
    ['an unknown container', app('dependsOn: [{ containerName: envy, condition: START }]') + envoy(), "no container 'envy' in this task definition (did you mean 'envoy'?)"],
    ['itself', app('dependsOn: [{ containerName: app, condition: START }]'), "container 'app' cannot depend on itself"],
    ['HEALTHY without a health check', app('dependsOn: [{ containerName: envoy, condition: HEALTHY }]') + envoy(), "HEALTHY needs container 'envoy' to have a healthCheck"],
    ['COMPLETE on an essential container', app('dependsOn: [{ containerName: envoy, condition: COMPLETE }]') + envoy(), "COMPLETE cannot be set on an essential container ('envoy')"],
    ['runsFor on an essential container', app('runsFor: 5s'), 'a container that runs to completion must be essential: false'],
    ['a cycle', app('dependsOn: [{ containerName: envoy, condition: START }]') + envoy('dependsOn: [{ containerName: app, condition: START }]'), 'container dependencies form a cycle'],
  ])('reports %s', (_what, containers, message) => {
    const errors = errorsOf(ecs(containers));
    expect(errors.some((e) => e.includes(message) && /^t\.yaml:\d+:\d+/.test(e))).toBe(true);
  });

  it('a COMPLETE dependency holds the app until the container has run to completion', () => {
    const yaml = ecs(`        - { name: migrate, image: migrate:1, imageSize: 20MB, essential: false, runsFor: 20s }\n` + app('dependsOn: [{ containerName: migrate, condition: SUCCESS }]'));
    const { records } = runYamlChecked(yaml);
    const ordered = records.find((r) => r.type === 'task.containers-ordered');
    expect(ordered).toMatchObject({ order: ['migrate', 'app'] });
    expect(ordered!.type === 'task.containers-ordered' && ordered!.dependencyWaitMs).toBeGreaterThanOrEqual(20_000);
  });
});

describe('ECS Service Connect', () => {
  it('adds the proxy container and its recommended reservation to the task', () => {
    const td = specOf(ecs(app(), '    serviceConnectConfiguration: { enabled: true }\n')).services[0]!.taskDefinition;
    expect(td.containers.map((c) => c.name)).toEqual(['ecs-service-connect-agent', 'app']);
    expect([td.cpu / 1000, td.memoryMiB]).toEqual([768, 1088]);
  });

  it('needs a task-level memory, as ECS does', () => {
    const yaml = ecs(app('memoryReservation: 256'), '    serviceConnectConfiguration: { enabled: true }\n', '');
    expect(errorsOf(yaml).some((e) => e.includes('Service Connect needs a task-level memory'))).toBe(true);
  });
});

describe('image platforms', () => {
  const graviton = (containers: string, task = '      cpu: 512\n      memory: 1024\n'): string => ecs(containers, '', task).replace('instanceType: m5.large', 'instanceType: m6g.large');

  it('ECS: an amd64-only image on a Graviton instance exits with exec format error and the task stops', () => {
    const { records } = runYamlChecked(graviton(app('platforms: [linux/amd64]')));
    const exited = records.find((r) => r.type === 'container.exited');
    expect(exited).toMatchObject({ agent: 'ecs', container: 'app', exitCode: 1, cause: { kind: 'exec-format-error', architecture: 'arm64' } });
    expect(records.some((r) => r.type === 'task.stopped' && r.stopCode === 'EssentialContainerExited')).toBe(true);
  });

  it('ECS: a multi-arch image (both platforms) runs there', () => {
    const { records } = runYamlChecked(graviton(app('platforms: [linux/amd64, linux/arm64]')));
    expect(records.some((r) => r.type === 'container.exited')).toBe(false);
    expect(records.some((r) => r.type === 'task.status-changed' && r.to === 'RUNNING')).toBe(true);
  });
});

describe('Kubernetes init containers and Istio', () => {
  const pod = `    containers:
      - { name: app, image: app:1, imageSize: 50MB, resources: { requests: { cpu: 250m, memory: 256Mi } } }
`;

  it('init containers run in order before the app; a regular one above the app sets the pod request', () => {
    const workload = `    initContainers:
      - { name: migrate, image: m:1, imageSize: 10MB, runsFor: 5s, resources: { requests: { cpu: "1", memory: 128Mi } } }
      - { name: proxy, image: p:1, imageSize: 10MB, restartPolicy: Always, readyAfter: 2s, resources: { requests: { cpu: 100m, memory: 64Mi } } }
${pod}`;
    const td = specOf(eks(workload)).services[0]!.taskDefinition;
    expect(td.containers.map((c) => [c.name, c.dependsOn])).toEqual([
      ['migrate', undefined],
      ['proxy', [{ containerName: 'migrate', condition: 'COMPLETE' }]],
      ['app', [{ containerName: 'proxy', condition: 'HEALTHY' }]],
    ]);
    // max(1 CPU for migrate alone, 250m app + 100m sidecar) = 1 CPU; memory: max(128, 256 + 64) = 320 MiB.
    expect([td.cpu / 1024, td.memoryMiB]).toEqual([1000, 320]);
  });

  it('Istio injects its sidecar in the namespaces it labels and runs istiod, which needs capacity', () => {
    const spec = specOf(eks(pod, '  istio: { injectNamespaces: [default], nativeSidecars: true }\n'));
    const api = spec.services.find((s) => s.name === 'api')!;
    expect(api.taskDefinition.containers.map((c) => c.name)).toEqual(['istio-init', 'istio-proxy', 'app']);
    expect(spec.services.find((s) => s.name === 'istiod')).toMatchObject({ desiredCount: 1, taskDefinition: { memoryMiB: 2048 } });
    const other = specOf(eks(pod, '  istio: { injectNamespaces: [payments] }\n')).services.find((s) => s.name === 'api')!;
    expect(other.taskDefinition.containers.map((c) => c.name)).toEqual(['app']);
  });

  it('Istio on ECS is an error', () => {
    const yaml = ecs(app()).replace('  platform: ecs\n', '  platform: ecs\n  istio: { injectNamespaces: [default] }\n');
    expect(errorsOf(yaml).some((e) => e.includes('Istio runs on EKS in fleetsim'))).toBe(true);
  });
});
