import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import type { InstanceType } from '../../src/model/catalog/instance-type.js';
import { managedNodeGroupMaxPodsCeiling, maxPods } from '../../src/model/network/max-pods.js';
import { ecsAwsvpcTaskLimit, ecsHostProfile, ecsTaskEnisOnTrunk, eksHostProfile } from '../../src/model/params/host-profiles.js';
import { DEFAULT_CNI_SETTINGS } from '../../src/model/network/cni-settings.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runChecked } from '../support/scenario-runner.js';

const type = (name: string): InstanceType => getInstanceType(name)!;

describe('EKS managed node groups cap maxPods (EKS User Guide: 110 below 30 vCPUs, else 250)', () => {
  it('caps the secondary-IP figure: a c5.4xlarge (16 vCPUs) gets 110, not 234', () => {
    expect(maxPods(type('c5.4xlarge'))).toBe(234);
    expect(maxPods(type('c5.4xlarge'), { managedNodeGroup: true })).toBe(110);
  });

  it('gives 250 from 30 vCPUs up, and leaves figures under the cap alone', () => {
    expect(managedNodeGroupMaxPodsCeiling(29)).toBe(110);
    expect(managedNodeGroupMaxPodsCeiling(30)).toBe(250);
    expect(maxPods(type('c5.9xlarge'), { managedNodeGroup: true })).toBe(234); // 36 vCPUs, 234 < 250
    expect(maxPods(type('c5.18xlarge'), { managedNodeGroup: true })).toBe(250); // 737 capped
    expect(maxPods(type('m5.xlarge'), { managedNodeGroup: true })).toBe(58);
    expect(maxPods(type('t3.small'), { managedNodeGroup: true })).toBe(11);
  });

  it('applies with prefix delegation too, and never raises a figure', () => {
    expect(maxPods(type('c5.large'), { prefixDelegation: true, managedNodeGroup: true })).toBe(110);
    expect(maxPods(type('c5.18xlarge'), { prefixDelegation: true, managedNodeGroup: true })).toBe(250);
    for (const name of ['c5.large', 'c5.4xlarge', 'm6i.32xlarge', 'p4d.24xlarge', 't3.micro']) {
      for (const prefixDelegation of [false, true]) {
        expect(maxPods(type(name), { prefixDelegation, managedNodeGroup: true })).toBeLessThanOrEqual(maxPods(type(name), { prefixDelegation }));
      }
    }
  });

  it("reaches the node model through the group: pods a node holds are max pods less the DaemonSets'", () => {
    const profile = eksHostProfile(DEFAULT_CNI_SETTINGS);
    expect(profile.maxTasks(type('c5.4xlarge'), { managedNodeGroup: true })).toBe(108);
    expect(profile.maxTasks(type('c5.4xlarge'), { managedNodeGroup: false })).toBe(232);
    expect(profile.maxTasks(type('c5.4xlarge'), { managedNodeGroup: true, maxPods: 50 })).toBe(48);
  });
});

describe('ECS awsvpc task limits count the ENIs of every network card', () => {
  it('a p4d.24xlarge (4 cards of 15 ENIs) runs 59 awsvpc tasks without trunking, not 14', () => {
    expect(type('p4d.24xlarge').networkCards).toEqual([15, 15, 15, 15]);
    expect(ecsAwsvpcTaskLimit(type('p4d.24xlarge'), false)).toBe(59);
    expect(ecsHostProfile(0, false).taskEniLimit(type('p4d.24xlarge'))).toBe(59);
    // The VPC CNI counts the default card only: eni-max-pods.txt's 737 = 15 x 49 + 2.
    expect(maxPods(type('p4d.24xlarge'))).toBe(737);
  });

  it('single-card types keep ENIs - 1; trunking uses the trunk limit where the type supports it', () => {
    expect(ecsAwsvpcTaskLimit(type('m5.large'), false)).toBe(2);
    expect(ecsAwsvpcTaskLimit(type('m5.large'), true)).toBe(10);
    expect(ecsTaskEnisOnTrunk(type('m5.large'), true)).toBe(true);
    expect(ecsTaskEnisOnTrunk(type('m5.large'), false)).toBe(false);
  });

  it('decides trunking from the setting, not by comparing limits (u-6tb1.56xlarge: trunk limit 12 < 14 ENIs)', () => {
    const u = type('u-6tb1.56xlarge');
    expect(u.ecsTrunkingTaskLimit).toBe(12);
    expect(ecsTaskEnisOnTrunk(u, true)).toBe(true);
    expect(ecsAwsvpcTaskLimit(u, true)).toBe(12);
  });
});

/** An EKS cluster of one c5.4xlarge node group asked for 300 pods of 10m. */
function nodeGroupScenario(group: string): string {
  return `name: t
duration: 5m
cluster:
  platform: eks
  availabilityZones: [us-east-1a]
  coreDns: false
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] }
  nodeGroups: [${group}]
workloads:
  - kind: Deployment
    name: web
    replicas: 300
    containers: [{ name: web, image: web:1, imageSize: 10MB, resources: { requests: { cpu: 10m, memory: 16Mi } } }]
`;
}

describe('node groups in scenarios', () => {
  const running = (group: string): number => {
    const loaded = loadScenario('t.yaml', nodeGroupScenario(group));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const run = runChecked(loaded.spec, { everyEvent: true });
    expect(run.violations).toEqual([]);
    return run.result.state.services.get('web')!.counts.RUNNING;
  };

  it('a managed node group (the default) runs 108 pods on a c5.4xlarge; a self-managed one 232', () => {
    expect(running('{ name: ng, instanceType: c5.4xlarge, desiredSize: 1 }')).toBe(108);
    expect(running('{ name: ng, instanceType: c5.4xlarge, desiredSize: 1, managed: false }')).toBe(232);
  });

  it('rejects a managed node group maxPods above the cap, naming the field and the way out', () => {
    const loaded = loadScenario('t.yaml', nodeGroupScenario('{ name: ng, instanceType: c5.4xlarge, desiredSize: 1, maxPods: 200 }'));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.diagnostics).toHaveLength(1);
    expect(loaded.diagnostics[0]!.message).toMatch(/EKS managed node groups cap maxPods at 110 for c5\.4xlarge \(16 vCPUs.*managed: false/);
    expect(loaded.diagnostics[0]!.path).toBe('cluster.nodeGroups[0].maxPods');
    // A self-managed group may raise it.
    expect(running('{ name: ng, instanceType: c5.4xlarge, desiredSize: 1, maxPods: 200, managed: false }')).toBe(198);
  });

  it('rejects a managed node group larger than the EKS quota of 450 nodes, naming the quota; a self-managed one may be larger', () => {
    const refused = (group: string, path: string, field: string) => {
      const loaded = loadScenario('t.yaml', nodeGroupScenario(group));
      expect(loaded.ok).toBe(false);
      if (loaded.ok) return;
      expect(loaded.diagnostics).toHaveLength(1);
      expect(loaded.diagnostics[0]!.path).toBe(path);
      expect(loaded.diagnostics[0]!.message).toBe(
        `${field} is above the Amazon EKS quota "Nodes per managed node group" (450): EKS refuses it (CreateNodegroup, UpdateNodegroupConfig); split the nodes over several node groups, or set managed: false for a self-managed node group`,
      );
    };
    refused('{ name: ng, instanceType: c5.large, desiredSize: 1, maxSize: 451 }', 'cluster.nodeGroups[0].maxSize', 'maxSize 451');
    refused('{ name: ng, instanceType: c5.large, desiredSize: 500 }', 'cluster.nodeGroups[0].desiredSize', 'desiredSize 500');
    expect(loadScenario('t.yaml', nodeGroupScenario('{ name: ng, instanceType: c5.large, desiredSize: 1, maxSize: 450 }')).ok).toBe(true);
    expect(loadScenario('t.yaml', nodeGroupScenario('{ name: ng, instanceType: c5.large, desiredSize: 1, maxSize: 451, managed: false }')).ok).toBe(true);
  });
});
