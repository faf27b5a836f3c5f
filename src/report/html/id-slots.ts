import { countedIdNumber } from '../../model/counted-id.js';

/**
 * A positive integer per id, for the ids the simulator makes by counting (`t-000042` for tasks:
 * ClusterState's nextTaskId; `i-000007` for instances: nextHostId; src/model/counted-id.ts), of
 * which a large run has hundreds of thousands: an id of that form indexes a typed array by its number
 * (below 2^24), so setting and taking
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
    const k = countedIdNumber(id, this.prefix);
    if (k < 0) return this.other.get(id) ?? 0;
    return k < this.byNumber.length ? this.byNumber[k]! : 0;
  }

  /** Gives the id `value` (> 0), or none (0). */
  set(id: string, value: number): void {
    const k = countedIdNumber(id, this.prefix);
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
    const k = countedIdNumber(id, this.prefix);
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
