import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';

/** An EKS workload with an HPA whose metrics are `metrics` (YAML, indented under metrics:). */
function scenario(metrics: string, withLoad = true): string {
  return `name: t
duration: 5m
cluster:
  platform: eks
  availabilityZones: [us-east-1a]
  coreDns: false
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] }
  nodeGroups: [{ name: ng, instanceType: m5.large, desiredSize: 1 }]
workloads:
  - kind: Deployment
    name: web
    replicas: 2
    containers: [{ name: web, image: web:1, imageSize: 10MB, resources: { requests: { cpu: 100m, memory: 64Mi } } }]
${withLoad ? '    load: { rps: 10, cpuPerRequest: 10ms }\n' : ''}    horizontalPodAutoscaler:
      maxReplicas: 10
      metrics:
${metrics}`;
}

const rps = (target: string, kind = 'Ingress') =>
  `        - type: Object\n          object:\n            describedObject: { kind: ${kind}, name: main-route }\n            metric: { name: requests-per-second }\n            target: ${target}\n`;

const errors = (text: string): string[] => {
  const loaded = loadScenario('t.yaml', text);
  return loaded.ok ? [] : loaded.diagnostics.map(formatDiagnostic);
};

describe('HPA Object metrics in scenarios', () => {
  it('compiles requests-per-second of an Ingress or Service, with Value and AverageValue targets as quantities', () => {
    const loaded = loadScenario('t.yaml', scenario(rps('{ type: Value, value: 1.5k }') + rps('{ type: AverageValue, averageValue: "500m" }', 'Service')));
    expect(loaded.ok ? [] : loaded.diagnostics.map(formatDiagnostic)).toEqual([]);
    if (!loaded.ok) return;
    expect(loaded.spec.services[0]!.hpa!.metrics).toEqual([
      { type: 'Object', describedObject: { kind: 'Ingress', name: 'main-route' }, name: 'requests-per-second', target: { type: 'Value', value: 1500 } },
      { type: 'Object', describedObject: { kind: 'Service', name: 'main-route' }, name: 'requests-per-second', target: { type: 'AverageValue', averageValue: 0.5 } },
    ]);
  });

  it('checks a metric source as the API server does: the one named by type, and no other', () => {
    expect(errors(scenario('        - type: Object\n'))).toEqual([
      't.yaml:18:11: error: must populate information for the given metric source (at workloads[0].horizontalPodAutoscaler.metrics[0].object)',
    ]);
    expect(errors(scenario(`        - type: Resource\n          resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }\n          object: { describedObject: { kind: Ingress, name: x }, metric: { name: requests-per-second }, target: { type: Value, value: 5 } }\n`))).toEqual([
      expect.stringMatching(/^t\.yaml:20:\d+: error: must populate the given metric source only \(at workloads\[0\]\.horizontalPodAutoscaler\.metrics\[0\]\.object\)$/),
    ]);
  });

  it('needs the target value its type names, positive', () => {
    expect(errors(scenario(rps('{ type: Value, averageValue: 5 }')))).toEqual([expect.stringContaining("a Value target needs 'value' (at workloads[0].horizontalPodAutoscaler.metrics[0].object.target.value)")]);
    expect(errors(scenario(rps('{ type: Value, value: 10 apples }')))).toEqual([expect.stringContaining("'10 apples' is not a quantity")]);
    expect(errors(scenario(rps('{ type: Value, value: 0 }')))).toEqual([expect.stringContaining('must be positive')]);
  });

  it("needs the workload's load, which is what the metric measures", () => {
    expect(errors(scenario(rps('{ type: Value, value: 5 }'), false))).toEqual([
      expect.stringContaining("an Object metric of requests per second needs the workload's `load`"),
    ]);
  });

  it('rejects a metric fleetsim does not publish, naming the one it does', () => {
    expect(errors(scenario(rps('{ type: Value, value: 5 }').replace('requests-per-second', 'queue-length')))).toEqual([expect.stringContaining("'requests-per-second'")]);
  });
});

describe('an imported HorizontalPodAutoscaler with an Object metric', () => {
  const manifests = (metric: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: web:1, resources: { requests: { cpu: 100m, memory: 64Mi } } }]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 10
  metrics:
${metric}`;
  const load = (metric: string) =>
    loadScenario(
      's.yaml',
      'name: s\nduration: 1m\nimports: [{ kubernetes: m.yaml }]\ncluster: { platform: eks, availabilityZones: [us-east-1a], coreDns: false, vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] }, nodeGroups: [{ name: ng, instanceType: m5.large, desiredSize: 1 }] }\nworkloads:\n  - { name: web, load: { rps: 10, cpuPerRequest: 10ms } }\n',
      { readFile: () => manifests(metric) },
    );

  it('imports requests-per-second of an Ingress as the Kubernetes docs write it', () => {
    const loaded = load(
      '    - type: Object\n      object:\n        metric: { name: requests-per-second }\n        describedObject: { apiVersion: networking.k8s.io/v1, kind: Ingress, name: main-route }\n        target: { type: Value, value: 10k }\n',
    );
    expect(loaded.ok ? [] : loaded.diagnostics.map(formatDiagnostic)).toEqual([]);
    if (!loaded.ok) return;
    expect(loaded.spec.services[0]!.hpa!.metrics).toEqual([
      { type: 'Object', describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main-route' }, name: 'requests-per-second', target: { type: 'Value', value: 10_000 } },
    ]);
  });

  it('warns of an Object metric fleetsim does not publish, and leaves the HPA out when it is the only metric', () => {
    const loaded = load('    - type: Object\n      object:\n        metric: { name: queue-depth }\n        describedObject: { kind: Service, name: q }\n        target: { type: Value, value: 5 }\n');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.spec.services[0]!.hpa).toBeUndefined();
    const warnings = loaded.imports!.notes.filter((n) => n.kind === 'warning').map((n) => n.path);
    expect(warnings).toEqual(expect.arrayContaining(['HorizontalPodAutoscaler/web spec.metrics[0].object.metric.name', 'HorizontalPodAutoscaler/web spec.metrics']));
  });
});
