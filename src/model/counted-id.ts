/**
 * The ids the simulator makes by counting (ClusterState: `t-000042` for tasks, `i-000007` for
 * instances, `eni-000003` for ENIs): the prefix, `-`, then the number zero-padded to six digits
 * (more digits once it passes 999,999). Code that indexes arrays by these numbers (the placement
 * engine's host lookup, the report's IdSlots) reads them back with `countedIdNumber`.
 */
export function countedId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

/** Numbers from this on are not read back (a typed array indexed by them would waste memory). */
export const MAX_COUNTED_ID_NUMBER = 1 << 24;

/**
 * The number of an id `countedId` made with the one-letter prefix whose character code is
 * `prefix` (`t-000042` -> 42, `t-1234567` -> 1234567), or -1 for any other string, so that two
 * different ids never share a number: exactly six digits, or more without a leading zero, and
 * below MAX_COUNTED_ID_NUMBER.
 */
export function countedIdNumber(id: string, prefix: number): number {
  const len = id.length;
  // More than six digits: no leading zero (`t-0000042` is not an id the simulator makes).
  if (len < 8 || len > 10 || id.charCodeAt(0) !== prefix || id.charCodeAt(1) !== 45 /* - */ || (len > 8 && id.charCodeAt(2) === 48) /* 0 */) return -1;
  let k = 0;
  for (let i = 2; i < len; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    k = k * 10 + d;
  }
  return k < MAX_COUNTED_ID_NUMBER ? k : -1;
}
