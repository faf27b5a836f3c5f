import type { Host } from '../../model/host.js';
import type { Eni } from '../../model/network/node-ipam.js';
import { NO_ADDRESS } from '../../model/network/subnet.js';
import type { VpcSubnet } from '../../model/network/vpc.js';
import type { Task } from '../../model/task.js';
import type { SubnetAddressError } from '../../model/events/network.js';
import type { EgressPurpose } from '../../model/events/egress.js';
import type { AwsServiceEndpoint, EgressRoute } from '../../model/network/egress.js';
import type { ActionContext } from './context.js';

/** VPC addresses: awsvpc task ENIs, and each EKS node's ipamd pool (ENIs, secondary IPs, prefixes). */
export class NetworkActions {
  constructor(private readonly ctx: ActionContext) {}

  /** A task start's call moved `bytes` through `route` (a VPC endpoint or a NAT gateway): what the cost report bills. */
  egressTransferred(task: Task, az: string, endpoint: AwsServiceEndpoint | null, route: Exclude<EgressRoute, { via: 'none' }>, purpose: EgressPurpose, bytes: number): void {
    const nat = route.via === 'nat';
    this.ctx.emit({
      type: 'egress.transferred',
      time: this.ctx.now,
      task: task.id,
      service: task.service.name,
      az,
      endpoint,
      via: route.via,
      gateway: !nat && route.gateway,
      natAz: nat ? route.natAz : null,
      crossAz: nat && route.crossAz,
      purpose,
      bytes,
    });
  }

  /** CNI ADD: the pod gets an address from its node's ipamd pool, or NO_ADDRESS. */
  assignPodIp(task: Task): number {
    const ipam = task.host?.network?.ipam;
    if (ipam === undefined || ipam === null) throw new Error(`${task.id} has no node with ipamd`);
    // Security groups for pods: the pod's branch ENI takes its own address from the node's
    // subnet (the VPC resource controller creates it); ipamd's pool is not used.
    const branch = (task.taskDefinition.devices?.podEni ?? 0) > 0;
    const subnet = task.host!.network!.subnet;
    const ip = branch ? subnet.pool.allocateIp() : ipam.assign();
    if (ip === NO_ADDRESS) return ip;
    if (branch) task.ipSubnet = subnet;
    task.ip = ip;
    this.ctx.emit({ type: 'pod.ip-assigned', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host!.id, ip });
    return ip;
  }

  /**
   * ECS awsvpc: creates the task's ENI with an address from one of the service's subnets in the
   * instance's AZ. Returns false (and the task keeps waiting in PROVISIONING) when none has one.
   */
  attachTaskEni(task: Task, subnets: readonly VpcSubnet[]): boolean {
    for (const subnet of subnets) {
      const ip = subnet.pool.allocateIp();
      if (ip === NO_ADDRESS) continue;
      task.ip = ip;
      task.ipSubnet = subnet;
      // On EC2 the ENI is attached to the task's instance (on Fargate to its own microVM).
      if (task.host !== null) task.host.taskEnisAttached++;
      this.ctx.emit({ type: 'task.eni-attached', time: this.ctx.now, task: task.id, service: task.service.name, host: task.host?.id ?? null, ip, subnet: subnet.id, az: subnet.az });
      return true;
    }
    return false;
  }

  /** ipamd asks EC2 for a new ENI (its addresses leave the subnet now; usable once attached). */
  startEniAttach(host: Host, slots: number): Eni | undefined {
    const ipam = host.network!.ipam!;
    const eni = ipam.startAttach(this.ctx.state.nextEniId(), [host.network!.subnet], slots);
    if (eni === undefined) {
      this.ctx.emit({ type: 'eni.attach-failed', time: this.ctx.now, host: host.id, subnet: host.network!.subnet.id, error: subnetAddressError(ipam.prefixMode) });
      return undefined;
    }
    this.ctx.emit({ type: 'eni.attach-started', time: this.ctx.now, host: host.id, eni: eni.id, subnet: eni.subnet.id, slots: eni.pendingSlots.length, prefixMode: ipam.prefixMode });
    return eni;
  }

  /** ipamd asks EC2 for more addresses on an attached ENI; returns how many it got. */
  startIpAssign(host: Host, eni: Eni, slots: number): number {
    const ipam = host.network!.ipam!;
    const got = ipam.startAssign(eni, slots);
    if (got === 0) this.ctx.emit({ type: 'eni.assign-failed', time: this.ctx.now, host: host.id, eni: eni.id, subnet: eni.subnet.id, error: subnetAddressError(ipam.prefixMode) });
    else this.ctx.emit({ type: 'eni.assign-started', time: this.ctx.now, host: host.id, eni: eni.id, slots: got, prefixMode: ipam.prefixMode });
    return got;
  }

  /** The EC2 call finished: the ENI's new addresses join the node's pool. */
  completeEniOp(host: Host, eni: Eni): void {
    const ipam = host.network!.ipam!;
    ipam.complete(eni);
    this.ctx.emit({ type: 'eni.ready', time: this.ctx.now, host: host.id, eni: eni.id, freeAddresses: ipam.freeAddresses, totalAddresses: ipam.totalAddresses });
  }

  /** ipamd gives unused addresses (or a whole ENI) back to the subnet. */
  shrinkIpPool(host: Host, eni: Eni, slots: number | 'detach'): void {
    const ipam = host.network!.ipam!;
    if (slots === 'detach') {
      ipam.detach(eni);
      this.ctx.emit({ type: 'eni.detached', time: this.ctx.now, host: host.id, eni: eni.id, subnet: eni.subnet.id });
    } else {
      const n = ipam.releaseSlots(eni, slots);
      this.ctx.emit({ type: 'eni.released', time: this.ctx.now, host: host.id, eni: eni.id, subnet: eni.subnet.id, slots: n, prefixMode: ipam.prefixMode });
    }
  }
}

/** EC2's error codes: no free address at all, or (prefixes) no aligned free /28 block. */
function subnetAddressError(prefixMode: boolean): SubnetAddressError {
  return prefixMode ? 'InsufficientCidrBlocks' : 'InsufficientFreeAddressesInSubnet';
}
