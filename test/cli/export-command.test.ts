import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { cli } from '../support/cli-runner.js';

/** Loads `scenario` (YAML) with `files` as the files it imports. */
function loadWith(scenario: Record<string, unknown>, files: Record<string, string>) {
  const loaded = loadScenario('s.yaml', stringify(scenario), { readFile: (p) => files[p] });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return loaded;
}

describe('fleetsim export (the seed\'s migration paths, §13)', () => {
  it('writes an ECS service as Kubernetes manifests that fleetsim imports back into the same service', async () => {
    const { code, stdout, stderr } = await cli('export', 'scenarios/seed/ecs-fargate-api.yaml', '--to', 'k8s');
    expect(code).toBe(0);
    expect(stdout).toContain("# What does not translate:\n#   services[0].taskDefinition.containerDefinitions[0].secrets: Kubernetes reads secrets from Secret objects, not from Secrets Manager or SSM: create 'prod-api-database-abcdef' in the pod's namespace");
    expect(stdout).toContain('#   services[0].networkConfiguration:');
    expect(stderr).toContain('scenarios/seed/ecs-fargate-api.yaml: does not translate: services[0].deploymentConfiguration.deploymentCircuitBreaker: Kubernetes does not roll back a failed rollout');
    expect(parseAllDocuments(stdout).map((d) => (d.toJS() as { kind: string }).kind)).toEqual(['Deployment', 'PodDisruptionBudget', 'Service', 'Ingress', 'NodePool', 'EC2NodeClass']);
    const loaded = loadWith(
      { name: 'migrated', duration: '10m', imports: [{ kubernetes: 'app.k8s.yaml' }], cluster: { vpc: { subnets: [{ az: 'us-east-1a', cidr: '10.0.0.0/20' }] } } },
      { 'app.k8s.yaml': stdout },
    );
    expect(loaded.imports!.notes.filter((n) => n.kind === 'warning')).toEqual([]);
    const api = loaded.spec.services.find((s) => s.name === 'api')!;
    expect([api.desiredCount, api.taskDefinition.cpu, api.taskDefinition.memoryMiB]).toEqual([6, 512_000, 1024]);
    expect(api.taskDefinition.healthCheck).toMatchObject({ kind: 'k8s-readiness', intervalMs: 15_000, timeoutMs: 5_000, failureThreshold: 3, initialDelayMs: 30_000 });
    expect(api.rollingUpdate).toMatchObject({ maxSurge: '100%', maxUnavailable: '0%' });
    expect(api.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(api.loadBalancer).toMatchObject({ healthCheckIntervalMs: 15_000, healthyThreshold: 2 });
    expect(loaded.spec.cluster.karpenter?.nodePools).toHaveLength(1);
    // The seed's database secret survives as a Secret key the pod waits for (CreateContainerConfigError while missing).
    expect(api.taskDefinition.containers[0]!.secrets).toEqual([{ valueFrom: 'prod-api-database-abcdef', store: 'kubernetes', key: 'PROD_API_DATABASE', optional: false, registryAuth: false }]);
  });

  it('writes a Kubernetes Deployment as the AWS CLI inputs of an ECS service, which fleetsim imports back', async () => {
    const { code, stdout } = await cli('export', 'examples/kubernetes/storefront.yaml', '--to', 'ecs');
    expect(code).toBe(0);
    const docs = parseAllDocuments(stdout).map((d) => stringify(d.toJS()));
    expect(docs).toHaveLength(4);
    const loaded = loadWith(
      {
        name: 'back',
        duration: '10m',
        imports: [{ ecsTaskDefinition: 'td.yaml' }, { ecsService: 'service.yaml' }, { applicationAutoScaling: 'target.yaml' }, { applicationAutoScaling: 'policy.yaml' }],
        imageSizes: { '*': '140MB' },
        cluster: { autoScalingGroups: [{ name: 'arm', instanceType: 'm7g.large', desiredCapacity: 6 }], vpc: { subnets: [{ id: 'subnet-1', az: 'us-east-1a', cidr: '10.0.0.0/20' }, { id: 'subnet-2', az: 'us-east-1b', cidr: '10.0.16.0/20' }, { id: 'subnet-3', az: 'us-east-1c', cidr: '10.0.32.0/20' }] } },
      },
      { 'td.yaml': docs[0]!, 'service.yaml': docs[1]!, 'target.yaml': docs[2]!, 'policy.yaml': docs[3]! },
    );
    const s = loaded.spec.services[0]!;
    expect([s.name, s.desiredCount, s.taskDefinition.cpu, s.taskDefinition.memoryMiB, s.taskDefinition.shutdown?.stopTimeoutMs]).toEqual(['storefront', 6, 512_000, 768, 45_000]);
    expect(s.deploymentConfiguration).toMatchObject({ maximumPercent: 125, minimumHealthyPercent: 100 });
    expect(s.autoScaling).toMatchObject({ minCapacity: 6, maxCapacity: 40, policies: [{ metric: 'ECSServiceAverageCPUUtilization', targetValue: 60, scaleInCooldownMs: 300_000 }] });
  });

  it('is bad input for a scenario with nothing to export (exit 2)', async () => {
    const { code, stderr } = await cli('export', 'scenarios/quickstart.yaml', '--to', 'ecs');
    expect(code).toBe(2);
    expect(stderr).toBe('scenarios/quickstart.yaml: does not translate: workloads: the scenario has no Kubernetes workloads to migrate\n');
  });
});
