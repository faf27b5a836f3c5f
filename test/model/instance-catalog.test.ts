import { describe, it, expect } from 'vitest';
import type { InstanceType } from '../../src/model/catalog/instance-type.js';
import {
  INSTANCE_FAMILIES,
  INSTANCE_TYPES,
  INSTANCE_TYPE_NAMES,
  findInstanceType,
  getInstanceType,
  instanceTypesInFamily,
} from '../../src/model/catalog/instance-types.js';

/**
 * The 18 families of the hand-entered catalog this generated one replaced, with every size (metal
 * included) per the EC2 guide's family tables: the catalog must still carry exactly these sizes.
 */
const REQUIRED_SIZES: Record<string, readonly string[]> = {
  t3: ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  t3a: ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  m5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', 'metal'],
  m6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge', 'metal'],
  m6g: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', 'metal'],
  m7g: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', 'metal'],
  c5: ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '12xlarge', '18xlarge', '24xlarge', 'metal'],
  c5n: ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '18xlarge', 'metal'],
  c6g: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', 'metal'],
  c6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge', 'metal'],
  c7g: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', 'metal'],
  r5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', 'metal'],
  r6g: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', 'metal'],
  r7g: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', 'metal'],
  g4dn: ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', 'metal'],
  g5: ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  p3: ['2xlarge', '8xlarge', '16xlarge'],
  p4d: ['24xlarge'],
};

const GRAVITON_FAMILIES = new Set(['m6g', 'm7g', 'c6g', 'c7g', 'r6g', 'r7g']);
const GPU_FAMILIES = new Set(['g4dn', 'g5', 'p3', 'p4d']);

/** The types of the original 18 families, where the hand-copied tables below apply. */
const ORIGINAL_TYPES = INSTANCE_TYPES.filter((t) => t.family in REQUIRED_SIZES);

/**
 * Families people run on EKS and ECS today that the hand-entered catalog lacked (issue 17): the
 * generated catalog must carry them.
 */
const CURRENT_FAMILIES = [
  'm5a', 'm6a', 'm7a', 'm7i', 'm7i-flex', 'c5a', 'c6a', 'c7a', 'c7i', 'r5a', 'r6a', 'r6i', 'r7a', 'r7i', 't4g',
  'x2gd', 'x2idn', 'x2iedn', 'x2iezn', 'i3en', 'i4i', 'hpc7g', 'inf1', 'inf2', 'trn1', 'g4ad', 'g5g', 'g6', 'g6e', 'p4de', 'p5',
  'm8g', 'c8g', 'r8g',
];

/**
 * Copied as data from the Amazon ECS Developer Guide "Elastic network interface trunking"
 * supported-instance-types table: [task limit without trunking, task limit with trunking].
 * Types of the catalog that the table lists; every other catalog type must have no limit.
 */
const ECS_TRUNKING_TABLE: Record<string, readonly [number, number]> = {
  'm5.large': [2, 10], 'm5.xlarge': [3, 20], 'm5.2xlarge': [3, 40], 'm5.4xlarge': [7, 60],
  'm5.8xlarge': [7, 60], 'm5.12xlarge': [7, 60], 'm5.16xlarge': [14, 120], 'm5.24xlarge': [14, 120],
  'm6g.medium': [1, 4], 'm6g.large': [2, 10], 'm6g.xlarge': [3, 20], 'm6g.2xlarge': [3, 40], 'm6g.4xlarge': [7, 60],
  'm6g.8xlarge': [7, 60], 'm6g.12xlarge': [7, 60], 'm6g.16xlarge': [14, 120], 'm6g.metal': [14, 120],
  'm6i.large': [2, 10], 'm6i.xlarge': [3, 20], 'm6i.2xlarge': [3, 40], 'm6i.4xlarge': [7, 60], 'm6i.8xlarge': [7, 90],
  'm6i.12xlarge': [7, 120], 'm6i.16xlarge': [14, 120], 'm6i.24xlarge': [14, 120], 'm6i.32xlarge': [14, 120],
  'm6i.metal': [14, 120],
  'm7g.medium': [1, 4], 'm7g.large': [2, 10], 'm7g.xlarge': [3, 20], 'm7g.2xlarge': [3, 40], 'm7g.4xlarge': [7, 60],
  'm7g.8xlarge': [7, 60], 'm7g.12xlarge': [7, 60], 'm7g.16xlarge': [14, 120], 'm7g.metal': [14, 120],
  'c5.large': [2, 10], 'c5.xlarge': [3, 20], 'c5.2xlarge': [3, 40], 'c5.4xlarge': [7, 60], 'c5.9xlarge': [7, 60],
  'c5.12xlarge': [7, 60], 'c5.18xlarge': [14, 120], 'c5.24xlarge': [14, 120],
  'c6g.medium': [1, 4], 'c6g.large': [2, 10], 'c6g.xlarge': [3, 20], 'c6g.2xlarge': [3, 40], 'c6g.4xlarge': [7, 60],
  'c6g.8xlarge': [7, 60], 'c6g.12xlarge': [7, 60], 'c6g.16xlarge': [14, 120], 'c6g.metal': [14, 120],
  'c6i.large': [2, 10], 'c6i.xlarge': [3, 20], 'c6i.2xlarge': [3, 40], 'c6i.4xlarge': [7, 60], 'c6i.8xlarge': [7, 90],
  'c6i.12xlarge': [7, 120], 'c6i.16xlarge': [14, 120], 'c6i.24xlarge': [14, 120], 'c6i.32xlarge': [14, 120],
  'c6i.metal': [14, 120],
  'c7g.medium': [1, 4], 'c7g.large': [2, 10], 'c7g.xlarge': [3, 20], 'c7g.2xlarge': [3, 40], 'c7g.4xlarge': [7, 60],
  'c7g.8xlarge': [7, 60], 'c7g.12xlarge': [7, 60], 'c7g.16xlarge': [14, 120], 'c7g.metal': [14, 120],
  'r5.large': [2, 10], 'r5.xlarge': [3, 20], 'r5.2xlarge': [3, 40], 'r5.4xlarge': [7, 60], 'r5.12xlarge': [7, 60],
  'r5.16xlarge': [14, 120], 'r5.24xlarge': [14, 120],
  'r6g.medium': [1, 4], 'r6g.large': [2, 10], 'r6g.xlarge': [3, 20], 'r6g.2xlarge': [3, 40], 'r6g.4xlarge': [7, 60],
  'r6g.8xlarge': [7, 60], 'r6g.12xlarge': [7, 60], 'r6g.16xlarge': [14, 120], 'r6g.metal': [14, 120],
  'r7g.medium': [1, 4], 'r7g.large': [2, 10], 'r7g.xlarge': [3, 20], 'r7g.2xlarge': [3, 40], 'r7g.4xlarge': [7, 60],
  'r7g.8xlarge': [7, 60], 'r7g.12xlarge': [7, 60], 'r7g.16xlarge': [14, 120], 'r7g.metal': [14, 120],
  'g5.xlarge': [3, 6], 'g5.2xlarge': [3, 19], 'g5.4xlarge': [7, 40], 'g5.8xlarge': [7, 90], 'g5.12xlarge': [14, 120],
  'g5.16xlarge': [7, 120], 'g5.24xlarge': [14, 120], 'g5.48xlarge': [6, 120],
  'p3.2xlarge': [3, 40], 'p3.8xlarge': [7, 60], 'p3.16xlarge': [7, 120],
  'p4d.24xlarge': [59, 120],
};

describe('instance catalog: coverage and naming', () => {
  it('has the original families and the families in use today, at least 600 types in all', () => {
    for (const family of [...Object.keys(REQUIRED_SIZES), ...CURRENT_FAMILIES]) expect(INSTANCE_FAMILIES, family).toContain(family);
    expect(INSTANCE_TYPES.length).toBeGreaterThanOrEqual(600);
  });

  it('lists families in name order, so listings are stable', () => {
    expect(INSTANCE_FAMILIES).toEqual([...INSTANCE_FAMILIES].sort());
  });

  it('leaves out the families the EC2 guide calls previous generation', () => {
    for (const family of ['a1', 'c1', 'c3', 'i2', 'm1', 'm2', 'm3', 'r3', 't1']) expect(INSTANCE_FAMILIES, family).not.toContain(family);
  });

  it.each(Object.entries(REQUIRED_SIZES))('family %s has every size, smallest first', (family, sizes) => {
    expect(instanceTypesInFamily(family).map((t) => t.size)).toEqual(sizes);
  });

  it('has unique names, and each splits into its family and size', () => {
    expect(new Set(INSTANCE_TYPE_NAMES).size).toBe(INSTANCE_TYPES.length);
    for (const t of INSTANCE_TYPES) {
      expect(t.name).toBe(`${t.family}.${t.size}`);
      expect(t.name).toBe(t.name.toLowerCase());
    }
  });

  it('lists sizes within a family by non-decreasing vCPU count', () => {
    for (const family of INSTANCE_FAMILIES) {
      const vcpus = instanceTypesInFamily(family).map((t) => t.vcpu);
      expect(vcpus).toEqual([...vcpus].sort((a, b) => a - b));
    }
  });
});

describe('instance catalog: figures', () => {
  it('has positive, integral resources and plausible prices', () => {
    for (const t of INSTANCE_TYPES) {
      expect(Number.isInteger(t.vcpu) && t.vcpu > 0, t.name).toBe(true);
      expect(Number.isInteger(t.memoryMiB) && t.memoryMiB >= 512, t.name).toBe(true);
      expect(Number.isInteger(t.gpus) && t.gpus >= 0, t.name).toBe(true);
      expect(Number.isInteger(t.maxEnis) && t.maxEnis >= 2, t.name).toBe(true);
      expect(Number.isInteger(t.ipv4PerEni) && t.ipv4PerEni >= 2, t.name).toBe(true);
      expect(t.onDemandHourlyUsd, t.name).toBeGreaterThan(0);
      // The 24 TiB-memory u7in types are the dearest (about $361 an hour).
      expect(t.onDemandHourlyUsd, t.name).toBeLessThan(500);
    }
    for (const t of ORIGINAL_TYPES) expect(t.onDemandHourlyUsd, t.name).toBeLessThan(50);
  });

  it('marks arm64 exactly for the Graviton families and GPUs exactly for the GPU families', () => {
    for (const t of ORIGINAL_TYPES) {
      expect(t.architecture, t.name).toBe(GRAVITON_FAMILIES.has(t.family) ? 'arm64' : 'x86_64');
      expect(t.gpus > 0, t.name).toBe(GPU_FAMILIES.has(t.family));
    }
  });

  it('describes the GPU model exactly when a type has GPUs', () => {
    for (const t of INSTANCE_TYPES) {
      expect(t.gpu !== undefined, t.name).toBe(t.gpus > 0);
      if (t.gpu) expect(t.gpu.memoryMiB, t.name).toBeGreaterThan(0);
    }
    expect(getInstanceType('p4d.24xlarge')).toMatchObject({ gpus: 8, gpu: { manufacturer: 'nvidia', name: 'a100', memoryMiB: 40960 } });
    expect(getInstanceType('g4ad.xlarge')?.gpu).toMatchObject({ manufacturer: 'amd' });
    expect(getInstanceType('inf2.48xlarge')).toMatchObject({ gpus: 0, accelerator: { count: 12, manufacturer: 'aws', name: 'inferentia2', neuronCores: 24 } });
    expect(getInstanceType('trn1.32xlarge')?.accelerator).toMatchObject({ count: 16, name: 'trainium', neuronCores: 32 });
  });

  it('treats only P3 (Xen) as non-Nitro among the original families', () => {
    expect(ORIGINAL_TYPES.filter((t) => !t.nitro).map((t) => t.name)).toEqual(['p3.2xlarge', 'p3.8xlarge', 'p3.16xlarge']);
  });

  it('is Nitro exactly on the Nitro hypervisor or bare metal, and reports no hypervisor on most bare metal', () => {
    for (const t of INSTANCE_TYPES) expect(t.nitro, t.name).toBe(t.hypervisor === 'nitro' || t.bareMetal);
    expect(getInstanceType('t2.micro')).toMatchObject({ hypervisor: 'xen', nitro: false });
    expect(getInstanceType('c7i.metal-24xl')).toMatchObject({ bareMetal: true, nitro: true });
    expect(getInstanceType('c7i.metal-24xl')?.hypervisor).toBeUndefined();
    expect(INSTANCE_TYPES.filter((t) => t.bareMetal).every((t) => t.size.startsWith('metal'))).toBe(true);
  });

  it('keeps maxEnis to the default card and counts every card apart', () => {
    for (const t of INSTANCE_TYPES) {
      expect(t.networkCards[t.defaultNetworkCardIndex], t.name).toBe(t.maxEnis);
      expect(t.maxEnisAllCards, t.name).toBe(t.networkCards.reduce((a, b) => a + b, 0));
    }
    expect(getInstanceType('p4d.24xlarge')).toMatchObject({ maxEnis: 15, maxEnisAllCards: 60, networkCards: [15, 15, 15, 15] });
    expect(getInstanceType('c5.large')).toMatchObject({ maxEnis: 3, maxEnisAllCards: 3, networkCards: [3] });
  });

  it('gives branch ENIs only to trunk-compatible types, and EFA and local NVMe where the data has them', () => {
    for (const t of INSTANCE_TYPES) expect(t.branchEniLimit !== undefined, t.name).toBe(t.trunkingCompatible === true);
    expect(getInstanceType('c5.large')).toMatchObject({ trunkingCompatible: true, branchEniLimit: 9, maxEfaInterfaces: 0 });
    expect(getInstanceType('t2.micro')?.trunkingCompatible).toBe(false);
    expect(getInstanceType('p5.48xlarge')).toMatchObject({ maxEfaInterfaces: 32, localNvmeGB: 30400 });
    expect(getInstanceType('m6id.large')?.localNvmeGB).toBe(118);
    expect(getInstanceType('m6i.large')?.localNvmeGB).toBeUndefined();
  });

  it('bursts ("Up to" types) above the baseline and is flat otherwise', () => {
    const check = (t: InstanceType, strict: boolean): void => {
      if (t.baselineBandwidthGbps === undefined) return;
      expect(t.baselineBandwidthGbps, t.name).toBeGreaterThan(0);
      if (t.networkPerformance === undefined) return;
      if (t.networkPerformance.startsWith('Up to ')) {
        // c6gn.4xlarge: the 2023 guide says 'Up to 25 Gigabit' where today's baseline is 25.
        if (strict) expect(t.peakBandwidthGbps, t.name).toBeGreaterThan(t.baselineBandwidthGbps);
        else expect(t.peakBandwidthGbps, t.name).toBeGreaterThanOrEqual(t.baselineBandwidthGbps);
        expect(t.networkPerformance, t.name).toBe(`Up to ${t.peakBandwidthGbps} Gigabit`);
      } else if (t.peakBandwidthGbps !== undefined) {
        expect(t.peakBandwidthGbps, t.name).toBe(t.baselineBandwidthGbps);
      }
    };
    for (const t of ORIGINAL_TYPES) {
      // P3 is not in the network tables of the guide snapshot the catalog reads (docs/instance-catalog.md).
      if (t.family !== 'p3') expect(t.networkPerformance, t.name).toBeDefined();
      check(t, true);
    }
    for (const t of INSTANCE_TYPES) check(t, false);
  });

  it('states fixed bandwidth in the same words AWS uses', () => {
    for (const t of INSTANCE_TYPES) {
      if (t.networkPerformance === undefined || t.networkPerformance.startsWith('Up to ') || !t.networkPerformance.endsWith('Gigabit')) continue;
      if (t.networkPerformance.includes('x ')) continue; // several cards: checked below
      expect(t.networkPerformance, t.name).toBe(`${t.baselineBandwidthGbps} Gigabit`);
    }
    // Four network cards of 100 Gbps each.
    expect(getInstanceType('p4d.24xlarge')).toMatchObject({ networkPerformance: '4x 100 Gigabit', baselineBandwidthGbps: 400 });
    // Types AWS describes in words have no baseline figure.
    expect(getInstanceType('t2.micro')).toMatchObject({ networkPerformance: 'Low to Moderate' });
    expect(getInstanceType('t2.micro')?.baselineBandwidthGbps).toBeUndefined();
  });

  it('never gets cheaper as a CPU family grows (GPU families price by GPU, not vCPU)', () => {
    for (const family of Object.keys(REQUIRED_SIZES).filter((f) => !GPU_FAMILIES.has(f))) {
      const prices = instanceTypesInFamily(family).map((t) => t.onDemandHourlyUsd);
      expect(prices, family).toEqual([...prices].sort((a, b) => a - b));
    }
  });

  it('spot-checks well-known figures', () => {
    expect(getInstanceType('c5.large')).toMatchObject({
      vcpu: 2, memoryMiB: 4096, maxEnis: 3, ipv4PerEni: 10, networkPerformance: 'Up to 10 Gigabit',
      baselineBandwidthGbps: 0.75, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.085, ecsTrunkingTaskLimit: 10,
    });
    expect(getInstanceType('m5.large')).toMatchObject({ vcpu: 2, memoryMiB: 8192, onDemandHourlyUsd: 0.096 });
    expect(getInstanceType('t3.micro')).toMatchObject({ vcpu: 2, memoryMiB: 1024, maxEnis: 2, ipv4PerEni: 2, onDemandHourlyUsd: 0.0104 });
    expect(getInstanceType('c5n.large')).toMatchObject({ memoryMiB: 5376, baselineBandwidthGbps: 3, peakBandwidthGbps: 25 });
    expect(getInstanceType('p3.2xlarge')).toMatchObject({ vcpu: 8, memoryMiB: 62464, gpus: 1, nitro: false });
    expect(getInstanceType('g5.48xlarge')).toMatchObject({ vcpu: 192, gpus: 8, maxEnis: 7, ipv4PerEni: 50 });
    expect(getInstanceType('m7g.medium')).toMatchObject({ architecture: 'arm64', baselineBandwidthGbps: 0.52, peakBandwidthGbps: 12.5 });
  });
});

describe('instance catalog: ECS ENI trunking', () => {
  it('matches the ECS guide table, and has no limit where the guide lists none', () => {
    for (const t of ORIGINAL_TYPES) {
      expect(t.ecsTrunkingTaskLimit, t.name).toBe(ECS_TRUNKING_TABLE[t.name]?.[1]);
    }
    for (const name of Object.keys(ECS_TRUNKING_TABLE)) expect(getInstanceType(name), name).toBeDefined();
  });

  it('agrees with the guide that trunk-less awsvpc tasks get one ENI each, all but the primary', () => {
    for (const [name, [withoutTrunking]] of Object.entries(ECS_TRUNKING_TABLE)) {
      // p4d counts the ENIs of all four network cards (4 x 15 - 1); the catalog keeps the default card's.
      if (name === 'p4d.24xlarge') continue;
      expect(getInstanceType(name)?.maxEnis, name).toBe(withoutTrunking + 1);
    }
  });

  it('leaves out the families and sizes the guide excludes', () => {
    for (const name of ['t3.large', 't3a.large', 'c5n.large', 'g4dn.xlarge', 'c5.metal', 'm5.metal', 'r5.8xlarge', 'r5.metal']) {
      expect(getInstanceType(name)?.ecsTrunkingTaskLimit, name).toBeUndefined();
    }
  });
});

describe('instance catalog: lookups', () => {
  it('finds a type by name in one map lookup, returning the catalog entry itself', () => {
    const c5 = INSTANCE_TYPES.find((t) => t.name === 'c5.large');
    expect(getInstanceType('c5.large')).toBe(c5);
    expect(getInstanceType('C5.Large')).toBe(c5);
    expect(getInstanceType('c5.larg')).toBeUndefined();
    expect(getInstanceType('')).toBeUndefined();
  });

  it('keeps the catalog immutable', () => {
    const t = getInstanceType('m5.large');
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(INSTANCE_TYPES)).toBe(true);
    expect(Object.isFrozen(instanceTypesInFamily('m5'))).toBe(true);
  });

  it('lists a family, and nothing for an unknown family', () => {
    expect(instanceTypesInFamily('p3').map((t) => t.name)).toEqual(['p3.2xlarge', 'p3.8xlarge', 'p3.16xlarge']);
    expect(instanceTypesInFamily('x9z')).toEqual([]);
  });

  it('findInstanceType returns the type on a hit', () => {
    const r = findInstanceType('r7g.metal');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.type).toBe(getInstanceType('r7g.metal'));
  });

  it.each([
    ['c5.larg', 'c5.large'],
    ['m5.xlarg', 'm5.xlarge'],
    ['c5.lrage', 'c5.large'],
    ['m7g.meduim', 'm7g.medium'],
    ['g4dn.xlarg', 'g4dn.xlarge'],
  ])('suggests %s -> %s', (typo, expected) => {
    const r = findInstanceType(typo);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.suggestions[0]).toBe(expected);
    expect(r.message).toBe(`unknown instance type '${typo}' (did you mean '${expected}'?)`);
  });

  it('says only "unknown" when nothing is close', () => {
    const r = findInstanceType('zzzz');
    expect(r).toEqual({ ok: false, message: "unknown instance type 'zzzz'", suggestions: [] });
  });
});
