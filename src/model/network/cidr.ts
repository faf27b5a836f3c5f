/**
 * IPv4 addresses and CIDR blocks as plain numbers.
 *
 * Pure and allocation-light: an address is a uint32 held in a JS number (0 .. 2^32-1), never a
 * signed int32, so `10.0.0.0 < 200.0.0.0` compares the way people expect. Bitwise operators
 * return signed int32 in JS, so this module does address arithmetic with `+`, `-` and `%` and
 * uses `>>>` only where the result is immediately unsigned.
 *
 * Scenario loading parses CIDRs with `parseCidr` and reports its messages to the user; the
 * network model (subnet.ts) consumes the resulting `Cidr` values.
 */

/** An IPv4 CIDR block. `base` is the network address; `size` is 2^(32 - prefixLength). */
export interface Cidr {
  /** Network address as a uint32 (host bits are always zero). */
  readonly base: number;
  /** 0 .. 32. */
  readonly prefixLength: number;
  /** Number of addresses in the block, 2^(32 - prefixLength); 2^32 for /0. */
  readonly size: number;
}

export type ParseCidrResult = { ok: true; cidr: Cidr } | { ok: false; message: string };

/**
 * AWS limits on IPv4 subnet size. Source: Amazon VPC User Guide, "Subnet CIDR blocks"
 * (docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html): "The allowed IPv4 CIDR block
 * size for a subnet is between a /28 netmask and /16 netmask." The EC2 CreateSubnet API
 * reference says the same (/28 = 16 addresses, /16 = 65,536 addresses).
 */
export const LARGEST_SUBNET_PREFIX_LENGTH = 16;
export const SMALLEST_SUBNET_PREFIX_LENGTH = 28;

const TWO_POW_32 = 4294967296;
const MAX_ADDRESS = TWO_POW_32 - 1;

/** 2^(32 - prefixLength) without shifting (a shift by 32 is a no-op in JS). */
function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/**
 * Parse one dotted-quad octet. Leading zeros are rejected because some tools read `010` as
 * octal (8) and others as decimal (10); a scenario file should not depend on which.
 * Returns the value, or a message.
 */
function parseOctet(part: string, text: string): number | string {
  if (!/^\d{1,3}$/.test(part)) {
    return `'${text}' is not a valid IPv4 CIDR: '${part}' is not a number from 0 to 255`;
  }
  if (part.length > 1 && part.startsWith('0')) {
    return `'${text}' is not a valid IPv4 CIDR: octet '${part}' has a leading zero (ambiguous: octal or decimal?)`;
  }
  const value = Number(part);
  if (value > 255) {
    return `'${text}' is not a valid IPv4 CIDR: octet ${value} is greater than 255`;
  }
  return value;
}

/**
 * Parse `a.b.c.d/n`. Surrounding whitespace is ignored. Never throws: malformed input and
 * host bits set come back as `{ ok: false, message }` with a message fit to show a user.
 *
 * Host bits are an error rather than silently masked (the EC2 API canonicalises
 * `100.68.0.18/18` to `100.68.0.0/18`), because in a scenario file they are almost always a
 * typo and masking would hide it.
 */
export function parseCidr(text: string): ParseCidrResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'empty CIDR: expected an IPv4 block like 10.0.0.0/24' };
  const slash = trimmed.indexOf('/');
  if (slash < 0) {
    return {
      ok: false,
      message: `'${trimmed}' is missing a prefix length: expected an IPv4 block like 10.0.0.0/24`,
    };
  }
  const addrText = trimmed.slice(0, slash);
  const prefixText = trimmed.slice(slash + 1);
  const parts = addrText.split('.');
  if (parts.length !== 4) {
    return {
      ok: false,
      message: `'${trimmed}' is not a valid IPv4 CIDR: the address needs 4 dot-separated octets, found ${parts.length}`,
    };
  }
  let addr = 0;
  for (const part of parts) {
    const octet = parseOctet(part, trimmed);
    if (typeof octet === 'string') return { ok: false, message: octet };
    addr = addr * 256 + octet;
  }
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
    return {
      ok: false,
      message: `'${trimmed}' is not a valid IPv4 CIDR: prefix length '${prefixText}' must be a number from 0 to 32`,
    };
  }
  const prefixLength = Number(prefixText);
  const size = blockSize(prefixLength);
  // addr < 2^32 and size is a power of two, so `%` is exact in floating point.
  const hostPart = addr % size;
  if (hostPart !== 0) {
    const network = formatIp(addr - hostPart);
    return {
      ok: false,
      message: `${formatIp(addr)}/${prefixLength} has host bits set; did you mean ${network}/${prefixLength}?`,
    };
  }
  return { ok: true, cidr: { base: addr, prefixLength, size } };
}

/**
 * Dotted-quad text of a uint32 address. Throws RangeError for anything that is not an integer
 * in 0 .. 2^32-1 (e.g. the pool's NO_ADDRESS sentinel), because printing it would hide a bug.
 */
export function formatIp(addr: number): string {
  if (!Number.isInteger(addr) || addr < 0 || addr > MAX_ADDRESS) {
    throw new RangeError(`formatIp: ${addr} is not an IPv4 address (expected an integer 0 .. 4294967295)`);
  }
  return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

/** `a.b.c.d/n`; the inverse of `parseCidr` for well-formed blocks. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.base)}/${cidr.prefixLength}`;
}

/** True when every address of `inner` lies in `outer` (a block contains itself). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

/** True when the blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/**
 * Null when `cidr` is a size AWS accepts for an IPv4 subnet (/16 .. /28, see the constants
 * above), otherwise a message saying why. Also rejects a hand-built `Cidr` whose fields
 * disagree (size not 2^(32-n), host bits set), which `parseCidr` never produces.
 */
export function validateSubnetCidr(cidr: Cidr): string | null {
  const { prefixLength } = cidr;
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) {
    return `invalid CIDR: prefix length ${prefixLength} is not an integer from 0 to 32`;
  }
  if (cidr.size !== blockSize(prefixLength)) {
    return `invalid CIDR: size ${cidr.size} does not match prefix length /${prefixLength} (expected ${blockSize(prefixLength)})`;
  }
  if (!Number.isInteger(cidr.base) || cidr.base < 0 || cidr.base > MAX_ADDRESS || cidr.base % cidr.size !== 0) {
    return `invalid CIDR: base ${cidr.base} is not an address aligned to a /${prefixLength} boundary`;
  }
  const text = formatCidr(cidr);
  if (prefixLength < LARGEST_SUBNET_PREFIX_LENGTH) {
    return `${text} is too large for a subnet: AWS allows IPv4 subnets from /${LARGEST_SUBNET_PREFIX_LENGTH} (65,536 addresses) to /${SMALLEST_SUBNET_PREFIX_LENGTH} (16 addresses)`;
  }
  if (prefixLength > SMALLEST_SUBNET_PREFIX_LENGTH) {
    return `${text} is too small for a subnet: AWS allows IPv4 subnets from /${LARGEST_SUBNET_PREFIX_LENGTH} (65,536 addresses) to /${SMALLEST_SUBNET_PREFIX_LENGTH} (16 addresses)`;
  }
  return null;
}
