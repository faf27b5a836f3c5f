/** cluster.vpc and cluster.cni: the subnets tasks and pods take addresses from, and the VPC CNI's settings. */
import { cidrsOverlap, formatCidr, parseCidr, validateSubnetCidr } from '../../model/network/cidr.js';
import { DEFAULT_CNI_SETTINGS, type CniSettings } from '../../model/network/cni-settings.js';
import type { EgressSpec } from '../../model/network/egress.js';
import type { SubnetSpec } from '../../model/simulation-spec.js';
import type { Static } from '../schema/fields.js';
import type { Cni, Vpc } from '../schema/network.js';
import type { ClusterBasics } from './cluster.js';
import { checkAz, uniqueNames, type Path, type Problems } from './problems.js';

/** The subnets, each checked: CIDR syntax and size, its AZ, no overlap; ids default to subnet-<n>. */
export function compileSubnets(vpc: Static<typeof Vpc> | undefined, cluster: ClusterBasics, problems: Problems): SubnetSpec[] {
  const subnets: SubnetSpec[] = [];
  (vpc?.subnets ?? []).forEach((sn, i) => {
    const path: Path = ['cluster', 'vpc', 'subnets', i];
    const parsed = parseCidr(sn.cidr);
    if (!parsed.ok) {
      problems.report([...path, 'cidr'], parsed.message);
      return;
    }
    const sizeProblem = validateSubnetCidr(parsed.cidr);
    if (sizeProblem !== null) problems.report([...path, 'cidr'], sizeProblem);
    checkAz(sn.az, cluster.availabilityZones, [...path, 'az'], problems);
    const clash = subnets.find((other) => cidrsOverlap(other.cidr, parsed.cidr));
    if (clash !== undefined) problems.report([...path, 'cidr'], `${formatCidr(parsed.cidr)} overlaps ${clash.id} (${formatCidr(clash.cidr)})`);
    subnets.push({ id: sn.id ?? `subnet-${i + 1}`, az: sn.az, cidr: parsed.cidr });
  });
  uniqueNames(subnets.map((x) => x.id), (i) => ['cluster', 'vpc', 'subnets', i, 'id'], 'subnet', problems);
  if (cluster.platform === 'eks' && subnets.length === 0) problems.report(['cluster'], "an EKS cluster needs 'vpc.subnets': pods take their addresses from them");
  return subnets;
}

/** The VPC CNI's settings: the scenario's over aws-node's defaults. */
export function compileCni(raw: Static<typeof Cni> | undefined): CniSettings {
  const d = DEFAULT_CNI_SETTINGS;
  return {
    prefixDelegation: raw?.prefixDelegation ?? d.prefixDelegation,
    warmEniTarget: raw?.warmEniTarget ?? d.warmEniTarget,
    warmIpTarget: raw?.warmIpTarget ?? null,
    minimumIpTarget: raw?.minimumIpTarget ?? null,
    warmPrefixTarget: raw?.warmPrefixTarget ?? d.warmPrefixTarget,
    podEni: raw?.enablePodEni ?? d.podEni,
  };
}

/**
 * The private subnets' path to AWS services (`vpc.egress`), or null when the scenario does not
 * declare one. Gateways and endpoints are in every AZ that has subnets.
 */
export function compileEgress(vpc: Static<typeof Vpc> | undefined, subnets: readonly SubnetSpec[], cluster: ClusterBasics, problems: Problems): EgressSpec | null {
  const raw = vpc?.egress;
  if (raw === undefined) return null;
  const path: Path = ['cluster', 'vpc', 'egress'];
  const azs = cluster.availabilityZones.filter((az) => subnets.some((s) => s.az === az));
  const natGateways = raw.natGateways ?? 'none';
  let natGatewayAz: string | null = null;
  if (raw.natGatewayAz !== undefined) {
    if (natGateways !== 'single') problems.report([...path, 'natGatewayAz'], "natGatewayAz applies to natGateways: single (per-az puts one in every AZ)");
    else if (!azs.includes(raw.natGatewayAz)) problems.report([...path, 'natGatewayAz'], `no subnet is in ${raw.natGatewayAz}; the NAT gateway goes in a public subnet of an AZ the cluster uses: one of ${azs.join(', ')}`);
    natGatewayAz = raw.natGatewayAz;
  } else if (natGateways === 'single') natGatewayAz = azs[0] ?? null;
  return { natGateways, natGatewayAz, endpoints: raw.endpoints ?? [], azs };
}
