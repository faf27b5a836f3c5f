import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { exportToEcs } from '../../src/scenario/export/to-ecs.js';
import { exportToKubernetes } from '../../src/scenario/export/to-kubernetes.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

/**
 * `fleetsim export` and image pull policy (docs/models.md, "Image pull policy"): kubelet's is per
 * container, the ECS agent's per container instance, so neither carries over field for field;
 * each is listed with its counterpart.
 */
function load(yaml: string) {
  const loaded = loadScenario('s.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return loaded;
}

describe('exporting image pull policy', () => {
  it('--to kubernetes lists an Auto Scaling group’s ECS_IMAGE_PULL_BEHAVIOR with the imagePullPolicy it corresponds to', () => {
    const { scenario, spec } = load(`name: t
duration: 5m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.large, desiredCapacity: 1, imagePullBehavior: prefer-cached }
    - { name: h, instanceType: m5.large, desiredCapacity: 1 }
services:
  - serviceName: api
    desiredCount: 1
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: api, image: api:1, imageSize: 30MB }
`);
    const lost = exportToKubernetes(scenario, spec).untranslated.filter((u) => u.path.includes('imagePullBehavior'));
    expect(lost.map((u) => u.path)).toEqual(['cluster.autoScalingGroups[0].imagePullBehavior']);
    expect(lost[0]!.why).toContain('ECS_IMAGE_PULL_BEHAVIOR prefer-cached');
    expect(lost[0]!.why).toContain('IfNotPresent');
  });

  it('--to ecs lists a container’s imagePullPolicy with the agent setting it corresponds to', () => {
    const { scenario, spec } = load(`name: t
duration: 5m
cluster:
  platform: eks
  availabilityZones: [us-east-1a]
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] }
  nodeGroups:
    - { name: g, instanceType: m5.large, desiredSize: 1 }
workloads:
  - kind: Deployment
    name: api
    replicas: 1
    containers:
      - { name: api, image: api:latest, imagePullPolicy: IfNotPresent, imageSize: 30MB }
      - { name: log, image: log:2, imageSize: 10MB }
`);
    const lost = exportToEcs(scenario, spec).untranslated.filter((u) => u.path.includes('imagePullPolicy'));
    expect(lost.map((u) => u.path)).toEqual(['workloads[0].containers[0].imagePullPolicy']);
    expect(lost[0]!.why).toContain('ECS_IMAGE_PULL_BEHAVIOR');
    expect(lost[0]!.why).toContain('IfNotPresent is prefer-cached');
  });
});
