import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runChecked } from '../support/scenario-runner.js';
import { describeEvent } from '../../src/report/describe/index.js';

/** A small EKS scenario as YAML, so tests read like the files users write. */
function eks(opts: {
  nodeType?: string;
  nodes?: number;
  /** Node groups in place of the one `ng` of `nodes` x `nodeType`, as YAML flow mappings. */
  nodeGroups?: readonly string[];
  replicas?: number;
  /** The pod's requests (default 10m CPU, 16Mi). */
  cpu?: string;
  cidr?: string;
  cni?: string;
  coreDns?: boolean;
  events?: string;
}): ReturnType<typeof runChecked> {
  const text = `name: t
duration: 10m
cluster:
  platform: eks
  availabilityZones: [us-east-1a]
  coreDns: ${opts.coreDns ?? false}
  vpc: { subnets: [{ az: us-east-1a, cidr: ${opts.cidr ?? '10.0.0.0/20'} }] }
  cni: ${opts.cni ?? '{}'}
  nodeGroups: [${(opts.nodeGroups ?? [`{ name: ng, instanceType: ${opts.nodeType ?? 'm5.large'}, desiredSize: ${opts.nodes ?? 1} }`]).join(', ')}]
workloads:
  - kind: Deployment
    name: web
    replicas: ${opts.replicas ?? 5}
    containers: [{ name: web, image: web:1, imageSize: 100MB, resources: { requests: { cpu: ${opts.cpu ?? '10m'}, memory: 16Mi } } }]
events: ${opts.events ?? '[]'}
`;
  const loaded = loadScenario('t.yaml', text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return runChecked(loaded.spec, { everyEvent: true });
}

describe('EKS: scheduler, kubelet and VPC CNI', () => {
  it('enforces max pods: t3.small runs 11 pods, 2 of them DaemonSets, so 9 of 12 replicas', () => {
    const run = eks({ nodeType: 't3.small', replicas: 12 });
    expect(run.violations).toEqual([]);
    const web = run.result.state.services.get('web')!;
    expect(web.counts.RUNNING).toBe(9);
    expect(web.counts.UNPLACED).toBe(3);
    const failed = run.records.find((r) => r.type === 'pod.event' && describeEvent(r).startsWith('FailedScheduling'));
    expect((failed === undefined ? undefined : describeEvent(failed))).toBe('FailedScheduling: 0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  it('reports every reason, counted and sorted, as kube-scheduler does', () => {
    const failedScheduling = (run: ReturnType<typeof eks>): string[] => run.records.filter((r) => r.type === 'pod.event' && r.cause.reason === 'FailedScheduling').map((r) => describeEvent(r));
    // One reason, counted over every node that fails with it.
    expect(failedScheduling(eks({ nodeType: 't3.small', nodes: 2, replicas: 19 }))).toContain('FailedScheduling: 0/2 nodes are available: 2 Too many pods. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
    // Three reasons from four nodes once 8 pods of 500m fill them: the t3.smalls run out of CPU
    // (3 pods each), the m5.xlarge of pod slots (max pods 4, 2 of them DaemonSets), the m5.large
    // is tainted. Sorted as strings (Go's sort.Strings), not by count or by node: "1 T" < "1 n" < "2 I".
    const run = eks({
      replicas: 10,
      cpu: '500m',
      nodeGroups: [
        '{ name: small, instanceType: t3.small, desiredSize: 2 }',
        '{ name: few-pods, instanceType: m5.xlarge, desiredSize: 1, maxPods: 4 }',
        '{ name: gpu, instanceType: m5.large, desiredSize: 1, taints: [{ key: dedicated, value: gpu, effect: NoSchedule }] }',
      ],
    });
    expect(run.violations).toEqual([]);
    expect(run.result.state.services.get('web')!.counts.UNPLACED).toBe(2);
    // Preemption (every pod has priority 0): the tainted node is out of its reach, the others hold no pod of lower priority.
    expect(failedScheduling(run)).toEqual(
      Array<string>(2).fill(
        'FailedScheduling: 0/4 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
      ),
    );
  });

  it('a burst beyond the warm pool waits in ContainerCreating until ipamd attaches ENIs, then runs', () => {
    // m5.large: 3 ENIs x 9 slots; the warm pool holds 9, so most of 25 pods wait for ENIs.
    const run = eks({ nodeType: 'm5.large', replicas: 25 });
    expect(run.violations).toEqual([]);
    expect(run.records.some((r) => r.type === 'pod.event' && describeEvent(r).includes('failed to assign an IP address to container'))).toBe(true);
    expect(run.records.filter((r) => r.type === 'eni.attach-started').length).toBe(2);
    expect(run.result.state.services.get('web')!.counts.RUNNING).toBe(25);
  });

  it('scale-in returns pod addresses to the node pool and WARM_IP_TARGET returns the surplus to the subnet', () => {
    const run = eks({ replicas: 20, cni: '{ warmIpTarget: 2, minimumIpTarget: 4 }', events: '[{ at: 5m, scale: { workload: web, replicas: 2 } }]' });
    expect(run.violations).toEqual([]);
    const host = run.result.state.hosts[0]!;
    // 2 pods + WARM_IP_TARGET 2 = 4 = MINIMUM_IP_TARGET.
    expect(host.network!.ipam!.totalAddresses).toBe(4);
    expect(run.records.some((r) => r.type === 'eni.released' || r.type === 'eni.detached')).toBe(true);
  });

  it('a node that cannot get a primary address in its AZ fails to launch', () => {
    // A /28 has 11 usable addresses: 11 nodes get a primary address, the twelfth cannot launch.
    const run = eks({ nodes: 12, cidr: '10.0.0.0/28', replicas: 0 });
    expect(run.records.filter((r) => r.type === 'host.launch-failed').length).toBe(1);
    expect(run.violations).toEqual([]);
  });
});
