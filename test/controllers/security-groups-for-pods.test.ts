import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { DEFAULT_CNI_SETTINGS } from '../../src/model/network/cni-settings.js';
import { maxPods } from '../../src/model/network/max-pods.js';
import { branchEnis, hasTrunkEni, ipamdEniLimit } from '../../src/model/network/pod-eni.js';
import { eksHostProfile } from '../../src/model/params/host-profiles.js';
import { runYamlChecked } from '../support/scenario-runner.js';

/**
 * Security groups for pods (VPC CNI ENABLE_POD_ENI, SecurityGroupPolicy): trunk ENIs on
 * trunking-capable Nitro types, branch ENIs as vpc.amazonaws.com/pod-eni (src/model/network/pod-eni.ts).
 */
const POD_ENI = { ...DEFAULT_CNI_SETTINGS, podEni: true };

describe('the trunk ENI and the branch ENIs of a node', () => {
  it('a trunking-capable type offers its branch ENI limit; the trunk takes one ENI slot from ipamd and max pods', () => {
    const c5 = getInstanceType('c5.large')!;
    expect([hasTrunkEni(c5, POD_ENI), branchEnis(c5, POD_ENI), ipamdEniLimit(c5, POD_ENI)]).toEqual([true, 9, 2]);
    // eni-max-pods.txt's 29 = 3 x 9 + 2; with the trunk, 2 x 9 + 2.
    expect([maxPods(c5), maxPods(c5, { trunkEni: true })]).toEqual([29, 20]);
    const profile = eksHostProfile(POD_ENI);
    expect(profile.registered(c5).devices.podEni).toBe(9);
    expect(profile.maxTasks(c5)).toBe(18); // 20 less aws-node and kube-proxy
    expect(eksHostProfile(DEFAULT_CNI_SETTINGS).maxTasks(c5)).toBe(27);
  });

  it('a type that cannot trunk (t3, Xen) gets no trunk and keeps its ENIs and max pods', () => {
    for (const name of ['t3.large', 'c4.large']) {
      const t = getInstanceType(name)!;
      expect([hasTrunkEni(t, POD_ENI), branchEnis(t, POD_ENI), ipamdEniLimit(t, POD_ENI)]).toEqual([false, 0, t.maxEnis]);
      expect(eksHostProfile(POD_ENI).maxTasks(t)).toBe(eksHostProfile(DEFAULT_CNI_SETTINGS).maxTasks(t));
    }
  });
});

const cluster = (podEni: boolean, type = 'c5.large') => `name: sgp
seed: 1
duration: 10m
cluster:
  platform: eks
  coreDns: false
  availabilityZones: [us-east-1a]
  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/24 }] }
  cni: { enablePodEni: ${podEni} }
  nodeGroups: [{ name: ng, instanceType: ${type}, desiredSize: 1 }]
  securityGroupPolicies:
    - { name: db-access, podSelector: { matchLabels: { app: api } }, securityGroupIds: [sg-0123] }
workloads:
  - kind: Deployment
    name: api
    replicas: 12
    containers: [{ name: api, image: api:1, imageSize: 50MB, resources: { requests: { cpu: 50m, memory: 64Mi } } }]
  - kind: Deployment
    name: plain
    replicas: 4
    containers: [{ name: p, image: p:1, imageSize: 50MB, resources: { requests: { cpu: 50m, memory: 64Mi } } }]
`;

describe('pods a SecurityGroupPolicy selects', () => {
  it('take a branch ENI each, with an address of the subnet; those beyond the branch limit stay Pending with the scheduler\'s reason', () => {
    const { result, records } = runYamlChecked(cluster(true));
    const api = result.state.services.get('api')!;
    expect([api.counts.RUNNING, api.counts.UNPLACED]).toEqual([9, 3]);
    expect(result.state.services.get('plain')!.counts.RUNNING).toBe(4);
    const running = [...api.tasks].filter((t) => t.status === 'RUNNING');
    // The branch ENI's address comes from the subnet, not from ipamd's pool.
    expect(running.every((t) => t.ipSubnet !== null && t.ip !== null)).toBe(true);
    const events = records.filter((r) => r.type === 'pod.event' && r.service === 'api');
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events[0])).toContain('"device":"podEni"');
  });

  it('stay Pending without ENABLE_POD_ENI (no node advertises branch ENIs), and on a type that cannot trunk', () => {
    for (const yaml of [cluster(false), cluster(true, 't3.large')]) {
      const { result } = runYamlChecked(yaml);
      expect(result.state.services.get('api')!.counts.RUNNING).toBe(0);
      expect(result.state.services.get('plain')!.counts.RUNNING).toBe(4);
    }
  });
});
