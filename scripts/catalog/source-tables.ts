/**
 * One reader per input file: raw text in, the per-instance-type figures it publishes out.
 * Each reader knows the shape of one AWS artefact and nothing of the others; merging them is
 * build-catalog.ts's job. Readers throw on a file that is not of the expected shape, so a
 * changed upstream format stops the generator instead of producing a wrong catalog.
 */
import { asBoolean, asList, asMap, asNumber, asString, readGoVariable } from './go-literal.js';
import { markdownTables } from './markdown-table.js';

/** The VPC CNI's limits for one type (its InstanceTypeLimits). */
export interface CniLimits {
  /** ENIs on the default network card (the CNI attaches to the default card only). */
  readonly eniLimit: number;
  readonly ipv4Limit: number;
  readonly defaultNetworkCardIndex: number;
  /** Max ENIs of each card, by card index. */
  readonly networkCards: readonly number[];
  /** `nitro` or `xen`; undefined where EC2 reports no hypervisor (the CNI writes `unknown`). */
  readonly hypervisor: 'nitro' | 'xen' | undefined;
  readonly bareMetal: boolean;
}

/** aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go: ENIs, IPv4 per ENI, cards, hypervisor, bare metal. */
export function readCniLimits(goSource: string): ReadonlyMap<string, CniLimits> {
  const table = asMap(readGoVariable(goSource, 'instanceNetworkingLimits'), 'instanceNetworkingLimits');
  const out = new Map<string, CniLimits>();
  for (const [name, raw] of table) {
    const e = asMap(raw, name);
    const cards = asList(e.get('NetworkCards'), `${name}.NetworkCards`).map((c, i) => {
      const card = asMap(c, `${name}.NetworkCards[${i}]`);
      if (asNumber(card.get('NetworkCardIndex'), `${name}.NetworkCardIndex`) !== i) throw new RangeError(`${name}: network cards out of index order`);
      return asNumber(card.get('MaximumNetworkInterfaces'), `${name}.MaximumNetworkInterfaces`);
    });
    const hv = asString(e.get('HypervisorType'), `${name}.HypervisorType`);
    if (hv !== 'nitro' && hv !== 'xen' && hv !== 'unknown') throw new RangeError(`${name}: unknown hypervisor '${hv}'`);
    out.set(name, {
      eniLimit: asNumber(e.get('ENILimit'), `${name}.ENILimit`),
      ipv4Limit: asNumber(e.get('IPv4Limit'), `${name}.IPv4Limit`),
      defaultNetworkCardIndex: asNumber(e.get('DefaultNetworkCardIndex'), `${name}.DefaultNetworkCardIndex`),
      networkCards: cards,
      hypervisor: hv === 'unknown' ? undefined : hv,
      bareMetal: asBoolean(e.get('IsBareMetal'), `${name}.IsBareMetal`),
    });
  }
  return out;
}

/** The VPC resource controller's trunking figures for one type. */
export interface BranchEniLimits {
  readonly trunkingCompatible: boolean;
  /** Branch ENIs a trunk supports (0 where the type is not trunk-compatible). */
  readonly branchInterfaces: number;
}

/**
 * The VPC resource controller's limits table (aws/amazon-vpc-resource-controller-k8s
 * pkg/aws/vpc/limits.go, or Karpenter's copy of it, zz_generated.vpclimits.go): trunk
 * compatibility and branch ENIs per type.
 */
export function readBranchEniLimits(goSource: string): ReadonlyMap<string, BranchEniLimits> {
  const table = asMap(readGoVariable(goSource, 'Limits'), 'Limits');
  const out = new Map<string, BranchEniLimits>();
  for (const [name, raw] of table) {
    const e = asMap(raw, name);
    out.set(name, {
      trunkingCompatible: asBoolean(e.get('IsTrunkingCompatible'), `${name}.IsTrunkingCompatible`),
      branchInterfaces: asNumber(e.get('BranchInterface'), `${name}.BranchInterface`),
    });
  }
  return out;
}

/** Karpenter's generated on-demand price table (zz_generated.pricing_aws.go): USD per hour in `region`. */
export function readOnDemandPrices(goSource: string, region: string): ReadonlyMap<string, number> {
  const regions = asMap(readGoVariable(goSource, 'InitialOnDemandPricesAWS'), 'InitialOnDemandPricesAWS');
  const table = asMap(regions.get(region), `InitialOnDemandPricesAWS[${region}]`);
  return new Map([...table].map(([name, price]) => [name, asNumber(price, name)] as const));
}

/** Karpenter's generated baseline bandwidth table (zz_generated.bandwidth.go), Mbps. */
export function readBaselineBandwidthMbps(goSource: string): ReadonlyMap<string, number> {
  const table = asMap(readGoVariable(goSource, 'InstanceTypeBandwidthMegabits'), 'InstanceTypeBandwidthMegabits');
  return new Map([...table].map(([name, mbps]) => [name, asNumber(mbps, name)] as const));
}

/** eni-max-pods.txt: `<type> <max pods>` lines, `#` comments. */
export function readEniMaxPods(text: string): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\S+)\s+(\d+)$/.exec(line);
    if (!m) throw new SyntaxError(`eni-max-pods line ${i + 1}: '${line}' is not '<type> <pods>'`);
    if (out.has(m[1]!)) throw new SyntaxError(`eni-max-pods line ${i + 1}: ${m[1]} listed twice`);
    out.set(m[1]!, Number(m[2]));
  });
  return out;
}

export interface EcsTrunkingLimits {
  readonly withoutTrunking: number;
  readonly withTrunking: number;
}

/**
 * The ECS Developer Guide's "Supported Amazon EC2 instance types" tables for ENI trunking
 * (container-instance-eni.md): task limits without and with `awsvpcTrunking`.
 */
export function readEcsTrunkingLimits(markdown: string): ReadonlyMap<string, EcsTrunkingLimits> {
  const out = new Map<string, EcsTrunkingLimits>();
  for (const t of markdownTables(markdown)) {
    if (t.header[0] !== 'Instance type' || t.header[1] !== 'Task limit without ENI trunking' || t.header[2] !== 'Task limit with ENI trunking') continue;
    for (const [name, without, withTrunking] of t.rows) {
      // Signed: the page prints -2 for i4i.large with trunking; build-catalog decides what to do with it.
      if (!/^-?\d+$/.test(without ?? '') || !/^-?\d+$/.test(withTrunking ?? '')) throw new SyntaxError(`ECS table at line ${t.line}: bad row for ${name}`);
      out.set(name!, { withoutTrunking: Number(without), withTrunking: Number(withTrunking) });
    }
  }
  if (out.size === 0) throw new SyntaxError('no ENI trunking table found in the ECS guide page');
  return out;
}

/**
 * The EC2 User Guide's "Network performance" tables (one per instance category page): the words
 * AWS uses per type (`Up to 12.5 Gigabit`, `25 Gigabit`, `4x 100 Gigabit`, `Moderate`). Footnote
 * marks after the name (`m6i.large †`) are dropped.
 */
export function readNetworkPerformance(markdownPages: readonly string[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const page of markdownPages) {
    for (const t of markdownTables(page)) {
      if (t.header[0] !== 'Instance type' || t.header[1] !== 'Network performance') continue;
      for (const [cell, performance] of t.rows) {
        const name = /^([a-z0-9-]+\.[a-z0-9-]+)/.exec(cell ?? '')?.[1];
        if (name === undefined || performance === undefined) throw new SyntaxError(`network table at line ${t.line}: bad row '${cell}'`);
        const previous = out.get(name);
        if (previous !== undefined && previous !== performance) throw new RangeError(`${name}: network performance given twice ('${previous}', '${performance}')`);
        out.set(name, performance);
      }
    }
  }
  return out;
}

/**
 * The families the EC2 User Guide lists under "Previous generation instances"
 * (instance-types.md), lower case.
 */
export function readPreviousGenerationFamilies(markdown: string): ReadonlySet<string> {
  const families = new Set<string>();
  for (const t of markdownTables(markdown)) {
    if (!/^Previous generation instances/.test(t.heading) || t.header[0] !== 'Type') continue;
    for (const [family] of t.rows) families.add(family!.toLowerCase());
  }
  if (families.size === 0) throw new SyntaxError('no previous-generation table found in instance-types.md');
  return families;
}
