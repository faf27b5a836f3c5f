import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { breakEven } from '../../src/experiments/break-even.js';
import { runCompare } from '../../src/experiments/compare.js';
import { fargateTaskSize, kubeName, readWorkload, VARIANTS, variantScenario, type Workload } from '../../src/experiments/compare-variants.js';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

const ROOT = resolve(__dirname, '..', '..');
const FILE = 'scenarios/seed/web-api.yaml';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');

function workload(): Workload {
  const r = readWorkload(FILE, TEXT);
  if (!r.ok) throw new Error('diagnostics' in r ? r.diagnostics.map((d) => d.message).join('\n') : r.message);
  return r.workload;
}

describe('fleetsim compare on the seed Web API', () => {
  const w = workload();
  const result = runCompare(w);
  const v = (id: string) => result.variants.find((x) => x.variant.id === id)!;

  it('builds every variant as a valid scenario', () => {
    for (const { id } of VARIANTS) {
      const built = variantScenario(w, id);
      const loaded = loadScenario(`${id}.yaml`, built.yaml);
      expect(loaded.ok, `${id}: ${loaded.ok ? '' : loaded.diagnostics.map((d) => d.message).join('; ')}`).toBe(true);
    }
  });

  it.each(VARIANTS.map((x) => [x.label, x.id]))('%s runs the workload to the end with every task running', (_label, id) => {
    const r = v(id);
    expect(r.pendingAtEnd).toBe(0);
    expect(r.startup.tasks).toBeGreaterThanOrEqual(10);
    expect(r.stepAtS).toBe(600);
    expect(r.scaleOutS).not.toBeNull();
    expect(r.cost.monthly.totalUsd).toBeGreaterThan(0);
  });

  it('bills the control plane on EKS only, and the same traffic everywhere', () => {
    for (const r of result.variants) {
      expect(r.cost.monthly.byCategory.controlPlane).toBe(r.variant.platform === 'eks' ? 73 : 0);
      expect(r.cost.monthly.byCategory.dataTransfer).toBeCloseTo(49.6, 0);
      expect(r.cost.monthly.byCategory.loadBalancer).toBeCloseTo(23.0, 0);
    }
  });

  it('prices each platform as its capacity: Fargate per task, RI and spot below on-demand', () => {
    expect(v('ecs-fargate').cost.monthly.byCategory.compute).toBeCloseTo(360.4, 0);
    expect(v('ecs-fargate').nodesEnd).toBe(0);
    expect(v('ecs-ec2').nodesEnd).toBe(3);
    expect(v('ecs-ec2').cost.monthly.byCategory.compute).toBeCloseTo(3 * 0.192 * 730, 0);
    expect(v('ecs-ec2-ri').cost.monthly.byCategory.compute).toBeCloseTo(v('ecs-ec2').cost.monthly.byCategory.compute * 0.63, 0);
    expect(v('eks-karpenter-spot').cost.monthly.byCategory.compute).toBeLessThan(v('eks-karpenter-on-demand').cost.monthly.byCategory.compute);
    // EKS on Fargate bills the pod as 1 vCPU / 3 GB.
    expect(v('eks-fargate').cost.monthly.byCategory.compute).toBeCloseTo(10 * (0.04048 + 3 * 0.004445) * 730, 0);
  });

  it('shows the platforms apart: Karpenter waits for nodes, EC2 caches images, the VPC CNI holds warm addresses', () => {
    expect(v('eks-karpenter-spot').startup.firstP50!).toBeGreaterThan(60);
    expect(v('ecs-ec2').startup.firstP50!).toBeLessThan(v('ecs-fargate').startup.firstP50!);
    expect(v('ecs-fargate').startup.cachedP50).toBeNull();
    expect(v('ecs-ec2').startup.cachedP50).not.toBeNull();
    expect(v('eks-managed').ipsPeak).toBeGreaterThan(v('ecs-fargate').ipsPeak);
    expect(v('ecs-fargate').errorsDuringStep!).toBeGreaterThan(0);
  });

  it('scales the EKS managed node group with Cluster Autoscaler instead of pre-sizing it', () => {
    const built = variantScenario(w, 'eks-managed');
    expect(built.yaml).toMatch(/clusterAutoscaler: \{\}/);
    expect(built.yaml).toMatch(/desiredSize: 4\n\s+minSize: 1\n\s+maxSize: \d+/);
    // 10 pods, 3 per m5.xlarge: 4 nodes; the traffic step's HPA scale-out needs more, which CA
    // adds, and removes once they are unneeded again.
    expect(v('eks-managed').nodesPeak).toBeGreaterThan(4);
    expect(v('eks-managed').nodesEnd).toBe(4);
  });

  it('computes where EC2 becomes cheaper than Fargate', () => {
    const [od, ri, eks] = result.breakEvens;
    // m5.xlarge holds 4 tasks of 1 vCPU: $0.192 against 4 x $0.04937.
    expect(od!.tasksPerInstance).toBe(4);
    expect(od!.utilization).toBeCloseTo(0.192 / (4 * 0.04937), 3);
    expect(od!.tasks).toBe(106);
    expect(ri!.utilization).toBeCloseTo((0.192 * 0.63) / (4 * 0.04937), 3);
    expect(eks!.tasksPerInstance).toBe(3);
    expect(eks!.utilization).toBeGreaterThan(1);
    const m5 = getInstanceType('m5.xlarge')!;
    expect(breakEven('x', m5, 4, 0.1, 0.05).tasks).toBe(3);
    expect(breakEven('x', m5, 4, 0.04, 0.05).tasks).toBe(1);
    expect(breakEven('x', m5, 2, 1, 0.05).tasks).toBeNull();
  });

  it('is deterministic', () => {
    expect(JSON.stringify(runCompare(w, { variants: ['ecs-ec2', 'eks-karpenter-spot'] }).variants)).toBe(JSON.stringify([v('ecs-ec2'), v('eks-karpenter-spot')]));
  });
});

describe('compare helpers', () => {
  it('rounds a task up to a Fargate size and names Kubernetes objects', () => {
    expect(fargateTaskSize(1024, 2048)).toEqual([1024, 2048]);
    expect(fargateTaskSize(1000, 1500)).toEqual([1024, 2048]);
    expect(fargateTaskSize(300, 512)).toEqual([512, 1024]);
    expect(kubeName('Web_API')).toBe('web-api');
  });

  it('refuses a workload that is not an ECS scenario', () => {
    const r = readWorkload('x.yaml', 'name: x\nduration: 1m\ncluster: { platform: eks, vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/24 }] } }\n');
    expect(r.ok).toBe(false);
  });

  it('the CLI writes compare.md, compare.csv and compare.html and prints the table', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-compare-'));
    let stdout = '';
    let stderr = '';
    const code = await main(['compare', FILE, '--out', out, '--variants', 'ecs-fargate', 'ecs-ec2'], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: ROOT, isTTY: false });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['compare.csv', 'compare.html', 'compare.md']);
    expect(stdout).toMatch(/monthly total/);
    expect(stdout).toMatch(/break-even/);
    expect(readFileSync(join(out, 'compare.csv'), 'utf8').split('\n')[0]).toMatch(/^variant,label,startup_first_p50_s/);
    expect(readFileSync(join(out, 'compare.md'), 'utf8')).toMatch(/Break-even/);
  });
});

describe('fleetsim compare with a DAEMON service in the workload', () => {
  // A log router of 1 vCPU / 1 GB on every instance or node: an m5.xlarge then holds 3 web tasks on ECS
  // (not 4) and 2 pods on EKS (not 3: allocatable is less than the 4 vCPU).
  const daemon = `services:
  - serviceName: log-router
    schedulingStrategy: DAEMON
    launchType: EC2
    taskDefinition:
      cpu: 1024
      memory: 1024
      containerDefinitions: [{ name: fluent-bit, image: aws-for-fluent-bit:2.32, imageSize: 90MB }]
`;
  const read = (text: string): Workload => {
    const r = readWorkload(FILE, text);
    if (!r.ok) throw new Error('diagnostics' in r ? r.diagnostics.map((d) => d.message).join('\n') : r.message);
    return r.workload;
  };
  const plain = read(TEXT);
  const withDaemon = read(TEXT.replace('services:\n', daemon));
  const groupSize = (w: Workload, id: 'ecs-ec2' | 'eks-managed'): unknown => {
    const loaded = loadScenario(`${id}.yaml`, variantScenario(w, id).yaml);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
    return loaded.spec.cluster.autoScalingGroups[0]!.desiredCapacity;
  };

  it('builds every variant as a valid scenario, the daemon on every EC2 instance or node and nowhere on Fargate', () => {
    for (const { id } of VARIANTS) {
      const built = variantScenario(withDaemon, id);
      const loaded = loadScenario(`${id}.yaml`, built.yaml);
      expect(loaded.ok, `${id}: ${loaded.ok ? '' : loaded.diagnostics.map((d) => d.message).join('; ')}`).toBe(true);
      if (!loaded.ok) continue;
      const fargate = id === 'ecs-fargate' || id === 'eks-fargate';
      expect(loaded.spec.cluster.daemons?.map((d) => d.name) ?? [], id).toEqual(fargate ? [] : ['log-router']);
      if (fargate) expect(built.notes.some((n) => n.includes('no Fargate counterpart'))).toBe(true);
    }
  });

  it('sizes the EC2 variants for the tasks beside the daemon: 10 tasks of 1 vCPU need 4 m5.xlarge, not 3, and 5 EKS nodes, not 4', () => {
    expect(groupSize(plain, 'ecs-ec2')).toBe(3);
    expect(groupSize(withDaemon, 'ecs-ec2')).toBe(4);
    expect(groupSize(plain, 'eks-managed')).toBe(4);
    expect(groupSize(withDaemon, 'eks-managed')).toBe(5);
  });
});
