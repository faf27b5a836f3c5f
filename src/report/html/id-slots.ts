/** Numbers from this on go to the map (a typed array that large would waste memory). */
const MAX_NUMBER = 1 << 24;

/**
 * A positive integer per id, for the ids the simulator makes by counting (`t-000042` for tasks:
 * ClusterState's nextTaskId; `i-000007` for instances: nextHostId), of which a large run has
 * hundreds of thousands: an id of that form (the prefix letter, `-`, the number in at least six
 * digits, zero-padded to six only) indexes a typed array by its number, so setting and taking
 * cost no hashing, no map entry and no garbage. Any other id (a hand-made trace) goes to a map,
 * with the same results.
 */
export class IdSlots {
  /** By number: the id's value, 0 for none. */
  private byNumber = new Int32Array(1024);
  private readonly other = new Map<string, number>();
  /** The ids' letter, as a character code. */
  private readonly prefix: number;

  /** `prefix`: the ids' letter, e.g. `t` for task ids. */
  constructor(prefix: string) {
    if (prefix.length !== 1) throw new Error(`IdSlots: prefix "${prefix}" is not one letter`);
    this.prefix = prefix.charCodeAt(0);
  }

  /** The id's value, 0 when it has none. */
  get(id: string): number {
    const k = idNumber(id, this.prefix);
    if (k < 0) return this.other.get(id) ?? 0;
    return k < this.byNumber.length ? this.byNumber[k]! : 0;
  }

  /** Gives the id `value` (> 0), or none (0). */
  set(id: string, value: number): void {
    const k = idNumber(id, this.prefix);
    if (k < 0) {
      if (value === 0) this.other.delete(id);
      else this.other.set(id, value);
      return;
    }
    if (k >= this.byNumber.length) {
      if (value === 0) return;
      this.grow(k);
    }
    this.byNumber[k] = value;
  }

  /** The id's value, removed; 0 when it has none. */
  take(id: string): number {
    const k = idNumber(id, this.prefix);
    if (k < 0) {
      const v = this.other.get(id);
      if (v === undefined) return 0;
      this.other.delete(id);
      return v;
    }
    if (k >= this.byNumber.length) return 0;
    const v = this.byNumber[k]!;
    this.byNumber[k] = 0;
    return v;
  }

  private grow(k: number): void {
    let n = this.byNumber.length * 2;
    while (n <= k) n *= 2;
    const bigger = new Int32Array(n);
    bigger.set(this.byNumber);
    this.byNumber = bigger;
  }
}

/**
 * The number of an id in the simulator's counted form (`prefix`, `-`, then the number in at
 * least six digits, zero-padded to six only: `t-000042`, `t-1234567`), or -1 for any other
 * string, so that two different ids never share a number.
 */
export function idNumber(id: string, prefix: number): number {
  const len = id.length;
  // More than six digits: no leading zero (`t-0000042` is not an id the simulator makes).
  if (len < 8 || len > 10 || id.charCodeAt(0) !== prefix || id.charCodeAt(1) !== 45 /* - */ || (len > 8 && id.charCodeAt(2) === 48) /* 0 */) return -1;
  let k = 0;
  for (let i = 2; i < len; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    k = k * 10 + d;
  }
  return k < MAX_NUMBER ? k : -1;
}
