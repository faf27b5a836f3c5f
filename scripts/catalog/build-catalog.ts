/**
 * Merges the per-source tables into catalog rows: which types the catalog holds, and each
 * column from its one source (sources.ts COLUMN_SOURCES). Pure: same tables in, same rows out,
 * in a fixed order, so the generated module is reproducible byte for byte.
 *
 * The catalog is every type of Karpenter's reference (what EC2 offers today in us-east-1,
 * us-east-2 and us-west-2) that is sold on demand in us-east-1 (it has a us-east-1 price) and is
 * not of a family the EC2 User Guide lists as previous generation. Types the newest reference
 * dropped while EC2 still prices them in us-east-1 and the VPC CNI still lists them (P3, DL1,
 * F1 at this snapshot) are taken from the older reference, so a type a user can still launch
 * does not turn into "unknown instance type".
 */
import type { AcceleratorSpec, CpuArchitecture, GpuSpec, InstanceType } from '../../src/model/catalog/instance-type.js';
import type { KarpenterReferenceEntry } from './karpenter-reference.js';
import type { BranchEniLimits, CniLimits, EcsTrunkingLimits } from './source-tables.js';

export interface CatalogTables {
  readonly reference: ReadonlyMap<string, KarpenterReferenceEntry>;
  readonly olderReference: ReadonlyMap<string, KarpenterReferenceEntry>;
  readonly pricesUsEast1: ReadonlyMap<string, number>;
  readonly baselineBandwidthMbps: ReadonlyMap<string, number>;
  readonly cniLimits: ReadonlyMap<string, CniLimits>;
  readonly branchEniLimits: ReadonlyMap<string, BranchEniLimits>;
  readonly eniMaxPods: ReadonlyMap<string, number>;
  readonly ecsTrunking: ReadonlyMap<string, EcsTrunkingLimits>;
  readonly networkPerformance: ReadonlyMap<string, string>;
  readonly previousGenerationFamilies: ReadonlySet<string>;
}

export type ExclusionReason = 'previous generation' | 'no us-east-1 on-demand price' | 'not in the VPC CNI limits';

export interface CatalogBuild {
  /** The rows, families in name order, sizes by vCPUs, memory, virtualised before bare metal, name. */
  readonly types: readonly InstanceType[];
  /** AWS's published eni-max-pods figure of every catalog type the list has, in catalog order. */
  readonly eniMaxPods: ReadonlyMap<string, number>;
  /** Types of the references left out, with why, in name order. */
  readonly excluded: readonly { readonly name: string; readonly reason: ExclusionReason }[];
  /** Types taken from the older reference, in name order. */
  readonly fromOlderReference: readonly string[];
  /** Source figures left out of a row because they cannot be right, each with the figure, in name order. */
  readonly unusable: readonly string[];
}

const L = {
  cpu: 'karpenter.k8s.aws/instance-cpu',
  memory: 'karpenter.k8s.aws/instance-memory',
  arch: 'kubernetes.io/arch',
  gpuCount: 'karpenter.k8s.aws/instance-gpu-count',
  gpuManufacturer: 'karpenter.k8s.aws/instance-gpu-manufacturer',
  gpuName: 'karpenter.k8s.aws/instance-gpu-name',
  gpuMemory: 'karpenter.k8s.aws/instance-gpu-memory',
  acceleratorCount: 'karpenter.k8s.aws/instance-accelerator-count',
  acceleratorManufacturer: 'karpenter.k8s.aws/instance-accelerator-manufacturer',
  acceleratorName: 'karpenter.k8s.aws/instance-accelerator-name',
  localNvme: 'karpenter.k8s.aws/instance-local-nvme',
} as const;
const R = { neuronCore: 'aws.amazon.com/neuroncore', efa: 'vpc.amazonaws.com/efa' } as const;

function splitName(name: string): { family: string; size: string } {
  const dot = name.indexOf('.');
  if (dot <= 0 || dot === name.length - 1) throw new RangeError(`'${name}' is not <family>.<size>`);
  return { family: name.slice(0, dot), size: name.slice(dot + 1) };
}

function integer(map: ReadonlyMap<string, string>, key: string, name: string): number {
  const text = map.get(key);
  if (text === undefined || !/^\d+$/.test(text)) throw new RangeError(`${name}: ${key} is '${text}', expected an integer`);
  return Number(text);
}

function optionalInteger(map: ReadonlyMap<string, string>, key: string, name: string): number | undefined {
  return map.has(key) ? integer(map, key, name) : undefined;
}

function architecture(entry: KarpenterReferenceEntry, name: string): CpuArchitecture {
  const arch = entry.labels.get(L.arch);
  if (arch === 'amd64') return 'x86_64';
  if (arch === 'arm64') return 'arm64';
  throw new RangeError(`${name}: unknown architecture '${arch}'`);
}

function gpuOf(entry: KarpenterReferenceEntry, name: string): { gpus: number; gpu?: GpuSpec } {
  const gpus = optionalInteger(entry.labels, L.gpuCount, name) ?? 0;
  if (gpus === 0) return { gpus };
  const manufacturer = entry.labels.get(L.gpuManufacturer);
  const model = entry.labels.get(L.gpuName);
  if (manufacturer === undefined || model === undefined) throw new RangeError(`${name}: GPU count without manufacturer and name`);
  return { gpus, gpu: { manufacturer, name: model, memoryMiB: integer(entry.labels, L.gpuMemory, name) } };
}

function acceleratorOf(entry: KarpenterReferenceEntry, name: string): AcceleratorSpec | undefined {
  const count = optionalInteger(entry.labels, L.acceleratorCount, name);
  if (count === undefined) return undefined;
  const manufacturer = entry.labels.get(L.acceleratorManufacturer);
  const model = entry.labels.get(L.acceleratorName);
  if (manufacturer === undefined || model === undefined) throw new RangeError(`${name}: accelerator count without manufacturer and name`);
  const neuronCores = optionalInteger(entry.resources, R.neuronCore, name);
  return neuronCores === undefined ? { count, manufacturer, name: model } : { count, manufacturer, name: model, neuronCores };
}

/**
 * The peak bandwidth AWS's wording states: N of `Up to N Gigabit` (the burst) and of `N Gigabit`,
 * K x N of `Kx N Gigabit` (K network cards); undefined for words (`Moderate`, `High`).
 */
export function peakBandwidthGbps(networkPerformance: string): number | undefined {
  const m = /^(?:Up to )?(?:(\d+)x )?(\d+(?:\.\d+)?) Gigabit$/.exec(networkPerformance);
  if (!m) return undefined;
  return (m[1] === undefined ? 1 : Number(m[1])) * Number(m[2]);
}

function networkOf(limits: CniLimits, name: string): Pick<InstanceType, 'maxEnis' | 'maxEnisAllCards' | 'networkCards' | 'defaultNetworkCardIndex' | 'ipv4PerEni'> {
  const defaultCard = limits.networkCards[limits.defaultNetworkCardIndex];
  // The CNI's ENILimit is the default card's figure; the two must agree or the data is not what this expects.
  if (defaultCard !== limits.eniLimit) throw new RangeError(`${name}: ENILimit ${limits.eniLimit} is not the default card's ${defaultCard}`);
  return {
    maxEnis: limits.eniLimit,
    maxEnisAllCards: limits.networkCards.reduce((a, b) => a + b, 0),
    networkCards: limits.networkCards,
    defaultNetworkCardIndex: limits.defaultNetworkCardIndex,
    ipv4PerEni: limits.ipv4Limit,
  };
}

/** One catalog row from every source's figures for `name`; optional columns only where a source has them. */
function row(name: string, entry: KarpenterReferenceEntry, price: number, limits: CniLimits, t: CatalogTables): InstanceType {
  const { family, size } = splitName(name);
  const { gpus, gpu } = gpuOf(entry, name);
  const accelerator = acceleratorOf(entry, name);
  const localNvmeGB = optionalInteger(entry.labels, L.localNvme, name);
  const branch = t.branchEniLimits.get(name);
  const performance = t.networkPerformance.get(name);
  const peak = performance === undefined ? undefined : peakBandwidthGbps(performance);
  const baselineMbps = t.baselineBandwidthMbps.get(name);
  const ecs = usableEcsTrunking(t.ecsTrunking.get(name));
  // Keys in one fixed order (the renderer keeps it), optional ones present only with a value.
  return {
    name,
    family,
    size,
    vcpu: integer(entry.labels, L.cpu, name),
    memoryMiB: integer(entry.labels, L.memory, name),
    architecture: architecture(entry, name),
    gpus,
    ...(gpu && { gpu }),
    ...(accelerator && { accelerator }),
    ...networkOf(limits, name),
    ...(limits.hypervisor && { hypervisor: limits.hypervisor }),
    bareMetal: limits.bareMetal,
    nitro: limits.hypervisor === 'nitro' || limits.bareMetal,
    maxEfaInterfaces: optionalInteger(entry.resources, R.efa, name) ?? 0,
    ...(branch && { trunkingCompatible: branch.trunkingCompatible }),
    ...(branch?.trunkingCompatible && { branchEniLimit: branch.branchInterfaces }),
    ...(localNvmeGB !== undefined && { localNvmeGB }),
    ...(performance !== undefined && { networkPerformance: performance }),
    ...(baselineMbps !== undefined && { baselineBandwidthGbps: baselineMbps / 1000 }),
    ...(peak !== undefined && { peakBandwidthGbps: peak }),
    onDemandHourlyUsd: price,
    ...(ecs && { ecsTrunkingTaskLimit: ecs.withTrunking }),
  };
}

/** The ECS guide's figure when it can be a task count (the page prints -2 for i4i.large). */
function usableEcsTrunking(limits: EcsTrunkingLimits | undefined): EcsTrunkingLimits | undefined {
  return limits !== undefined && limits.withTrunking > 0 ? limits : undefined;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Catalog order: family name, then vCPUs, memory, virtualised before bare metal, then name. */
function compareTypes(a: InstanceType, b: InstanceType): number {
  return byName(a.family, b.family) || a.vcpu - b.vcpu || a.memoryMiB - b.memoryMiB || Number(a.bareMetal) - Number(b.bareMetal) || byName(a.name, b.name);
}

/** The catalog from the source tables (module comment: which types, which column from where). */
export function buildCatalog(t: CatalogTables): CatalogBuild {
  const candidates = new Map<string, { entry: KarpenterReferenceEntry; older: boolean }>();
  for (const [name, entry] of t.reference) candidates.set(name, { entry, older: false });
  for (const [name, entry] of t.olderReference) if (!candidates.has(name)) candidates.set(name, { entry, older: true });

  const types: InstanceType[] = [];
  const excluded: { name: string; reason: ExclusionReason }[] = [];
  const fromOlderReference: string[] = [];
  for (const [name, { entry, older }] of candidates) {
    const price = t.pricesUsEast1.get(name);
    const limits = t.cniLimits.get(name);
    const reason: ExclusionReason | undefined = t.previousGenerationFamilies.has(splitName(name).family)
      ? 'previous generation'
      : price === undefined
        ? 'no us-east-1 on-demand price'
        : limits === undefined
          ? 'not in the VPC CNI limits'
          : undefined;
    // A type only the older reference lists is kept only when it is still sold and still in the CNI's table.
    if (reason !== undefined) {
      if (!older) excluded.push({ name, reason });
      continue;
    }
    types.push(row(name, entry, price!, limits!, t));
    if (older) fromOlderReference.push(name);
  }
  types.sort(compareTypes);
  const eniMaxPods = new Map<string, number>();
  for (const type of types) {
    const published = t.eniMaxPods.get(type.name);
    if (published !== undefined) eniMaxPods.set(type.name, published);
  }
  const unusable = types
    .filter((type) => t.ecsTrunking.has(type.name) && usableEcsTrunking(t.ecsTrunking.get(type.name)) === undefined)
    .map((type) => `${type.name} ECS task limit with trunking ${t.ecsTrunking.get(type.name)!.withTrunking}`)
    .sort(byName);
  excluded.sort((a, b) => byName(a.name, b.name));
  fromOlderReference.sort(byName);
  return { types, eniMaxPods, excluded, fromOlderReference, unusable };
}
