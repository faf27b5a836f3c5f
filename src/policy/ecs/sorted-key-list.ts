/**
 * A sorted multiset of non-negative numbers kept in blocks of a few hundred (the "sorted list"
 * of Python's sortedcontainers): insert and delete cost a binary search plus a short array
 * splice, and iteration from a lower bound walks contiguous arrays. The placement engine keeps
 * hosts ordered by (remaining resource, host index) in one, each pair packed into one number by
 * {@link packKey}, with the other resource as each key's companion value so a scan can skip
 * hosts (and whole blocks) that lack it.
 *
 * One cursor per list: `seek` then `next` until it returns -1. Any insert or delete invalidates
 * the cursor; the engine never mutates a list while scanning it (updates arrive between
 * placements, from trace records).
 */
export class SortedKeyList {
  private readonly blocks: number[][] = [];
  /** Per block, each key's companion value (same order as its keys). */
  private readonly auxes: number[][] = [];
  /** The last (largest) key of each block. */
  private readonly maxes: number[] = [];
  /** The largest companion value of each block, so a scan can skip blocks that cannot qualify. */
  private readonly auxMaxes: number[] = [];
  private count = 0;
  private cursorBlock = 0;
  private cursorIndex = 0;

  get size(): number {
    return this.count;
  }

  /** Inserts `key` with a companion value `aux` (e.g. the other resource a scan filters on). */
  insert(key: number, aux = 0): void {
    this.count++;
    if (this.blocks.length === 0) {
      this.blocks.push([key]);
      this.auxes.push([aux]);
      this.maxes.push(key);
      this.auxMaxes.push(aux);
      return;
    }
    let b = this.blockFor(key);
    if (b === this.blocks.length) b--;
    const block = this.blocks[b]!;
    const auxes = this.auxes[b]!;
    const i = lowerBound(block, key);
    block.splice(i, 0, key);
    auxes.splice(i, 0, aux);
    this.maxes[b] = block[block.length - 1]!;
    if (aux > this.auxMaxes[b]!) this.auxMaxes[b] = aux;
    if (block.length > 2 * BLOCK_LOAD) {
      const right = block.splice(BLOCK_LOAD);
      const rightAux = auxes.splice(BLOCK_LOAD);
      this.blocks.splice(b + 1, 0, right);
      this.auxes.splice(b + 1, 0, rightAux);
      this.maxes.splice(b, 1, block[block.length - 1]!, right[right.length - 1]!);
      this.auxMaxes.splice(b, 1, maxOf(auxes), maxOf(rightAux));
    }
  }

  /** Removes one occurrence of `key`; false when absent. */
  delete(key: number): boolean {
    const b = this.blockFor(key);
    if (b === this.blocks.length) return false;
    const block = this.blocks[b]!;
    const i = lowerBound(block, key);
    if (block[i] !== key) return false;
    const auxes = this.auxes[b]!;
    const aux = auxes[i]!;
    block.splice(i, 1);
    auxes.splice(i, 1);
    this.count--;
    if (block.length === 0) {
      this.blocks.splice(b, 1);
      this.auxes.splice(b, 1);
      this.maxes.splice(b, 1);
      this.auxMaxes.splice(b, 1);
    } else {
      this.maxes[b] = block[block.length - 1]!;
      if (aux === this.auxMaxes[b]) this.auxMaxes[b] = maxOf(auxes);
    }
    return true;
  }

  /** Positions the cursor on the first key >= `key`. */
  seek(key: number): void {
    const b = this.blockFor(key);
    this.cursorBlock = b;
    this.cursorIndex = b < this.blocks.length ? lowerBound(this.blocks[b]!, key) : 0;
  }

  /**
   * The next key under the cursor whose companion value is at least `minAux`, advancing past
   * it; -1 past the end. Blocks whose largest companion value is below `minAux` are skipped
   * whole.
   */
  next(minAux = Number.NEGATIVE_INFINITY): number {
    const blocks = this.blocks;
    while (this.cursorBlock < blocks.length) {
      const b = this.cursorBlock;
      if (this.auxMaxes[b]! >= minAux) {
        const block = blocks[b]!;
        const auxes = this.auxes[b]!;
        while (this.cursorIndex < block.length) {
          const i = this.cursorIndex++;
          if (auxes[i]! >= minAux) return block[i]!;
        }
      }
      this.cursorBlock++;
      this.cursorIndex = 0;
    }
    return -1;
  }

  /** Every key in order (for tests and debugging; allocates). */
  toArray(): number[] {
    return this.blocks.flat();
  }

  /** Every companion value, in key order (for tests; allocates). */
  auxArray(): number[] {
    return this.auxes.flat();
  }

  /** The first block whose largest key is >= key (blocks.length when none). */
  private blockFor(key: number): number {
    const maxes = this.maxes;
    let lo = 0;
    let hi = maxes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (maxes[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function maxOf(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/** Blocks split when they reach twice this many keys. */
const BLOCK_LOAD = 256;

function lowerBound(block: readonly number[], key: number): number {
  let lo = 0;
  let hi = block.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (block[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Host indexes packed into a key must be below this (4,194,304 hosts per run). */
export const MAX_PACKED_INDEX = 2 ** 22;

/** Keys packed with an index must be below this (2^31: every CPU share and MiB figure fits). */
export const MAX_PACKED_VALUE = 2 ** 31;

/** (value, index) as one number that sorts like the pair; exact because the product stays below 2^53. */
export function packKey(value: number, index: number): number {
  return value * MAX_PACKED_INDEX + index;
}

export function packedValue(key: number): number {
  return Math.floor(key / MAX_PACKED_INDEX);
}

export function packedIndex(key: number): number {
  return key % MAX_PACKED_INDEX;
}
