import type { Host } from '../../model/host.js';
import { formatIp } from '../../model/network/cidr.js';
import type { Eni } from '../../model/network/node-ipam.js';
import { NO_ADDRESS } from '../../model/network/subnet.js';
import type { VpcSubnet } from '../../model/network/vpc.js';
import type { Task } from '../../model/task.js';
import type { ActionContext } from './context.js';

/** VPC addresses: awsvpc task ENIs, and each EKS node's ipamd pool (ENIs, secondary IPs, prefixes). */
export class NetworkActions {
  constructor(private readonly ctx: ActionContext) {}

  /** CNI ADD: the pod gets an address from its node's ipamd pool, or NO_ADDRESS. */
  assignPodIp(task: Task): number {
    const ipam = task.host?.network?.ipam;
    if (ipam === undefined || ipam === null) throw new Error(`${task.id} has no node with ipamd`);
    const ip = ipam.assign();
    if (ip === NO_ADDRESS) return ip;
    task.ip = ip;
    this.ctx.emit('pod.ip-assigned', task.id, formatIp(ip), { service: task.service.name, host: task.host!.id });
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
      this.ctx.emit('task.eni-attached', task.id, `ENI with ${formatIp(ip)} in ${subnet.id}`, { service: task.service.name, host: task.host?.id, az: subnet.az });
      return true;
    }
    return false;
  }

  /** ipamd asks EC2 for a new ENI (its addresses leave the subnet now; usable once attached). */
  startEniAttach(host: Host, slots: number): Eni | undefined {
    const ipam = host.network!.ipam!;
    const eni = ipam.startAttach(this.ctx.state.nextEniId(), [host.network!.subnet], slots);
    if (eni === undefined) {
      const error = ipam.prefixMode ? 'InsufficientCidrBlocks' : 'InsufficientFreeAddressesInSubnet';
      this.ctx.emit('eni.attach-failed', host.id, `CreateNetworkInterface in ${host.network!.subnet.id}: ${error}`, { host: host.id });
      return undefined;
    }
    const what = ipam.prefixMode ? 'prefixes' : 'secondary IPs';
    this.ctx.emit('eni.attach-started', host.id, `${eni.id} in ${eni.subnet.id} with ${eni.pendingSlots.length} ${what}`, { host: host.id });
    return eni;
  }

  /** ipamd asks EC2 for more addresses on an attached ENI; returns how many it got. */
  startIpAssign(host: Host, eni: Eni, slots: number): number {
    const got = host.network!.ipam!.startAssign(eni, slots);
    const what = host.network!.ipam!.prefixMode ? 'prefixes' : 'IPs';
    // EC2's error codes: no free address at all, or (prefixes) no aligned free /28 block.
    const error = host.network!.ipam!.prefixMode ? 'InsufficientCidrBlocks' : 'InsufficientFreeAddressesInSubnet';
    if (got === 0) this.ctx.emit('eni.assign-failed', host.id, `AssignPrivateIpAddresses on ${eni.id} (${eni.subnet.id}): ${error}`, { host: host.id });
    else this.ctx.emit('eni.assign-started', host.id, `${got} ${what} on ${eni.id}`, { host: host.id });
    return got;
  }

  /** The EC2 call finished: the ENI's new addresses join the node's pool. */
  completeEniOp(host: Host, eni: Eni): void {
    const ipam = host.network!.ipam!;
    ipam.complete(eni);
    this.ctx.emit('eni.ready', host.id, `${eni.id}: pool ${ipam.freeAddresses} free of ${ipam.totalAddresses}`, { host: host.id });
  }

  /** ipamd gives unused addresses (or a whole ENI) back to the subnet. */
  shrinkIpPool(host: Host, eni: Eni, slots: number | 'detach'): void {
    const ipam = host.network!.ipam!;
    if (slots === 'detach') {
      ipam.detach(eni);
      this.ctx.emit('eni.detached', host.id, `${eni.id} returned to ${eni.subnet.id}`, { host: host.id });
    } else {
      const n = ipam.releaseSlots(eni, slots);
      this.ctx.emit('eni.released', host.id, `${n} ${ipam.prefixMode ? 'prefixes' : 'IPs'} of ${eni.id} returned to ${eni.subnet.id}`, { host: host.id });
    }
  }
}
