import { formatCidr, type Cidr } from './cidr.js';
import { NO_ADDRESS, SubnetIpPool } from './subnet.js';

/** A subnet of the cluster's VPC with its address pool. */
export interface VpcSubnet {
  /** `subnet-1`, or the name the scenario gave. */
  readonly id: string;
  readonly az: string;
  readonly cidr: Cidr;
  readonly pool: SubnetIpPool;
}

/**
 * The VPC's subnets, indexed by AZ. Several subnets per AZ are allowed; a new node or ENI in an
 * AZ goes to the first subnet (in scenario order) that has a free address, which is how a
 * node group configured with several subnets behaves when one fills up.
 */
export class Vpc {
  readonly subnets: VpcSubnet[] = [];
  private readonly byAz = new Map<string, VpcSubnet[]>();

  addSubnet(id: string, az: string, cidr: Cidr): VpcSubnet {
    const subnet: VpcSubnet = { id, az, cidr, pool: new SubnetIpPool(cidr) };
    this.subnets.push(subnet);
    const list = this.byAz.get(az);
    if (list === undefined) this.byAz.set(az, [subnet]);
    else list.push(subnet);
    return subnet;
  }

  subnetsIn(az: string): readonly VpcSubnet[] {
    return this.byAz.get(az) ?? [];
  }

  /** The first subnet in the AZ with at least `addresses` free, or undefined. */
  subnetWithFree(az: string, addresses = 1): VpcSubnet | undefined {
    for (const s of this.subnetsIn(az)) if (s.pool.freeCount >= addresses) return s;
    return undefined;
  }

  /** Allocates one address in the AZ (a node's primary IP, a task ENI). */
  allocateIpIn(az: string): { subnet: VpcSubnet; ip: number } | undefined {
    for (const subnet of this.subnetsIn(az)) {
      const ip = subnet.pool.allocateIp();
      if (ip !== NO_ADDRESS) return { subnet, ip };
    }
    return undefined;
  }

  describe(subnet: VpcSubnet): string {
    return `${subnet.id} (${formatCidr(subnet.cidr)}, ${subnet.az})`;
  }
}
