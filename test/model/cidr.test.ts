import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cidr } from '../../src/model/network/cidr.js';
import {
  cidrContains,
  cidrsOverlap,
  formatCidr,
  formatIp,
  parseCidr,
  validateSubnetCidr,
} from '../../src/model/network/cidr.js';

function cidr(text: string): Cidr {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.message);
  return r.cidr;
}

function parseError(text: string): string {
  const r = parseCidr(text);
  if (r.ok) throw new Error(`expected '${text}' to be rejected`);
  return r.message;
}

describe('parseCidr', () => {
  it('parses a /24', () => {
    expect(cidr('10.0.0.0/24')).toEqual({ base: 10 * 2 ** 24, prefixLength: 24, size: 256 });
  });

  it('handles the extremes /0 and /32 and high (unsigned) addresses', () => {
    expect(cidr('0.0.0.0/0')).toEqual({ base: 0, prefixLength: 0, size: 2 ** 32 });
    expect(cidr('255.255.255.255/32')).toEqual({ base: 2 ** 32 - 1, prefixLength: 32, size: 1 });
    expect(cidr('192.168.0.0/16').base).toBe(0xc0a80000);
  });

  it('ignores surrounding whitespace', () => {
    expect(cidr('  172.16.0.0/12 ')).toEqual(cidr('172.16.0.0/12'));
  });

  it('rejects host bits with a suggestion', () => {
    expect(parseError('10.0.0.1/24')).toBe('10.0.0.1/24 has host bits set; did you mean 10.0.0.0/24?');
    expect(parseError('100.68.0.18/18')).toBe('100.68.0.18/18 has host bits set; did you mean 100.68.0.0/18?');
  });

  it.each([
    ['', /empty/],
    ['10.0.0.0', /missing a prefix length/],
    ['10.0.0/24', /4 dot-separated octets, found 3/],
    ['10.0.0.0.0/24', /found 5/],
    ['10.0.0.256/24', /256 is greater than 255/],
    ['10.0.0.-1/24', /'-1' is not a number/],
    ['a.b.c.d/8', /'a' is not a number/],
    ['010.0.0.0/8', /leading zero/],
    ['10.0.0.0/33', /prefix length '33'/],
    ['10.0.0.0/', /prefix length ''/],
    ['10.0.0.0/24/1', /prefix length '24\/1'/],
    ['10.0.0.0/x', /prefix length 'x'/],
  ])('rejects %j', (text, pattern) => {
    expect(parseError(text)).toMatch(pattern);
  });
});

describe('formatIp / formatCidr', () => {
  it('formats addresses, including those above 2^31', () => {
    expect(formatIp(0)).toBe('0.0.0.0');
    expect(formatIp(0x0a000004)).toBe('10.0.0.4');
    expect(formatIp(0xffffffff)).toBe('255.255.255.255');
    expect(formatIp(0xc0a80101)).toBe('192.168.1.1');
  });

  it('throws on non-addresses such as the NO_ADDRESS sentinel', () => {
    expect(() => formatIp(-1)).toThrow(RangeError);
    expect(() => formatIp(2 ** 32)).toThrow(RangeError);
    expect(() => formatIp(1.5)).toThrow(RangeError);
  });

  it('round-trips every aligned block through formatCidr and parseCidr', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }), (addr, prefixLength) => {
        const size = 2 ** (32 - prefixLength);
        const base = addr - (addr % size);
        const c: Cidr = { base, prefixLength, size };
        expect(cidr(formatCidr(c))).toEqual(c);
      }),
    );
  });
});

describe('cidrContains / cidrsOverlap', () => {
  const vpc = cidr('10.0.0.0/16');
  it('contains its subnets and itself, not its neighbours', () => {
    expect(cidrContains(vpc, cidr('10.0.32.0/19'))).toBe(true);
    expect(cidrContains(vpc, cidr('10.0.255.240/28'))).toBe(true);
    expect(cidrContains(vpc, vpc)).toBe(true);
    expect(cidrContains(vpc, cidr('10.1.0.0/24'))).toBe(false);
    expect(cidrContains(cidr('10.0.0.0/24'), vpc)).toBe(false);
  });

  it('detects overlap, including adjacency as non-overlap', () => {
    expect(cidrsOverlap(cidr('10.0.0.0/24'), cidr('10.0.0.128/25'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/25'), cidr('10.0.0.128/25'))).toBe(false);
    expect(cidrsOverlap(cidr('10.0.0.0/16'), cidr('10.0.255.0/24'))).toBe(true);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('255.255.255.255/32'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/8'), cidr('11.0.0.0/8'))).toBe(false);
  });
});

describe('validateSubnetCidr', () => {
  it('accepts /16 through /28', () => {
    for (let n = 16; n <= 28; n++) expect(validateSubnetCidr(cidr(`10.0.0.0/${n}`))).toBeNull();
  });

  it('rejects larger than /16 and smaller than /28, saying what AWS allows', () => {
    expect(validateSubnetCidr(cidr('10.0.0.0/15'))).toMatch(/10\.0\.0\.0\/15 is too large .*\/16 .* to \/28/);
    expect(validateSubnetCidr(cidr('10.0.0.0/29'))).toMatch(/10\.0\.0\.0\/29 is too small .*\/16 .* to \/28/);
  });

  it('rejects inconsistent hand-built values', () => {
    expect(validateSubnetCidr({ base: 1, prefixLength: 24, size: 256 })).toMatch(/aligned/);
    expect(validateSubnetCidr({ base: 0, prefixLength: 24, size: 128 })).toMatch(/size 128/);
    expect(validateSubnetCidr({ base: 0, prefixLength: 24.5, size: 256 })).toMatch(/prefix length/);
  });
});
