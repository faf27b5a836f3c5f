import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog, peakBandwidthGbps, type CatalogTables } from '../../scripts/catalog/build-catalog.js';
import { readGoVariable } from '../../scripts/catalog/go-literal.js';
import { parseKarpenterReference, type KarpenterReferenceEntry } from '../../scripts/catalog/karpenter-reference.js';
import { markdownTables, tableCells } from '../../scripts/catalog/markdown-table.js';
import { catalogSourcesDir, gitBlobId, missingSources, readCatalogTables } from '../../scripts/catalog/read-inputs.js';
import { DATA_MODULE_PATH, renderDataModule } from '../../scripts/catalog/render-module.js';
import {
  readBaselineBandwidthMbps,
  readBranchEniLimits,
  readCniLimits,
  readEcsTrunkingLimits,
  readEniMaxPods,
  readNetworkPerformance,
  readOnDemandPrices,
  readPreviousGenerationFamilies,
  type CniLimits,
} from '../../scripts/catalog/source-tables.js';

/**
 * The catalog generator (scripts/catalog/, docs/instance-catalog.md). The readers and the merge
 * are tested on small inputs written here in the upstream formats; the last block regenerates the
 * committed module from the real inputs under ../shared/data/catalog-sources/ and compares bytes.
 */

const ROOT = resolve(__dirname, '..', '..');

describe('go-literal: the data of generated Go tables', () => {
  it('reads keyed and positional composites, typed or elided, with comments', () => {
    const go = `package vpc
// Code generated; DO NOT EDIT.
type NetworkCard struct { MaximumNetworkInterfaces int64 }
var limits = map[string]*Limits{
	// a comment between entries
	"x1.large": {
		Interface: 3,
		Ok:        true,
		Name:      "nitro", /* inline */
		Cards: []NetworkCard{
			{ MaximumNetworkInterfaces: 3, NetworkCardIndex: 0 },

			{ MaximumNetworkInterfaces: 2, NetworkCardIndex: 1 },
		},
		Empty: "",
	},
}`;
    const v = readGoVariable(go, 'limits') as ReadonlyMap<string, ReadonlyMap<string, unknown>>;
    const e = v.get('x1.large')!;
    expect(e.get('Interface')).toBe(3);
    expect(e.get('Ok')).toBe(true);
    expect(e.get('Name')).toBe('nitro');
    expect(e.get('Empty')).toBe('');
    expect((e.get('Cards') as ReadonlyMap<string, number>[]).map((c) => c.get('MaximumNetworkInterfaces'))).toEqual([3, 2]);
  });

  it('reads nested maps of numbers and finds a variable inside a var block', () => {
    const prices = readGoVariable('var (\n\tPrices = map[string]map[ec2types.InstanceType]float64{\n\t\t"us-east-1": {\n\t\t\t"a.large": 0.085000, "a.xlarge": 0.17,\n\t\t},\n\t}\n)', 'Prices');
    expect((prices as ReadonlyMap<string, ReadonlyMap<string, number>>).get('us-east-1')!.get('a.large')).toBe(0.085);
  });

  it('says what is wrong with a file of another shape', () => {
    expect(() => readGoVariable('var x = 1', 'limits')).toThrow(/no variable 'limits'/);
    expect(() => readGoVariable('var limits = map[string]int{"a": 1, "a": 2}', 'limits')).toThrow(/duplicate key 'a'/);
    expect(() => readGoVariable('var limits = map[string]int{"a": 1', 'limits')).toThrow(SyntaxError);
  });
});

describe('markdown tables', () => {
  it('unescapes cells and keeps escaped pipes inside a cell', () => {
    expect(tableCells('| M5 | m5\\.large \\| m5\\.xlarge | ')).toEqual(['M5', 'm5.large | m5.xlarge']);
    const tables = markdownTables('# Title\n\n### Previous generation instances<a name="p"></a>\n\n| Type | Sizes |\n| --- | --- |\n| A1 | a1\\.medium |\n');
    expect(tables).toEqual([{ header: ['Type', 'Sizes'], rows: [['A1', 'a1.medium']], line: 5, heading: 'Previous generation instances<a name="p"></a>' }]);
  });

  it("reads Karpenter's reference: labels and resources per type", () => {
    const ref = parseKarpenterReference(
      [
        '## x9 Family',
        '### `x9.large`',
        '#### Labels',
        ' | Label | Value |',
        ' |--|--|',
        ' |karpenter.k8s.aws/instance-cpu|2|',
        ' |kubernetes.io/arch|arm64|',
        '#### Resources',
        ' | Resource | Quantity |',
        ' |--|--|',
        ' |vpc.amazonaws.com/efa|1|',
        '## y1 Family',
        ' |stray|row|',
      ].join('\n'),
    );
    expect([...ref.keys()]).toEqual(['x9.large']);
    expect(Object.fromEntries(ref.get('x9.large')!.labels)).toEqual({ 'karpenter.k8s.aws/instance-cpu': '2', 'kubernetes.io/arch': 'arm64' });
    expect(Object.fromEntries(ref.get('x9.large')!.resources)).toEqual({ 'vpc.amazonaws.com/efa': '1' });
  });
});

describe('source readers', () => {
  it("reads the VPC CNI's limits, mapping 'unknown' hypervisors to none", () => {
    const go = `var instanceNetworkingLimits = map[string]InstanceTypeLimits{
	"x9.metal": { ENILimit: 15, IPv4Limit: 50, DefaultNetworkCardIndex: 0,
		NetworkCards: []NetworkCard{ { MaximumNetworkInterfaces: 15, NetworkCardIndex: 0 }, { MaximumNetworkInterfaces: 15, NetworkCardIndex: 1 } },
		HypervisorType: "unknown", IsBareMetal: true },
}`;
    expect(readCniLimits(go).get('x9.metal')).toEqual({ eniLimit: 15, ipv4Limit: 50, defaultNetworkCardIndex: 0, networkCards: [15, 15], hypervisor: undefined, bareMetal: true });
    expect(() => readCniLimits(go.replace('"unknown"', '"kvm"'))).toThrow(/unknown hypervisor 'kvm'/);
    expect(() => readCniLimits(go.replace('NetworkCardIndex: 1', 'NetworkCardIndex: 3'))).toThrow(/out of index order/);
  });

  it('reads branch ENIs, prices, bandwidths and eni-max-pods', () => {
    expect(readBranchEniLimits('var Limits = map[string]*VPCLimits{ "a.large": { Interface: 3, IsTrunkingCompatible: true, BranchInterface: 9 } }').get('a.large')).toEqual({ trunkingCompatible: true, branchInterfaces: 9 });
    expect(readOnDemandPrices('var InitialOnDemandPricesAWS = map[string]map[string]float64{ "us-east-1": { "a.large": 0.5 }, "eu-west-1": { "a.large": 0.6 } }', 'us-east-1')).toEqual(new Map([['a.large', 0.5]]));
    expect(readBaselineBandwidthMbps('var ( InstanceTypeBandwidthMegabits = map[string]int64{ // t.x is vague\n "a.large": 750, } )')).toEqual(new Map([['a.large', 750]]));
    expect(readEniMaxPods('# comment\n\na.large 29\nb.xlarge 58\n')).toEqual(new Map([['a.large', 29], ['b.xlarge', 58]]));
    expect(() => readEniMaxPods('a.large lots\n')).toThrow(/line 1/);
  });

  it('reads the ECS trunking tables, the network wording and the previous generation', () => {
    const ecs = '| Instance type | Task limit without ENI trunking | Task limit with ENI trunking | \n| --- | --- | --- | \n| a\\.large | 2 | 10 | \n| b\\.large | 2 | \\-2 | \n';
    expect(readEcsTrunkingLimits(ecs)).toEqual(new Map([['a.large', { withoutTrunking: 2, withTrunking: 10 }], ['b.large', { withoutTrunking: 2, withTrunking: -2 }]]));
    expect(() => readEcsTrunkingLimits('no tables')).toThrow(/no ENI trunking table/);
    const net = '| Instance type | Network performance | Enhanced networking features | \n| --- | --- | --- | \n| a\\.large † | Up to 12\\.5 Gigabit | ENA | \n| p\\.24xlarge | 4x 100 Gigabit | ENA | \n';
    expect(readNetworkPerformance([net])).toEqual(new Map([['a.large', 'Up to 12.5 Gigabit'], ['p.24xlarge', '4x 100 Gigabit']]));
    expect(() => readNetworkPerformance([net, net.replace('4x 100', '50')])).toThrow(/given twice/);
    const types = '### Current generation instances\n\n| Type | Sizes |\n| --- | --- |\n| M5 | m5\\.large |\n\n### Previous generation instances\n\n| Type | Sizes |\n| --- | --- |\n| A1 | a1\\.medium |\n| T1 | t1\\.micro |\n';
    expect([...readPreviousGenerationFamilies(types)]).toEqual(['a1', 't1']);
  });

  it('takes the peak from the wording', () => {
    expect(peakBandwidthGbps('Up to 12.5 Gigabit')).toBe(12.5);
    expect(peakBandwidthGbps('25 Gigabit')).toBe(25);
    expect(peakBandwidthGbps('4x 100 Gigabit')).toBe(400);
    expect(peakBandwidthGbps('Moderate')).toBeUndefined();
  });
});

function entry(labels: Record<string, string>, resources: Record<string, string> = {}): KarpenterReferenceEntry {
  return { labels: new Map(Object.entries(labels)), resources: new Map(Object.entries(resources)) };
}

function cni(eni: number, ipv4: number, extra: Partial<CniLimits> = {}): CniLimits {
  return { eniLimit: eni, ipv4Limit: ipv4, defaultNetworkCardIndex: 0, networkCards: [eni], hypervisor: 'nitro', bareMetal: false, ...extra };
}

const cpuMem = (cpu: number, mem: number, arch = 'amd64'): Record<string, string> => ({
  'karpenter.k8s.aws/instance-cpu': String(cpu),
  'karpenter.k8s.aws/instance-memory': String(mem),
  'kubernetes.io/arch': arch,
});

function tables(over: Partial<CatalogTables> = {}): CatalogTables {
  return {
    reference: new Map([
      ['m9.xlarge', entry(cpuMem(4, 16384))],
      ['m9.large', entry(cpuMem(2, 8192))],
      ['m9.metal', entry(cpuMem(4, 16384))],
      ['g9.xlarge', entry({ ...cpuMem(4, 16384), 'karpenter.k8s.aws/instance-gpu-count': '1', 'karpenter.k8s.aws/instance-gpu-manufacturer': 'nvidia', 'karpenter.k8s.aws/instance-gpu-name': 't4', 'karpenter.k8s.aws/instance-gpu-memory': '15360', 'karpenter.k8s.aws/instance-local-nvme': '125' }, { 'vpc.amazonaws.com/efa': '1' })],
      ['n9.xlarge', entry({ ...cpuMem(4, 16384), 'karpenter.k8s.aws/instance-accelerator-count': '1', 'karpenter.k8s.aws/instance-accelerator-manufacturer': 'aws', 'karpenter.k8s.aws/instance-accelerator-name': 'inferentia2' }, { 'aws.amazon.com/neuroncore': '2' })],
      ['a1.large', entry(cpuMem(2, 4096, 'arm64'))],
      ['z9.large', entry(cpuMem(2, 4096))],
    ]),
    olderReference: new Map([
      ['m9.large', entry(cpuMem(99, 99))],
      ['p9.large', entry(cpuMem(8, 62464))],
      ['q9.large', entry(cpuMem(8, 62464))],
    ]),
    pricesUsEast1: new Map([['m9.large', 0.1], ['m9.xlarge', 0.2], ['m9.metal', 0.21], ['g9.xlarge', 0.5], ['n9.xlarge', 0.7], ['a1.large', 0.05], ['p9.large', 3]]),
    baselineBandwidthMbps: new Map([['m9.large', 781], ['m9.xlarge', 1562]]),
    cniLimits: new Map([
      ['m9.large', cni(3, 10)],
      ['m9.xlarge', cni(4, 15)],
      ['m9.metal', cni(4, 15, { hypervisor: undefined, bareMetal: true })],
      ['g9.xlarge', cni(4, 15, { networkCards: [4, 4] })],
      ['n9.xlarge', cni(4, 15)],
      ['a1.large', cni(3, 10)],
      ['z9.large', cni(3, 10)],
      ['p9.large', cni(4, 15, { hypervisor: 'xen' })],
    ]),
    branchEniLimits: new Map([['m9.large', { trunkingCompatible: true, branchInterfaces: 9 }], ['m9.xlarge', { trunkingCompatible: false, branchInterfaces: 0 }]]),
    eniMaxPods: new Map([['m9.large', 29], ['m9.xlarge', 58], ['x.other', 8]]),
    ecsTrunking: new Map([['m9.large', { withoutTrunking: 2, withTrunking: 10 }], ['m9.xlarge', { withoutTrunking: 3, withTrunking: -2 }]]),
    networkPerformance: new Map([['m9.large', 'Up to 12.5 Gigabit'], ['m9.xlarge', 'Moderate']]),
    previousGenerationFamilies: new Set(['a1']),
    ...over,
  };
}

describe('buildCatalog', () => {
  const build = buildCatalog(tables());
  const byName = new Map(build.types.map((t) => [t.name, t]));

  it('keeps priced current types, falls back to the older reference, and says what it left out', () => {
    expect(build.types.map((t) => t.name)).toEqual(['g9.xlarge', 'm9.large', 'm9.xlarge', 'm9.metal', 'n9.xlarge', 'p9.large']);
    expect(build.fromOlderReference).toEqual(['p9.large']);
    expect(build.excluded).toEqual([
      { name: 'a1.large', reason: 'previous generation' },
      { name: 'z9.large', reason: 'no us-east-1 on-demand price' },
    ]);
    // The newer reference wins where both list a type.
    expect(byName.get('m9.large')!.vcpu).toBe(2);
  });

  it('takes each column from its source, optional ones only where a source has them', () => {
    expect(byName.get('m9.large')).toEqual({
      name: 'm9.large', family: 'm9', size: 'large', vcpu: 2, memoryMiB: 8192, architecture: 'x86_64', gpus: 0,
      maxEnis: 3, maxEnisAllCards: 3, networkCards: [3], defaultNetworkCardIndex: 0, ipv4PerEni: 10, hypervisor: 'nitro', bareMetal: false, nitro: true,
      maxEfaInterfaces: 0, trunkingCompatible: true, branchEniLimit: 9, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 0.781,
      peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.1, ecsTrunkingTaskLimit: 10,
    });
    // A worded network figure has no peak; an impossible ECS figure (-2) is left out and listed.
    expect(byName.get('m9.xlarge')).toMatchObject({ networkPerformance: 'Moderate', trunkingCompatible: false });
    expect(byName.get('m9.xlarge')).not.toHaveProperty('peakBandwidthGbps');
    expect(byName.get('m9.xlarge')).not.toHaveProperty('ecsTrunkingTaskLimit');
    expect(byName.get('m9.xlarge')).not.toHaveProperty('branchEniLimit');
    expect(build.unusable).toEqual(['m9.xlarge ECS task limit with trunking -2']);
    expect(byName.get('g9.xlarge')).toMatchObject({ gpus: 1, gpu: { manufacturer: 'nvidia', name: 't4', memoryMiB: 15360 }, maxEfaInterfaces: 1, localNvmeGB: 125, maxEnis: 4, maxEnisAllCards: 8 });
    expect(byName.get('n9.xlarge')).toMatchObject({ gpus: 0, accelerator: { count: 1, manufacturer: 'aws', name: 'inferentia2', neuronCores: 2 } });
    expect(byName.get('m9.metal')).toMatchObject({ bareMetal: true, nitro: true });
    expect(byName.get('m9.metal')).not.toHaveProperty('hypervisor');
    expect(byName.get('p9.large')).toMatchObject({ hypervisor: 'xen', nitro: false });
  });

  it('records the published max pods of catalog types only', () => {
    expect([...build.eniMaxPods]).toEqual([['m9.large', 29], ['m9.xlarge', 58]]);
  });

  it('refuses limits whose ENI figure is not the default card', () => {
    expect(() => buildCatalog(tables({ cniLimits: new Map([...tables().cniLimits, ['m9.large', cni(3, 10, { networkCards: [2, 3] })]]) }))).toThrow(/not the default card/);
  });

  it('renders the same text for the same build, with every source and column in the header', () => {
    const text = renderDataModule(build);
    expect(renderDataModule(buildCatalog(tables()))).toBe(text);
    expect(text).toContain("{ name: 'm9.large', family: 'm9', size: 'large', vcpu: 2,");
    expect(text).toContain("  'm9.large': 29,");
    expect(text).toContain('aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go @');
    expect(text).toContain('Left out (previous generation, 1): a1.large.');
  });
});

describe('the committed catalog module', () => {
  const dir = catalogSourcesDir(ROOT);
  const missing = missingSources(dir);

  it('computes git blob ids as git does', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobId(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  // The raw inputs live outside the repository (../shared/data/catalog-sources/). Where they are
  // absent this check is skipped, and says so: the committed module is then what the simulator
  // uses, and every other catalog test still runs against it.
  it.skipIf(missing.length > 0)(`is what regenerating from the raw inputs writes, byte for byte${missing.length > 0 ? ` (skipped: ${dir} lacks ${missing.join(', ')})` : ''}`, () => {
    const regenerated = renderDataModule(buildCatalog(readCatalogTables(dir)));
    const committed = readFileSync(join(ROOT, DATA_MODULE_PATH), 'utf8');
    expect(regenerated === committed, 'run `npm run catalog:generate` and commit the result').toBe(true);
  });
});
