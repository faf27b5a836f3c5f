import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cidr } from '../../src/model/network/cidr.js';
import { formatIp, parseCidr } from '../../src/model/network/cidr.js';
import { NO_ADDRESS, SubnetIpPool } from '../../src/model/network/subnet.js';

function cidr(text: string): Cidr {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.message);
  return r.cidr;
}

function ip(text: string): number {
  return cidr(`${text}/32`).base;
}

function pool(text: string): SubnetIpPool {
  return new SubnetIpPool(cidr(text));
}

function expectConsistent(p: SubnetIpPool): void {
  expect(p.checkInvariant()).toBeNull();
}

/** Allocate every free single IP; returns them in allocation order. */
function drainIps(p: SubnetIpPool): number[] {
  const out: number[] = [];
  // Bounded so a broken pool fails the test instead of looping forever.
  for (let i = 0; i <= p.size; i++) {
    const a = p.allocateIp();
    if (a === NO_ADDRESS) return out;
    out.push(a);
  }
  throw new Error(`allocateIp kept succeeding past the subnet size ${p.size}`);
}

describe('SubnetIpPool capacity', () => {
  it.each([
    // [cidr, usable IPs, free /28 prefixes]
    ['10.0.0.0/28', 11, 0],
    ['10.0.0.0/27', 27, 0],
    ['10.0.0.0/26', 59, 2],
    ['10.0.0.0/24', 251, 14],
    ['10.0.0.0/19', 8187, 510],
    ['10.0.0.0/16', 65531, 4094],
  ])('%s has %i usable addresses and %i free prefixes', (text, usable, prefixes) => {
    const p = pool(text);
    expect(p.size).toBe(cidr(text).size);
    expect(p.reservedCount).toBe(5);
    expect(p.allocatedCount).toBe(0);
    expect(p.freeCount).toBe(usable);
    expect(p.freePrefixCount).toBe(prefixes);
    expectConsistent(p);
  });

  it('rejects CIDRs AWS does not allow as subnets', () => {
    expect(() => pool('10.0.0.0/29')).toThrow(/too small/);
    expect(() => pool('10.0.0.0/15')).toThrow(/too large/);
  });
});

describe('SubnetIpPool single IPs', () => {
  it('never hands out the 5 AWS-reserved addresses, and hands out every other one once', () => {
    const p = pool('10.0.0.0/24');
    const got = drainIps(p);
    expect(got).toHaveLength(251);
    expect(new Set(got).size).toBe(251);
    for (const reserved of ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.255']) {
      expect(got).not.toContain(ip(reserved));
    }
    expect(p.freeCount).toBe(0);
    expect(p.allocatedCount).toBe(251);
    expect(p.allocateIp()).toBe(NO_ADDRESS);
    expect(p.allocatePrefix()).toBe(NO_ADDRESS);
    expectConsistent(p);
  });

  it('allocates the lowest free address first', () => {
    const p = pool('10.1.2.0/24');
    expect(formatIp(p.allocateIp())).toBe('10.1.2.4');
    expect(formatIp(p.allocateIp())).toBe('10.1.2.5');
    const six = p.allocateIp();
    expect(formatIp(six)).toBe('10.1.2.6');
    p.releaseIp(ip('10.1.2.5'));
    expect(formatIp(p.allocateIp())).toBe('10.1.2.5');
    expect(formatIp(p.allocateIp())).toBe('10.1.2.7');
    expectConsistent(p);
  });

  it('spilling into a fully free /28 removes it from the prefix count', () => {
    const p = pool('10.0.0.0/24');
    for (let i = 0; i < 12; i++) p.allocateIp(); // .4 .. .15 fill the first block
    expect(p.freePrefixCount).toBe(14);
    expect(formatIp(p.allocateIp())).toBe('10.0.0.16');
    expect(p.freePrefixCount).toBe(13);
    expectConsistent(p);
  });

  it('works for subnets whose addresses are above 2^31', () => {
    const p = pool('192.168.255.240/28');
    const got = drainIps(p).map(formatIp);
    expect(got).toEqual([
      '192.168.255.244', '192.168.255.245', '192.168.255.246', '192.168.255.247', '192.168.255.248',
      '192.168.255.249', '192.168.255.250', '192.168.255.251', '192.168.255.252', '192.168.255.253',
      '192.168.255.254',
    ]);
    p.releaseIp(ip('192.168.255.254'));
    expect(p.freeCount).toBe(1);
    expectConsistent(p);
  });

  it('fills and empties a /16 completely', () => {
    const p = pool('10.20.0.0/16');
    const got = drainIps(p);
    expect(got).toHaveLength(65531);
    expectConsistent(p);
    for (const a of got) p.releaseIp(a);
    expect(p.freeCount).toBe(65531);
    expect(p.freePrefixCount).toBe(4094);
    expectConsistent(p);
  });
});

describe('SubnetIpPool prefixes', () => {
  it('allocates the lowest aligned fully free /28, skipping the blocks with reserved addresses', () => {
    const p = pool('10.0.0.0/24');
    expect(formatIp(p.allocatePrefix())).toBe('10.0.0.16');
    expect(formatIp(p.allocatePrefix())).toBe('10.0.0.32');
    expect(p.allocatedCount).toBe(32);
    expect(p.allocatedPrefixCount).toBe(2);
    expect(p.freeCount).toBe(251 - 32);
    expect(p.freePrefixCount).toBe(12);
    expectConsistent(p);
  });

  it('/24 yields exactly 14 prefixes, the remaining 27 addresses still serve single IPs', () => {
    const p = pool('10.0.0.0/24');
    const bases: number[] = [];
    for (;;) {
      const b = p.allocatePrefix();
      if (b === NO_ADDRESS) break;
      bases.push(b);
    }
    expect(bases.map(formatIp)).toEqual(Array.from({ length: 14 }, (_, i) => `10.0.0.${16 * (i + 1)}`));
    expect(p.freeCount).toBe(251 - 14 * 16);
    const singles = drainIps(p).map(formatIp);
    expect(singles).toHaveLength(27);
    expect(singles[0]).toBe('10.0.0.4');
    expect(singles[singles.length - 1]).toBe('10.0.0.254');
    expectConsistent(p);
  });

  it('single IPs do not land inside an allocated prefix', () => {
    const p = pool('10.0.0.0/26');
    const prefix = p.allocatePrefix();
    expect(formatIp(prefix)).toBe('10.0.0.16');
    const got = drainIps(p);
    for (const a of got) expect(a >= prefix && a < prefix + 16).toBe(false);
    expect(got).toHaveLength(59 - 16);
    expectConsistent(p);
  });

  it('fragmentation: free addresses remain but no /28 can be allocated (InsufficientCidrBlocks)', () => {
    const p = pool('10.0.0.0/24');
    const all = drainIps(p);
    // Keep one address in each of the 14 blocks that could otherwise be prefixes.
    const keep = new Set(Array.from({ length: 14 }, (_, i) => ip(`10.0.0.${16 * (i + 1) + 8}`)));
    for (const a of all) if (!keep.has(a)) p.releaseIp(a);
    expect(p.freeCount).toBe(251 - 14);
    expect(p.freePrefixCount).toBe(0);
    expect(p.allocatePrefix()).toBe(NO_ADDRESS);
    expectConsistent(p);

    // Releasing the one address that pins block 10.0.0.48/28 makes that block allocatable.
    p.releaseIp(ip('10.0.0.56'));
    expect(p.freePrefixCount).toBe(1);
    expect(formatIp(p.allocatePrefix())).toBe('10.0.0.48');
    expectConsistent(p);
  });

  it('release and reallocate returns the same prefix', () => {
    const p = pool('10.0.0.0/24');
    const a = p.allocatePrefix();
    const b = p.allocatePrefix();
    p.releasePrefix(a);
    expect(p.freePrefixCount).toBe(13);
    expect(p.allocatePrefix()).toBe(a);
    p.releasePrefix(b);
    p.releasePrefix(a);
    expect(p.allocatedCount).toBe(0);
    expect(p.freePrefixCount).toBe(14);
    expectConsistent(p);
  });
});

describe('SubnetIpPool misuse throws', () => {
  it('double releaseIp', () => {
    const p = pool('10.0.0.0/24');
    const a = p.allocateIp();
    p.releaseIp(a);
    expect(() => p.releaseIp(a)).toThrow(/10\.0\.0\.4 is not allocated/);
    expectConsistent(p);
  });

  it('releaseIp of a never-allocated, reserved, outside or non-integer address', () => {
    const p = pool('10.0.0.0/24');
    expect(() => p.releaseIp(ip('10.0.0.100'))).toThrow(/not allocated/);
    for (const reserved of ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      expect(() => p.releaseIp(ip(reserved))).toThrow(/reserved by AWS/);
    }
    expect(() => p.releaseIp(ip('10.0.0.255'))).toThrow(/reserved by AWS/);
    expect(() => p.releaseIp(ip('10.0.1.4'))).toThrow(/outside subnet 10\.0\.0\.0\/24/);
    expect(() => p.releaseIp(NO_ADDRESS)).toThrow(/outside subnet/);
    expect(() => p.releaseIp(1.5)).toThrow(/not an IPv4 address/);
    expectConsistent(p);
  });

  it('releaseIp of an address inside an allocated prefix', () => {
    const p = pool('10.0.0.0/24');
    const base = p.allocatePrefix();
    expect(() => p.releaseIp(base + 3)).toThrow(/belongs to the allocated prefix 10\.0\.0\.16\/28/);
    expectConsistent(p);
  });

  it('releasePrefix that was not allocated as a prefix', () => {
    const p = pool('10.0.0.0/24');
    expect(() => p.releasePrefix(ip('10.0.0.16'))).toThrow(/not an allocated prefix/);
    expect(() => p.releasePrefix(ip('10.0.0.20'))).toThrow(/not the base of a \/28/);
    expect(() => p.releasePrefix(ip('10.0.1.0'))).toThrow(/outside subnet/);
    // A block filled by 16 single IPs looks full but is not a prefix.
    for (let i = 0; i < 12 + 16; i++) p.allocateIp();
    expect(p.isFree(ip('10.0.0.31'))).toBe(false);
    expect(() => p.releasePrefix(ip('10.0.0.16'))).toThrow(/not an allocated prefix/);
    const base = p.allocatePrefix();
    p.releasePrefix(base);
    expect(() => p.releasePrefix(base)).toThrow(/double release/);
    expectConsistent(p);
  });
});

// ---------------------------------------------------------------------------------------------
// Property test against a naive reference: one state byte per address, linear scans.

const FREE = 0;
const RESERVED = 1;
const SINGLE = 2;
const PREFIX = 3;

class NaivePool {
  readonly state: Uint8Array;
  constructor(readonly base: number, readonly size: number) {
    this.state = new Uint8Array(size);
    for (const o of [0, 1, 2, 3, size - 1]) this.state[o] = RESERVED;
  }
  freeCount(): number {
    return this.state.reduce((n, s) => n + (s === FREE ? 1 : 0), 0);
  }
  lowestFree(): number {
    const o = this.state.indexOf(FREE);
    return o < 0 ? NO_ADDRESS : this.base + o;
  }
  fullyFreeBlocks(): number[] {
    const out: number[] = [];
    for (let b = 0; b < this.size; b += 16) {
      if (this.state.subarray(b, b + 16).every((s) => s === FREE)) out.push(this.base + b);
    }
    return out;
  }
  mark(addr: number, count: number, s: number): void {
    this.state.fill(s, addr - this.base, addr - this.base + count);
  }
}

type Op =
  | { kind: 'allocIp'; times: number }
  | { kind: 'releaseIp'; pick: number }
  | { kind: 'allocPrefix' }
  | { kind: 'releasePrefix'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('allocIp' as const), times: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('releaseIp' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('allocPrefix' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('releasePrefix' as const), pick: fc.nat() }) },
);

describe('SubnetIpPool property: matches a naive reference under random operation sequences', () => {
  it('holds invariants, never double-allocates, and fails prefixes only when none is free', () => {
    // Counts prefix failures while single IPs were still free, to show the runs reach fragmentation.
    let fragmentedFailures = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 28 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(opArb, { maxLength: 250 }),
        (prefixLength, anyAddr, ops) => {
          const size = 2 ** (32 - prefixLength);
          const base = anyAddr - (anyAddr % size);
          const p = new SubnetIpPool({ base, prefixLength, size });
          const ref = new NaivePool(base, size);
          const heldIps: number[] = [];
          const heldPrefixes: number[] = [];
          const handedOut = new Set<number>(); // every address currently held, singles and prefix members

          const check = (): void => {
            expect(p.checkInvariant()).toBeNull();
            expect(p.freeCount).toBe(ref.freeCount());
            expect(p.allocatedCount).toBe(handedOut.size);
            expect(p.freePrefixCount).toBe(ref.fullyFreeBlocks().length);
          };

          for (const op of ops) {
            switch (op.kind) {
              case 'allocIp':
                for (let i = 0; i < op.times; i++) {
                  const expected = ref.lowestFree();
                  const a = p.allocateIp();
                  expect(a).toBe(expected);
                  if (a === NO_ADDRESS) break;
                  expect(handedOut.has(a)).toBe(false);
                  handedOut.add(a);
                  heldIps.push(a);
                  ref.mark(a, 1, SINGLE);
                }
                break;
              case 'releaseIp': {
                if (heldIps.length === 0) break;
                const i = op.pick % heldIps.length;
                const a = heldIps[i]!;
                heldIps[i] = heldIps[heldIps.length - 1]!;
                heldIps.pop();
                p.releaseIp(a);
                expect(() => p.releaseIp(a)).toThrow();
                handedOut.delete(a);
                ref.mark(a, 1, FREE);
                break;
              }
              case 'allocPrefix': {
                const candidates = ref.fullyFreeBlocks();
                const b = p.allocatePrefix();
                // Fails exactly when the reference has no aligned fully free block.
                expect(b).toBe(candidates.length === 0 ? NO_ADDRESS : candidates[0]);
                if (b === NO_ADDRESS) {
                  if (p.freeCount > 0) fragmentedFailures++;
                  break;
                }
                expect(b % 16).toBe(0);
                for (let k = 0; k < 16; k++) {
                  expect(handedOut.has(b + k)).toBe(false);
                  handedOut.add(b + k);
                }
                heldPrefixes.push(b);
                ref.mark(b, 16, PREFIX);
                break;
              }
              case 'releasePrefix': {
                if (heldPrefixes.length === 0) break;
                const i = op.pick % heldPrefixes.length;
                const b = heldPrefixes[i]!;
                heldPrefixes[i] = heldPrefixes[heldPrefixes.length - 1]!;
                heldPrefixes.pop();
                p.releasePrefix(b);
                expect(() => p.releasePrefix(b)).toThrow();
                for (let k = 0; k < 16; k++) handedOut.delete(b + k);
                ref.mark(b, 16, FREE);
                break;
              }
            }
            check();
          }
          // No held address is reserved, and the reference agrees on every address's state.
          for (let o = 0; o < size; o++) expect(p.isFree(base + o)).toBe(ref.state[o] === FREE);
        },
      ),
      { numRuns: 150 },
    );
    expect(fragmentedFailures).toBeGreaterThan(0);
  });
});
