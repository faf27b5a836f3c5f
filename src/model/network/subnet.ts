/**
 * One VPC subnet's IPv4 address space: which addresses are reserved by AWS, held as single
 * secondary IPs, held as /28 prefixes (VPC CNI prefix delegation), or free.
 *
 * AWS facts modelled here (figures only; no code was taken from these sources):
 * - Amazon VPC User Guide, "Subnet CIDR blocks" (docs.aws.amazon.com/vpc/latest/userguide/
 *   subnet-sizing.html): the first four addresses and the last address of every subnet are
 *   reserved — network address, VPC router (+1), Amazon DNS (+2), future use (+3), and the
 *   broadcast address (last; broadcast is not supported in a VPC). Subnets are /16 .. /28.
 * - Amazon EKS User Guide, "Increase the available IP addresses for your Amazon EKS node"
 *   (docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses-procedure.html):
 *   prefix mode needs contiguous /28 blocks, and "using IP prefixes can fail if IP addresses
 *   are scattered throughout the subnet CIDR". EC2 reports that case as
 *   `InsufficientCidrBlocks` (amazon-vpc-cni-k8s PR #1773 checks for it next to
 *   `InsufficientFreeAddressesInSubnet`; awslabs/eksdemo issue #104 describes it as the
 *   fragmentation failure). A prefix can never include a reserved address, so the first and
 *   last /28 of a subnet are never available as prefixes: a /24 offers 14, not 16.
 *
 * Data layout (why it looks like this): the simulator keeps one pool per subnet and calls
 * allocate/release on the hot path of pod and task launches across up to 100k hosts, so no
 * call may scan every address or allocate objects. The space is cut into aligned /28 blocks
 * (16 addresses, exactly one prefix): a Uint16Array holds each block's in-use bitmask and a
 * Uint8Array its free count. Two two-level bitsets over blocks answer "lowest block with a
 * free address" and "lowest fully free block" with a few `Math.clz32` calls; a third marks
 * blocks held as prefixes so releases can be checked. A /16 has 4096 blocks = 128 words =
 * 4 summary words, so every search touches at most 4 summary words and 1 leaf word.
 */
import type { Cidr } from './cidr.js';
import { formatCidr, formatIp, validateSubnetCidr } from './cidr.js';

/** Returned by `allocateIp` / `allocatePrefix` when nothing suitable is free. */
export const NO_ADDRESS = -1;

/** Addresses AWS reserves in every subnet (first four and last). */
export const AWS_RESERVED_ADDRESSES_PER_SUBNET = 5;

/** Addresses in one delegated prefix (/28). */
export const PREFIX_SIZE = 16;
const PREFIX_SHIFT = 4; // log2(PREFIX_SIZE)
const FULL_BLOCK_MASK = 0xffff;

/** A subnet as the rest of fleetsim names it. The pool itself knows only the CIDR. */
export interface Subnet {
  readonly id: string;
  readonly az: string;
  readonly cidr: Cidr;
}

/**
 * How `allocateIp` chooses among free addresses. Only 'lowest' exists today (lowest free
 * address, which mirrors how subnets fill up in practice and fragments /28 blocks as it goes).
 * To add an order, extend this union and the switch in `SubnetIpPool.pickBlockForIp`; block
 * choice is the only thing an order decides — the address within the block is always the
 * lowest free one.
 */
export type IpOrder = 'lowest';

export interface SubnetIpPoolOptions {
  readonly ipOrder?: IpOrder;
}

/**
 * A fixed-capacity set of indexes 0 .. capacity-1 with O(1)-ish find-first-set.
 *
 * Leaf words hold one bit per index; summary words hold one bit per non-zero leaf word. Bits
 * are MSB-first (index 0 is bit 31 of word 0) so `Math.clz32` yields the lowest index directly.
 * Two levels cover 32 * 32 * (summary length) indexes; the pool needs at most 4096.
 */
class TwoLevelBitset {
  readonly capacity: number;
  /** Number of set indexes; maintained so callers need not count. */
  count = 0;
  private readonly leaf: Uint32Array;
  private readonly summary: Uint32Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.leaf = new Uint32Array(Math.ceil(capacity / 32));
    this.summary = new Uint32Array(Math.ceil(this.leaf.length / 32));
  }

  has(i: number): boolean {
    return (this.leaf[i >>> 5]! & (0x80000000 >>> (i & 31))) !== 0;
  }

  set(i: number): void {
    const w = i >>> 5;
    const bit = 0x80000000 >>> (i & 31);
    const word = this.leaf[w]!;
    if ((word & bit) !== 0) return;
    this.leaf[w] = word | bit;
    this.summary[w >>> 5] = this.summary[w >>> 5]! | (0x80000000 >>> (w & 31));
    this.count++;
  }

  clear(i: number): void {
    const w = i >>> 5;
    const bit = 0x80000000 >>> (i & 31);
    const word = this.leaf[w]!;
    if ((word & bit) === 0) return;
    const next = word & ~bit;
    this.leaf[w] = next;
    if (next === 0) this.summary[w >>> 5] = this.summary[w >>> 5]! & ~(0x80000000 >>> (w & 31));
    this.count--;
  }

  /** Lowest set index, or -1 when empty. */
  findFirst(): number {
    const summary = this.summary;
    for (let s = 0; s < summary.length; s++) {
      const sw = summary[s]!;
      if (sw === 0) continue;
      const w = (s << 5) + Math.clz32(sw);
      return (w << 5) + Math.clz32(this.leaf[w]!);
    }
    return -1;
  }

  /**
   * Null when the summary agrees with the leaves, `count` matches, and no bit beyond
   * `capacity` is set; otherwise what is wrong. For `checkInvariant` only (it scans).
   */
  check(name: string): string | null {
    let total = 0;
    for (let w = 0; w < this.leaf.length; w++) {
      const word = this.leaf[w]!;
      total += popcount32(word);
      const summaryBit = (this.summary[w >>> 5]! & (0x80000000 >>> (w & 31))) !== 0;
      if (summaryBit !== (word !== 0)) {
        return `${name}: summary bit for word ${w} is ${summaryBit ? 'set' : 'clear'} but the word is ${word === 0 ? 'zero' : 'non-zero'}`;
      }
    }
    for (let i = this.capacity; i < this.leaf.length * 32; i++) {
      if (this.has(i)) return `${name}: bit ${i} is set beyond capacity ${this.capacity}`;
    }
    for (let s = 0; s < this.summary.length; s++) {
      for (let b = 0; b < 32; b++) {
        const w = (s << 5) + b;
        if (w >= this.leaf.length && (this.summary[s]! & (0x80000000 >>> b)) !== 0) {
          return `${name}: summary bit ${w} is set beyond the last word`;
        }
      }
    }
    if (total !== this.count) return `${name}: count is ${this.count} but ${total} bits are set`;
    return null;
  }
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Index (0..15) of the lowest set bit of a non-zero 16-bit mask. */
function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

/**
 * The IPv4 address pool of one subnet.
 *
 * Callers: the ENI/IPAM model (secondary IPs for awsvpc tasks and VPC CNI pods; /28 prefixes
 * in prefix-delegation mode) and anything that needs to know how full a subnet is. The pool
 * only does bookkeeping: it never knows who holds an address, never fails softly on misuse
 * (releasing what was not allocated throws), and never allocates objects per call.
 *
 * Determinism: `allocateIp` returns the lowest free address ('lowest' order) and
 * `allocatePrefix` the lowest aligned /28 whose 16 addresses are all free, so runs with the
 * same inputs produce the same addresses.
 */
export class SubnetIpPool {
  readonly cidr: Cidr;
  /** Addresses in the subnet (2^(32-prefixLength)). */
  readonly size: number;
  /** Always 5 (see the module comment). */
  readonly reservedCount = AWS_RESERVED_ADDRESSES_PER_SUBNET;
  readonly ipOrder: IpOrder;

  private readonly blockCount: number;
  /** Per block, bit j set = address (block base + j) is reserved or allocated. */
  private readonly used: Uint16Array;
  /** Per block, number of clear bits in `used` (0..16). */
  private readonly freeInBlock: Uint8Array;
  /** Blocks with at least one free address. */
  private readonly hasFree: TwoLevelBitset;
  /** Blocks whose 16 addresses are all free (i.e. allocatable as a prefix). */
  private readonly fullyFree: TwoLevelBitset;
  /** Blocks currently held as a /28 prefix. */
  private readonly prefixes: TwoLevelBitset;
  private allocated = 0;

  /**
   * Throws when `cidr` is not a subnet size AWS allows (/16 .. /28) or is malformed; scenario
   * validation is expected to have reported that to the user already via `validateSubnetCidr`.
   */
  constructor(cidr: Cidr, options: SubnetIpPoolOptions = {}) {
    const problem = validateSubnetCidr(cidr);
    if (problem !== null) throw new Error(`SubnetIpPool: ${problem}`);
    const ipOrder = options.ipOrder ?? 'lowest';
    if (ipOrder !== 'lowest') throw new Error(`SubnetIpPool: unknown ipOrder '${String(ipOrder)}' (expected 'lowest')`);
    this.cidr = { base: cidr.base, prefixLength: cidr.prefixLength, size: cidr.size };
    this.size = cidr.size;
    this.ipOrder = ipOrder;
    this.blockCount = cidr.size >>> PREFIX_SHIFT;
    this.used = new Uint16Array(this.blockCount);
    this.freeInBlock = new Uint8Array(this.blockCount).fill(PREFIX_SIZE);
    this.hasFree = new TwoLevelBitset(this.blockCount);
    this.fullyFree = new TwoLevelBitset(this.blockCount);
    this.prefixes = new TwoLevelBitset(this.blockCount);

    const last = this.blockCount - 1;
    const lastOffsetInBlock = PREFIX_SIZE - 1;
    // Network, router, DNS, future use: offsets 0..3 of the first block. Broadcast: the last
    // offset of the last block. For a /28 both are the same block (11 usable, no prefix).
    this.used[0] = 0b1111;
    this.used[last] = this.used[last]! | (1 << lastOffsetInBlock);
    for (let b = 0; b < this.blockCount; b++) {
      const free = PREFIX_SIZE - popcount32(this.used[b]!);
      this.freeInBlock[b] = free;
      if (free > 0) this.hasFree.set(b);
      if (free === PREFIX_SIZE) this.fullyFree.set(b);
    }
  }

  /** Addresses held by callers (single IPs plus 16 per prefix); excludes reserved ones. */
  get allocatedCount(): number {
    return this.allocated;
  }

  /** Addresses neither reserved nor allocated. */
  get freeCount(): number {
    return this.size - AWS_RESERVED_ADDRESSES_PER_SUBNET - this.allocated;
  }

  /** Aligned /28 blocks whose 16 addresses are all free: how many `allocatePrefix` calls can succeed now. */
  get freePrefixCount(): number {
    return this.fullyFree.count;
  }

  /** /28 prefixes currently allocated. */
  get allocatedPrefixCount(): number {
    return this.prefixes.count;
  }

  /**
   * Allocate one address (a secondary private IP). Returns the address as a uint32, or
   * NO_ADDRESS when the subnet has no free address (EC2's InsufficientFreeAddressesInSubnet).
   */
  allocateIp(): number {
    const block = this.pickBlockForIp();
    if (block < 0) return NO_ADDRESS;
    const mask = this.used[block]!;
    const offset = lowestBit(~mask & FULL_BLOCK_MASK);
    this.used[block] = mask | (1 << offset);
    const free = this.freeInBlock[block]! - 1;
    this.freeInBlock[block] = free;
    // The block was free before this call; it is no longer fully free, and may now be full.
    this.fullyFree.clear(block);
    if (free === 0) this.hasFree.clear(block);
    this.allocated++;
    return this.cidr.base + block * PREFIX_SIZE + offset;
  }

  /**
   * Return an address obtained from `allocateIp`. Throws (a caller bug) when the address is
   * outside the subnet, reserved by AWS, part of an allocated prefix, or not allocated.
   */
  releaseIp(addr: number): void {
    const offset = this.offsetOf(addr, 'releaseIp');
    const block = offset >>> PREFIX_SHIFT;
    const bit = 1 << (offset & (PREFIX_SIZE - 1));
    if (this.isReservedOffset(offset)) {
      throw new Error(`releaseIp: ${formatIp(addr)} is reserved by AWS in ${formatCidr(this.cidr)} and is never allocated`);
    }
    if (this.prefixes.has(block)) {
      const prefixBase = this.cidr.base + block * PREFIX_SIZE;
      throw new Error(
        `releaseIp: ${formatIp(addr)} belongs to the allocated prefix ${formatIp(prefixBase)}/28; release the prefix with releasePrefix`,
      );
    }
    const mask = this.used[block]!;
    if ((mask & bit) === 0) {
      throw new Error(`releaseIp: ${formatIp(addr)} is not allocated in ${formatCidr(this.cidr)} (double release?)`);
    }
    this.used[block] = mask & ~bit;
    const free = this.freeInBlock[block]! + 1;
    this.freeInBlock[block] = free;
    if (free === 1) this.hasFree.set(block);
    if (free === PREFIX_SIZE) this.fullyFree.set(block);
    this.allocated--;
  }

  /**
   * Allocate the lowest aligned /28 whose 16 addresses are all free; returns its base address,
   * or NO_ADDRESS when no such block exists — which can happen while `freeCount` is large if
   * single IPs are scattered over every block (EC2's InsufficientCidrBlocks).
   */
  allocatePrefix(): number {
    const block = this.fullyFree.findFirst();
    if (block < 0) return NO_ADDRESS;
    this.used[block] = FULL_BLOCK_MASK;
    this.freeInBlock[block] = 0;
    this.fullyFree.clear(block);
    this.hasFree.clear(block);
    this.prefixes.set(block);
    this.allocated += PREFIX_SIZE;
    return this.cidr.base + block * PREFIX_SIZE;
  }

  /**
   * Return a prefix obtained from `allocatePrefix`, by its base address. Throws (a caller bug)
   * when `base` is outside the subnet, not /28-aligned, or not the base of an allocated prefix
   * (a block filled with 16 single IPs is not a prefix).
   */
  releasePrefix(base: number): void {
    const offset = this.offsetOf(base, 'releasePrefix');
    if ((offset & (PREFIX_SIZE - 1)) !== 0) {
      throw new Error(`releasePrefix: ${formatIp(base)} is not the base of a /28 (not a multiple of 16 from the subnet base)`);
    }
    const block = offset >>> PREFIX_SHIFT;
    if (!this.prefixes.has(block)) {
      throw new Error(`releasePrefix: ${formatIp(base)}/28 is not an allocated prefix in ${formatCidr(this.cidr)} (double release?)`);
    }
    this.prefixes.clear(block);
    this.used[block] = 0;
    this.freeInBlock[block] = PREFIX_SIZE;
    this.hasFree.set(block);
    this.fullyFree.set(block);
    this.allocated -= PREFIX_SIZE;
  }

  /** True when `addr` is in the subnet, not reserved, and not allocated. */
  isFree(addr: number): boolean {
    if (!Number.isInteger(addr)) return false;
    const offset = addr - this.cidr.base;
    if (offset < 0 || offset >= this.size) return false;
    return (this.used[offset >>> PREFIX_SHIFT]! & (1 << (offset & (PREFIX_SIZE - 1)))) === 0;
  }

  /**
   * Null when the bookkeeping is consistent; otherwise a description of the first violation.
   * Checks: reserved + allocated + free === size; reserved bits set; per-block free counts
   * match the bitmasks; the three block bitsets (and their summaries) agree with the masks;
   * prefix blocks are fully used. Scans everything: for tests and debug assertions only.
   */
  checkInvariant(): string | null {
    const { size, reservedCount, allocatedCount, freeCount } = this;
    if (reservedCount + allocatedCount + freeCount !== size) {
      return `reserved ${reservedCount} + allocated ${allocatedCount} + free ${freeCount} !== size ${size}`;
    }
    if (allocatedCount < 0 || freeCount < 0) {
      return `negative count: allocated ${allocatedCount}, free ${freeCount}`;
    }
    const last = this.blockCount - 1;
    if ((this.used[0]! & 0b1111) !== 0b1111) return 'a reserved address at the start of the subnet is marked free';
    if ((this.used[last]! & (1 << (PREFIX_SIZE - 1))) === 0) return 'the broadcast address is marked free';
    let usedBits = 0;
    let freeTotal = 0;
    for (let b = 0; b < this.blockCount; b++) {
      const mask = this.used[b]!;
      if (mask > FULL_BLOCK_MASK) return `block ${b}: mask ${mask} has more than 16 bits`;
      const free = PREFIX_SIZE - popcount32(mask);
      usedBits += PREFIX_SIZE - free;
      freeTotal += free;
      const where = `block ${b} (${formatIp(this.cidr.base + b * PREFIX_SIZE)}/28)`;
      if (this.freeInBlock[b] !== free) return `${where}: free count ${this.freeInBlock[b]} but the bitmask has ${free} free`;
      if (this.hasFree.has(b) !== free > 0) return `${where}: has-free bit disagrees with ${free} free`;
      if (this.fullyFree.has(b) !== (free === PREFIX_SIZE)) return `${where}: fully-free bit disagrees with ${free} free`;
      if (this.prefixes.has(b) && mask !== FULL_BLOCK_MASK) return `${where}: marked as a prefix but not fully used`;
    }
    if (freeTotal !== freeCount) return `free count ${freeCount} but the bitmasks have ${freeTotal} free`;
    if (usedBits !== reservedCount + allocatedCount) {
      return `allocated ${allocatedCount} + reserved ${reservedCount} but the bitmasks have ${usedBits} used`;
    }
    return this.hasFree.check('has-free') ?? this.fullyFree.check('fully-free') ?? this.prefixes.check('prefixes');
  }

  /** Block for the next single IP under `ipOrder`, or -1 when none has a free address. */
  private pickBlockForIp(): number {
    switch (this.ipOrder) {
      case 'lowest':
        return this.hasFree.findFirst();
      default: {
        const unreachable: never = this.ipOrder;
        throw new Error(`unknown ipOrder ${String(unreachable)}`);
      }
    }
  }

  private isReservedOffset(offset: number): boolean {
    return offset < 4 || offset === this.size - 1;
  }

  /** Offset of `addr` from the subnet base; throws when it is not an address of this subnet. */
  private offsetOf(addr: number, op: string): number {
    if (!Number.isInteger(addr)) throw new Error(`${op}: ${addr} is not an IPv4 address`);
    const offset = addr - this.cidr.base;
    if (offset < 0 || offset >= this.size) {
      const shown = addr >= 0 && addr <= 0xffffffff ? formatIp(addr) : String(addr);
      throw new Error(`${op}: ${shown} is outside subnet ${formatCidr(this.cidr)}`);
    }
    return offset;
  }
}
