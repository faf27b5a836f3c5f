import type { InstanceType } from '../catalog/instance-type.js';
import { usesIpTargets, type CniSettings } from './cni-settings.js';
import { NO_ADDRESS, PREFIX_SIZE } from './subnet.js';
import type { VpcSubnet } from './vpc.js';
import { ipamdEniLimit } from './pod-eni.js';

/**
 * The VPC CNI's IP address manager (ipamd) on one EKS node, as data and pure decisions.
 *
 * A node has ENIs (the primary one from boot, more attached by ipamd). In secondary-IP mode
 * each ENI has `ipv4PerEni - 1` slots for pod addresses (its own primary address is never given
 * to a pod); in prefix mode each slot holds a /28 prefix, 16 pod addresses. Addresses are taken
 * from the subnet when ipamd asks EC2 for them (so a warm pool consumes subnet addresses before
 * any pod needs them) and become usable when the EC2 call completes.
 *
 * This class decides *what* ipamd does next (`plan`) and applies each step's effect on the
 * subnet and the pool; the vpc-cni controller supplies the latencies. It never throws for a
 * shortage: "no address" is a result.
 */
export interface Eni {
  readonly id: string;
  /** 0 for the primary ENI. */
  readonly deviceIndex: number;
  readonly subnet: VpcSubnet;
  readonly primaryIp: number;
  /** Usable slots: secondary addresses, or /28 prefix bases in prefix mode. */
  readonly slots: number[];
  /** Slots requested from EC2 whose call has not completed yet. */
  readonly pendingSlots: number[];
  /** False until AttachNetworkInterface completes. */
  attached: boolean;
}

export type IpamdStep =
  | { readonly kind: 'none' }
  /** CreateNetworkInterface + AttachNetworkInterface with `slots` secondary addresses/prefixes. */
  | { readonly kind: 'attach-eni'; readonly slots: number }
  /** AssignPrivateIpAddresses (or prefixes) on an attached ENI with free slots. */
  | { readonly kind: 'assign'; readonly eni: Eni; readonly slots: number }
  /** UnassignPrivateIpAddresses: give unused addresses back (IP-target mode). */
  | { readonly kind: 'release'; readonly eni: Eni; readonly slots: number }
  /** DetachNetworkInterface + DeleteNetworkInterface of an ENI no pod uses. */
  | { readonly kind: 'detach-eni'; readonly eni: Eni };

export class NodeIpam {
  readonly enis: Eni[] = [];
  /** Secondary-IP mode: usable, unassigned pod addresses (the most recently freed is reused first). */
  private readonly free: number[] = [];
  /**
   * Prefix mode: each usable prefix's unassigned addresses. Pods fill the first prefix (in ENI
   * and slot order) that has room, as ipamd's datastore does, so prefixes are not spread thin.
   */
  private readonly prefixFree = new Map<number, number[]>();
  private freeCount = 0;
  /** Pod addresses in use, and per prefix how many of its addresses are in use. */
  private assigned = 0;
  private readonly prefixUse = new Map<number, number>();
  /** Slot counts over all ENIs, usable and pending. */
  private heldSlots = 0;
  private pendingSlotCount = 0;

  readonly slotsPerEni: number;
  readonly addressesPerSlot: number;
  /** ENIs it may attach: the type's, less a trunk ENI's slot (security groups for pods). */
  readonly eniLimit: number;
  /** DaemonSet pods (without hostNetwork) still waiting for their address: they get the first ones the pool has. */
  private daemonPodsWaiting: number;

  /**
   * `daemonPods`: the node's user DaemonSet pods that need a pod address (src/model/daemon-set.ts);
   * they are the node's first pods, so each takes an address as soon as the pool has one.
   */
  constructor(
    readonly instanceType: InstanceType,
    readonly settings: CniSettings,
    primary: { id: string; subnet: VpcSubnet; ip: number },
    daemonPods = 0,
  ) {
    this.daemonPodsWaiting = daemonPods;
    this.slotsPerEni = instanceType.ipv4PerEni - 1;
    this.eniLimit = ipamdEniLimit(instanceType, settings);
    // Prefixes need Nitro; on other types the VPC CNI stays in secondary-IP mode.
    this.addressesPerSlot = settings.prefixDelegation && instanceType.nitro ? PREFIX_SIZE : 1;
    this.enis.push({ id: primary.id, deviceIndex: 0, subnet: primary.subnet, primaryIp: primary.ip, slots: [], pendingSlots: [], attached: true });
  }

  get prefixMode(): boolean {
    return this.addressesPerSlot === PREFIX_SIZE;
  }

  /** Pod addresses in use. */
  get assignedAddresses(): number {
    return this.assigned;
  }

  /** Usable addresses not in use. */
  get freeAddresses(): number {
    return this.freeCount;
  }

  /** Pod addresses held, usable or pending (the pool ipamd sizes). */
  get totalAddresses(): number {
    return this.heldSlots * this.addressesPerSlot;
  }

  /** Subnet addresses this node holds: ENI primaries plus every slot's addresses. */
  get subnetAddressesHeld(): number {
    return this.enis.length + this.totalAddresses;
  }

  get busy(): boolean {
    return this.pendingSlotCount > 0 || this.enis.some((e) => !e.attached);
  }

  /** CNI ADD: an address for a pod, or NO_ADDRESS when the pool has none ready. */
  assign(): number {
    if (this.freeCount === 0) return NO_ADDRESS;
    let ip: number | undefined;
    if (this.prefixMode) {
      search: for (const eni of this.enis) {
        for (const base of eni.slots) {
          const list = this.prefixFree.get(base)!;
          if (list.length > 0) {
            ip = list.pop()!;
            this.prefixUse.set(base, this.prefixUse.get(base)! + 1);
            break search;
          }
        }
      }
    } else ip = this.free.pop();
    if (ip === undefined) throw new Error('ipamd free count disagrees with its pool');
    this.freeCount--;
    this.assigned++;
    return ip;
  }

  /** CNI DEL: the pod's address goes back to the pool (not to the subnet). */
  release(ip: number): void {
    this.assigned--;
    this.freeCount++;
    if (this.prefixMode) {
      const base = ip - (ip % PREFIX_SIZE);
      this.prefixUse.set(base, this.prefixUse.get(base)! - 1);
      this.prefixFree.get(base)!.push(ip);
    } else this.free.push(ip);
  }

  /**
   * ipamd's next pool action, from its documented rules:
   * - WARM_ENI_TARGET mode: keep at least `warmEniTarget` ENIs' worth of free addresses, filling
   *   partially filled ENIs before attaching a new one; detach an unused ENI when the pool would
   *   still meet the target without it.
   * - WARM_IP_TARGET / MINIMUM_IP_TARGET: hold max(MINIMUM_IP_TARGET, in use + WARM_IP_TARGET)
   *   addresses; release the surplus.
   * - Prefix mode: keep WARM_PREFIX_TARGET whole prefixes free (or the IP targets, rounded up to
   *   whole prefixes).
   * The node's ENI limit caps everything. Call only when `busy` is false.
   */
  plan(): IpamdStep {
    const want = this.wantedSlots();
    const held = this.heldSlots;
    if (want > held) return this.grow(want - held);
    if (want < held) return this.shrink(held - want);
    return { kind: 'none' };
  }

  /** Slots the pool should hold now. */
  private wantedSlots(): number {
    const perSlot = this.addressesPerSlot;
    const s = this.settings;
    const max = this.eniLimit * this.slotsPerEni;
    let want: number;
    if (usesIpTargets(s)) {
      const addresses = Math.max(s.minimumIpTarget ?? 0, this.assigned + (s.warmIpTarget ?? 0));
      want = Math.ceil(addresses / perSlot);
    } else if (this.prefixMode) {
      // Prefixes in use (any address assigned) plus the warm prefixes.
      let used = 0;
      for (const n of this.prefixUse.values()) if (n > 0) used++;
      want = used + s.warmPrefixTarget;
    } else {
      // Enough slots that a full ENI's worth (times the target) stays free.
      want = this.assigned + s.warmEniTarget * this.slotsPerEni;
    }
    return Math.min(want, max);
  }

  private grow(short: number): IpamdStep {
    for (const eni of this.enis) {
      const room = this.slotsPerEni - eni.slots.length - eni.pendingSlots.length;
      if (eni.attached && room > 0) {
        // WARM_ENI mode fills an ENI completely; IP targets ask for just what is short.
        const slots = usesIpTargets(this.settings) || this.prefixMode ? Math.min(room, short) : room;
        return { kind: 'assign', eni, slots };
      }
    }
    if (this.enis.length >= this.eniLimit) return { kind: 'none' };
    const slots = usesIpTargets(this.settings) || this.prefixMode ? Math.min(this.slotsPerEni, short) : this.slotsPerEni;
    return { kind: 'attach-eni', slots };
  }

  private shrink(surplus: number): IpamdStep {
    if (usesIpTargets(this.settings) || this.prefixMode) {
      // Release unused addresses (or whole unused prefixes) from the newest ENI that has some.
      for (let i = this.enis.length - 1; i >= 0; i--) {
        const eni = this.enis[i]!;
        const releasable = this.releasableSlots(eni);
        if (releasable > 0) return { kind: 'release', eni, slots: Math.min(releasable, surplus) };
      }
      return { kind: 'none' };
    }
    // WARM_ENI mode: detach a secondary ENI that no pod uses, if the pool stays on target.
    for (let i = this.enis.length - 1; i >= 1; i--) {
      const eni = this.enis[i]!;
      if (eni.slots.length <= surplus && this.releasableSlots(eni) === eni.slots.length) return { kind: 'detach-eni', eni };
    }
    return { kind: 'none' };
  }

  /** Slots of an attached ENI none of whose addresses a pod uses. */
  private releasableSlots(eni: Eni): number {
    if (!eni.attached) return 0;
    let n = 0;
    for (const slot of eni.slots) if (this.slotUnused(slot)) n++;
    return n;
  }

  private slotUnused(slot: number): boolean {
    if (this.prefixMode) return (this.prefixUse.get(slot) ?? 0) === 0;
    return this.free.includes(slot);
  }

  /**
   * Starts an `attach-eni` step: takes the ENI's primary address and up to `slots`
   * addresses/prefixes from the first subnet that can give the primary address. EC2 gives what
   * the subnet has (fleetsim assumes ipamd ends up with every remaining address over its
   * retries). Returns undefined when the subnet cannot give the primary address and at least
   * one slot.
   */
  startAttach(id: string, subnets: readonly VpcSubnet[], slots: number): Eni | undefined {
    for (const subnet of subnets) {
      const primaryIp = subnet.pool.allocateIp();
      if (primaryIp === NO_ADDRESS) continue;
      const eni: Eni = { id, deviceIndex: this.enis.length, subnet, primaryIp, slots: [], pendingSlots: [], attached: false };
      // EC2 creates the ENI with its addresses in one call: no slot at all means the call fails.
      if (this.takeSlots(eni, slots) === 0 && slots > 0) {
        subnet.pool.releaseIp(primaryIp);
        continue;
      }
      this.enis.push(eni);
      return eni;
    }
    return undefined;
  }

  /** Starts an `assign` step; returns how many slots the subnet could give (maybe 0). */
  startAssign(eni: Eni, slots: number): number {
    return this.takeSlots(eni, slots);
  }

  /** The EC2 call completed: the ENI is attached and its pending slots are usable. */
  complete(eni: Eni): void {
    eni.attached = true;
    for (const slot of eni.pendingSlots) {
      eni.slots.push(slot);
      if (this.prefixMode) {
        this.prefixUse.set(slot, 0);
        // Reverse order, so pops hand addresses out ascending.
        const list: number[] = [];
        for (let a = PREFIX_SIZE - 1; a >= 0; a--) list.push(slot + a);
        this.prefixFree.set(slot, list);
      } else this.free.push(slot);
      this.freeCount += this.addressesPerSlot;
    }
    this.pendingSlotCount -= eni.pendingSlots.length;
    eni.pendingSlots.length = 0;
    for (; this.daemonPodsWaiting > 0 && this.freeCount > 0; this.daemonPodsWaiting--) this.assign();
  }

  /** Applies a `release` step at once: unused slots go back to the subnet. */
  releaseSlots(eni: Eni, slots: number): number {
    let released = 0;
    for (let i = eni.slots.length - 1; i >= 0 && released < slots; i--) {
      const slot = eni.slots[i]!;
      if (!this.slotUnused(slot)) continue;
      eni.slots.splice(i, 1);
      this.dropSlot(eni, slot);
      released++;
    }
    return released;
  }

  /** Applies a `detach-eni` step at once: the ENI and all its addresses go back to the subnet. */
  detach(eni: Eni): void {
    for (const slot of eni.slots) this.dropSlot(eni, slot);
    eni.slots.length = 0;
    eni.subnet.pool.releaseIp(eni.primaryIp);
    this.enis.splice(this.enis.indexOf(eni), 1);
  }

  /** Node terminated: every address of every ENI goes back to its subnet (including the primary). */
  releaseAll(): void {
    for (let i = this.enis.length - 1; i >= 0; i--) {
      const eni = this.enis[i]!;
      for (const slot of [...eni.slots, ...eni.pendingSlots]) {
        if (this.prefixMode) eni.subnet.pool.releasePrefix(slot);
        else eni.subnet.pool.releaseIp(slot);
      }
      eni.subnet.pool.releaseIp(eni.primaryIp);
    }
    this.enis.length = 0;
    this.free.length = 0;
    this.prefixFree.clear();
    this.freeCount = 0;
    this.prefixUse.clear();
    this.heldSlots = 0;
    this.pendingSlotCount = 0;
    this.assigned = 0;
  }

  /** Internal consistency, for the invariant checks. */
  checkInvariant(): string | null {
    let slots = 0;
    let pending = 0;
    for (const eni of this.enis) {
      slots += eni.slots.length + eni.pendingSlots.length;
      pending += eni.pendingSlots.length;
      if (eni.slots.length + eni.pendingSlots.length > this.slotsPerEni) return `${eni.id} holds more than ${this.slotsPerEni} slots`;
    }
    if (slots !== this.heldSlots || pending !== this.pendingSlotCount) return 'slot counters disagree with the ENIs';
    const usable = (slots - pending) * this.addressesPerSlot;
    let free = this.free.length;
    for (const list of this.prefixFree.values()) free += list.length;
    if (free !== this.freeCount) return `free counter ${this.freeCount} != ${free} free addresses`;
    if (usable !== this.freeCount + this.assigned) return `usable ${usable} != free ${this.freeCount} + assigned ${this.assigned}`;
    if (this.enis.length > this.eniLimit) return `${this.enis.length} ENIs exceed the limit of ${this.eniLimit}`;
    return null;
  }

  private takeSlots(eni: Eni, slots: number): number {
    let got = 0;
    for (; got < slots; got++) {
      const slot = this.prefixMode ? eni.subnet.pool.allocatePrefix() : eni.subnet.pool.allocateIp();
      if (slot === NO_ADDRESS) break;
      eni.pendingSlots.push(slot);
    }
    this.heldSlots += got;
    this.pendingSlotCount += got;
    return got;
  }

  /** Gives an unused slot back to the subnet. */
  private dropSlot(eni: Eni, slot: number): void {
    if (this.prefixMode) {
      this.prefixUse.delete(slot);
      this.prefixFree.delete(slot);
      eni.subnet.pool.releasePrefix(slot);
    } else {
      removeValue(this.free, slot);
      eni.subnet.pool.releaseIp(slot);
    }
    this.freeCount -= this.addressesPerSlot;
    this.heldSlots--;
  }
}

function removeValue(list: number[], value: number): void {
  const i = list.lastIndexOf(value);
  if (i >= 0) list.splice(i, 1);
}
