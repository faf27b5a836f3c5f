import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { CPU_SHARES_PER_ECS_UNIT, CPU_SHARES_PER_MILLICORE } from '../../src/model/resources.js';

const EKS = `name: s
duration: 5m
cluster:
  platform: eks
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] }
  nodeGroups: [{ name: ng, instanceType: m5.large, desiredSize: 1, availabilityZones: [us-east-1a], labels: { team: a } }]
  fargateProfiles: [{ name: fp, selectors: [{ namespace: serverless }] }]
workloads:
  - kind: DaemonSet
    name: agent
    containers: [{ name: a, image: a:1, imageSize: 10MB, resources: { requests: { cpu: 200m, memory: 256Mi } } }]
  - kind: Deployment
    name: web
    replicas: 1
    containers: [{ name: w, image: w:1, imageSize: 10MB }]
`;

const ECS = `name: s
duration: 5m
cluster:
  platform: ecs
  autoScalingGroups: [{ name: g, instanceType: m5.large, desiredCapacity: 1, availabilityZones: [us-east-1a] }]
  capacityProviders: [{ name: cp, autoScalingGroup: g }]
services:
  - serviceName: router
    schedulingStrategy: DAEMON
    launchType: EC2
    taskDefinition: { cpu: 256, memory: 128, containerDefinitions: [{ name: r, image: r:1, imageSize: 10MB }] }
  - serviceName: api
    desiredCount: 1
    taskDefinition: { cpu: 256, memory: 128, containerDefinitions: [{ name: a, image: a:1, imageSize: 10MB }] }
`;

function errors(text: string): string[] {
  const result = loadScenario('s.yaml', text);
  return result.ok ? [] : result.diagnostics.map(formatDiagnostic).map((d) => d.replace(/^s\.yaml:\d+:\d+: error: /, ''));
}

describe('DaemonSets (EKS)', () => {
  it('become daemons of the cluster, not workloads', () => {
    const result = loadScenario('s.yaml', EKS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.services.map((s) => s.name)).toEqual(['web', 'coredns']);
    expect(result.spec.cluster.daemons).toEqual([{ name: 'agent', cpu: 200 * CPU_SHARES_PER_MILLICORE, memoryMiB: 256, ownAddress: true, podScheduling: { labels: { app: 'agent' } } }]);
  });

  it.each([
    ['replicas', EKS.replace('    name: agent\n', '    name: agent\n    replicas: 2\n'), 'a DaemonSet has no replicas: it runs one pod on every node it selects (at workloads[0].replicas)'],
    ['a Deployment without replicas', EKS.replace('    replicas: 1\n', ''), "missing required key 'replicas' (at workloads[1])"],
    ['hostNetwork on a Deployment', EKS.replace('    replicas: 1\n', '    replicas: 1\n    hostNetwork: true\n'), 'fleetsim models hostNetwork for DaemonSet pods only (at workloads[1].hostNetwork)'],
    ['a HorizontalPodAutoscaler', EKS.replace('    name: agent\n', '    name: agent\n    horizontalPodAutoscaler: { minReplicas: 1, maxReplicas: 2, metrics: [] }\n'), 'a DaemonSet cannot be scaled by a HorizontalPodAutoscaler (it has no replicas) (at workloads[0].horizontalPodAutoscaler)'],
    [
      'a nodeSelector on the zone',
      EKS.replace('    name: agent\n', '    name: agent\n    nodeSelector: { topology.kubernetes.io/zone: us-east-1a }\n'),
      "fleetsim matches DaemonSets to node groups and NodePools, whose nodes differ in topology.kubernetes.io/zone: select on a label every node of a group shares (the group's labels, instance type, architecture) (at workloads[0].nodeSelector.topology.kubernetes.io/zone)",
    ],
    ['a Fargate namespace', EKS.replace('    name: agent\n', '    name: agent\n    namespace: serverless\n'), 'DaemonSets aren\'t supported on Fargate (Amazon EKS, "Fargate considerations"), and a Fargate profile selects this namespace (at workloads[0].namespace)'],
    ['an expectation naming it', `${EKS}expect: [{ workload: agent, running: 1 }]\n`, '\'agent\' is a DaemonSet, which fleetsim models as node capacity (docs/models.md, "DaemonSets and DAEMON services"): events and expectations cannot name it (at expect[0].workload)'],
  ])('refuse %s', (_, text, message) => {
    expect(errors(text)).toEqual([message]);
  });
});

describe('DAEMON services (ECS)', () => {
  it('become daemons of the cluster, not services', () => {
    const result = loadScenario('s.yaml', ECS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.services.map((s) => s.name)).toEqual(['api']);
    expect(result.spec.cluster.daemons).toEqual([{ name: 'router', cpu: 256 * CPU_SHARES_PER_ECS_UNIT, memoryMiB: 128, ownAddress: false, podScheduling: null }]);
  });

  const daemon = (edit: string) => ECS.replace('    launchType: EC2\n', edit);
  it.each([
    [
      'Fargate',
      daemon('    launchType: FARGATE\n')
        .replace('taskDefinition: { cpu: 256, memory: 128, containerDefinitions: [{ name: r', 'taskDefinition: { cpu: 256, memory: 512, networkMode: awsvpc, containerDefinitions: [{ name: r')
        .replace('  platform: ecs\n', '  platform: ecs\n  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] }\n'),
      "Fargate tasks don't support the DAEMON scheduling strategy (at services[0].launchType)",
    ],
    ['a capacity provider strategy', daemon('    capacityProviderStrategy: [{ capacityProvider: cp, weight: 1 }]\n'), 'Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy (at services[0].capacityProviderStrategy)'],
    [
      "the cluster's default capacity provider strategy",
      daemon('').replace('  capacityProviders:', '  defaultCapacityProviderStrategy: [{ capacityProvider: cp, weight: 1 }]\n  capacityProviders:'),
      "the cluster's default capacity provider strategy applies to a service without launchType, and ECS refuses a capacity provider strategy with DAEMON: set launchType EC2 (at services[0].schedulingStrategy)",
    ],
    ['a desiredCount', daemon('    launchType: EC2\n    desiredCount: 2\n'), 'a DAEMON service runs one task on every container instance: it takes no desiredCount (at services[0].desiredCount)'],
    ['a placement strategy', daemon('    launchType: EC2\n    placementStrategy: [{ type: binpack, field: memory }]\n'), 'a DAEMON service takes no placement strategy (at services[0].placementStrategy)'],
    ['a memberOf constraint', daemon("    launchType: EC2\n    placementConstraints: [{ type: memberOf, expression: 'attribute:ecs.instance-type == m5.large' }]\n"), 'fleetsim runs DAEMON services on every container instance: memberOf constraints are not modelled for them (at services[0].placementConstraints[0])'],
    ['a REPLICA service without desiredCount', ECS.replace('    desiredCount: 1\n', ''), "missing required key 'desiredCount' (at services[1])"],
  ])('refuse %s', (_, text, message) => {
    expect(errors(text)).toEqual([message]);
  });
});
