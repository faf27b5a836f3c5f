import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli-runner.js';

/** `fleetsim catalog`: the generated catalog's columns (docs/instance-catalog.md). */
describe('fleetsim catalog', () => {
  it('lists the network cards, ENIs of every card, EFA, branch ENIs, GPUs and local NVMe', async () => {
    const r = await cli('catalog', '--family', 'p4d', '-o', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        instanceType: 'p4d.24xlarge', vcpu: 96, memoryMiB: 1179648, arch: 'x86_64', gpus: 8, accelerators: '8x nvidia a100 (40960 MiB)',
        hypervisor: 'nitro', networkCards: 4, maxEnis: 15, maxEnisAllCards: 60, ipv4PerEni: 50, maxPods: 737, maxPodsPrefixDelegation: 250,
        efaInterfaces: 4, branchEnis: 62, ecsTrunkingTasks: 120, localNvmeGB: 8000, network: '4x 100 Gigabit', baselineGbps: 400, onDemandUsdPerHour: 21.957642,
      },
    ]);
  });

  it('shows Neuron accelerators, bare metal, and empty cells where the catalog has no figure', async () => {
    const inf2 = JSON.parse((await cli('catalog', '--family', 'inf2', '-o', 'json')).stdout) as Record<string, unknown>[];
    expect(inf2.find((row) => row['instanceType'] === 'inf2.48xlarge')).toMatchObject({ gpus: 0, accelerators: '12x aws inferentia2 (24 NeuronCores)' });
    const c7i = JSON.parse((await cli('catalog', '--family', 'c7i', '-o', 'json')).stdout) as Record<string, unknown>[];
    expect(c7i.find((row) => row['instanceType'] === 'c7i.metal-24xl')).toMatchObject({ hypervisor: 'metal', network: null, accelerators: null });
    const csv = (await cli('catalog', '--family', 't2', '-o', 'csv')).stdout.split('\n');
    expect(csv[0]).toBe('instanceType,vcpu,memoryMiB,arch,gpus,accelerators,hypervisor,networkCards,maxEnis,maxEnisAllCards,ipv4PerEni,maxPods,maxPodsPrefixDelegation,efaInterfaces,branchEnis,ecsTrunkingTasks,localNvmeGB,network,baselineGbps,onDemandUsdPerHour');
    expect(csv[1]).toBe('t2.nano,1,512,x86_64,0,,xen,1,2,2,2,4,4,0,,,,Low to Moderate,,0.0058');
  });
});
