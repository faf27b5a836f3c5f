/**
 * A segment tree over the hosts of one cell, by position (positions follow host index order).
 * Each node keeps the largest remaining CPU and memory below it and how many of its leaves are
 * candidates (ACTIVE hosts the partition admits), so a search skips whole subtrees that cannot
 * fit a request. Optional count trees, one per task group, share its shape and keep the
 * smallest group count below each node, for spread on instanceId and distinctInstance.
 *
 * Pruning on the two maxima is not exact (they may come from different hosts), so searches
 * confirm each leaf with a full test; the searches visit leaves in position order and stop as
 * soon as they can.
 */
export class HostTree {
  /** Leaves: a power of two. */
  size = 1;
  /**
   * Node i's largest free CPU, largest free memory and candidate count at [4i, 4i+1, 4i+2]:
   * one array, so a node is one cache line access and a sibling pair shares a line (a leaf to
   * root walk touches one line per level instead of three).
   */
  private data: Float64Array = emptyNodes(1);
  /** Task group -> min-count tree of the same shape. */
  readonly counts = new Map<string, Int32Array>();

  /** Leaves in use (positions handed out); the rest are padding. */
  used = 0;

  /** Makes room for `positions` leaves (doubling), keeping every value; marks them in use. */
  ensure(positions: number): void {
    if (positions > this.used) this.used = positions;
    if (positions <= this.size) return;
    let size = this.size;
    while (size < positions) size *= 2;
    const data = emptyNodes(size);
    data.set(this.data.subarray(4 * this.size, 8 * this.size), 4 * size);
    for (let node = size - 1; node >= 1; node--) pull(data, node);
    for (const [group, old] of this.counts) {
      const counts = new Int32Array(2 * size).fill(NO_COUNT);
      counts.set(old.subarray(this.size, 2 * this.size), size);
      for (let node = size - 1; node >= 1; node--) counts[node] = Math.min(counts[2 * node]!, counts[2 * node + 1]!);
      this.counts.set(group, counts);
    }
    this.size = size;
    this.data = data;
  }

  /** Sets a leaf: a candidate with its remaining resources, or not a candidate (`active` false). */
  setLeaf(pos: number, active: boolean, freeCpu: number, freeMem: number): void {
    const data = this.data;
    let node = this.size + pos;
    data[4 * node] = active ? freeCpu : -1;
    data[4 * node + 1] = active ? freeMem : -1;
    data[4 * node + 2] = active ? 1 : 0;
    node >>= 1;
    // Ancestors above a node whose aggregates did not change cannot change either.
    while (node >= 1 && pull(data, node)) node >>= 1;
  }

  isActive(pos: number): boolean {
    return this.data[4 * (this.size + pos) + 2] === 1;
  }

  /** The free CPU and memory a candidate leaf holds (-1 for others); for consistency checks. */
  leafCpu(pos: number): number {
    return this.data[4 * (this.size + pos)]!;
  }

  leafMem(pos: number): number {
    return this.data[4 * (this.size + pos) + 1]!;
  }

  /** Candidates in the cell. */
  get activeCount(): number {
    return this.data[4 + 2]!;
  }

  /** Adds a count tree for a task group (all leaves NO_COUNT until set). */
  addCounts(group: string): Int32Array {
    const counts = new Int32Array(2 * this.size).fill(NO_COUNT);
    this.counts.set(group, counts);
    return counts;
  }

  /** Sets a count leaf; NO_COUNT for hosts that are not candidates. */
  setCount(counts: Int32Array, pos: number, value: number): void {
    let node = this.size + pos;
    counts[node] = value;
    node >>= 1;
    while (node >= 1) {
      const l = 2 * node;
      const min = counts[l]! < counts[l + 1]! ? counts[l]! : counts[l + 1]!;
      if (counts[node] === min) break;
      counts[node] = min;
      node >>= 1;
    }
  }

  /**
   * The first position whose leaf is a candidate with at least `cpu` and `mem` left, a count
   * (when `counts` is given) of at most `maxCount`, and that `test` accepts; -1 when none.
   */
  first(cpu: number, mem: number, counts: Int32Array | null, maxCount: number, test: LeafTest): number {
    const size = this.size;
    const d = this.data;
    let node = 1;
    for (;;) {
      if (d[4 * node]! >= cpu && d[4 * node + 1]! >= mem && (counts === null || counts[node]! <= maxCount)) {
        if (node < size) {
          node <<= 1;
          continue;
        }
        if (test.accept(node - size)) return node - size;
      }
      while ((node & 1) === 1) node >>= 1;
      if (node === 0) return -1;
      node++;
    }
  }

  /**
   * Branch and bound for the candidate with the smallest count that fits and that `test`
   * accepts, the lowest position among equals; -1 when none. Its count is in `foundCount`.
   */
  minCount(cpu: number, mem: number, counts: Int32Array, test: LeafTest): number {
    const size = this.size;
    const d = this.data;
    const floor = counts[1]!;
    let best = -1;
    let bestCount = NO_COUNT;
    let node = 1;
    for (;;) {
      if (d[4 * node]! >= cpu && d[4 * node + 1]! >= mem && counts[node]! < bestCount) {
        if (node < size) {
          node <<= 1;
          continue;
        }
        if (test.accept(node - size)) {
          best = node - size;
          bestCount = counts[node]!;
          // Nothing can beat the cell's smallest count.
          if (bestCount <= floor) break;
        }
      }
      while ((node & 1) === 1) node >>= 1;
      if (node === 0) break;
      node++;
    }
    this.foundCount = bestCount;
    return best;
  }

  /** The count of the last {@link minCount} result. */
  foundCount = NO_COUNT;

  /** Appends every position `first` would accept, in order, to `out`. */
  collect(cpu: number, mem: number, counts: Int32Array | null, maxCount: number, test: LeafTest, out: number[]): void {
    const size = this.size;
    const d = this.data;
    let node = 1;
    for (;;) {
      if (d[4 * node]! >= cpu && d[4 * node + 1]! >= mem && (counts === null || counts[node]! <= maxCount)) {
        if (node < size) {
          node <<= 1;
          continue;
        }
        if (test.accept(node - size)) out.push(node - size);
      }
      while ((node & 1) === 1) node >>= 1;
      if (node === 0) return;
      node++;
    }
  }

  /** The position of the j-th candidate (0-based, in position order); j < activeCount. */
  nthActive(j: number): number {
    const d = this.data;
    // Usually every leaf in use is a candidate: then the j-th candidate is leaf j.
    if (d[6] === this.used) return j;
    let node = 1;
    while (node < this.size) {
      const left = d[8 * node + 2]!;
      if (j < left) node = 2 * node;
      else {
        j -= left;
        node = 2 * node + 1;
      }
    }
    return node - this.size;
  }
}

/** A leaf check the searches call on positions that pass the pruning. */
export interface LeafTest {
  accept(pos: number): boolean;
}

function emptyNodes(size: number): Float64Array {
  const data = new Float64Array(8 * size);
  for (let i = 0; i < 2 * size; i++) {
    data[4 * i] = -1;
    data[4 * i + 1] = -1;
  }
  return data;
}

/** Recomputes an inner node from its two children; false when nothing changed. */
function pull(d: Float64Array, node: number): boolean {
  const l = 8 * node;
  const r = l + 4;
  const at = 4 * node;
  const cpu = d[l]! > d[r]! ? d[l]! : d[r]!;
  const mem = d[l + 1]! > d[r + 1]! ? d[l + 1]! : d[r + 1]!;
  const active = d[l + 2]! + d[r + 2]!;
  if (d[at] === cpu && d[at + 1] === mem && d[at + 2] === active) return false;
  d[at] = cpu;
  d[at + 1] = mem;
  d[at + 2] = active;
  return true;
}

/** Count of a leaf that is not a candidate: larger than any real count. */
export const NO_COUNT = 0x3fffffff;
