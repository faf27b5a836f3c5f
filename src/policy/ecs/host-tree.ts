import { CountTree, NO_COUNT } from './count-tree.js';

export { NO_COUNT } from './count-tree.js';

/**
 * A segment tree over the hosts of one cell, by position (positions follow host index order).
 * Each node keeps the largest remaining CPU and memory below it and how many of its leaves are
 * candidates (ACTIVE hosts the partition admits), so a search skips whole subtrees that cannot
 * fit a request. Optional count trees (count-tree.ts), one per task group, cover the same
 * positions and bound the smallest group count below each node, for spread on instanceId and
 * distinctInstance.
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
  /** Task group -> min-count tree over the same positions. */
  readonly counts = new Map<string, CountTree>();

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
    for (const counts of this.counts.values()) counts.grow(size);
    this.zeroCounts = undefined;
    this.size = size;
    this.data = data;
  }

  /** Sets a leaf: a candidate with its remaining resources, or not a candidate (`active` false). */
  setLeaf(pos: number, active: boolean, freeCpu: number, freeMem: number): void {
    const data = this.data;
    let node = this.size + pos;
    if ((data[4 * node + 2] === 1) !== active) this.zeroCounts = undefined;
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

  /**
   * Adds a count tree for a task group: 0 on every candidate, NO_COUNT elsewhere; the caller
   * then sets the group's non-zero counts. A copy of a cached zero tree, so a thousand groups
   * arriving on a large cell cost a memory copy each rather than a pass over every leaf.
   */
  addCounts(group: string): CountTree {
    if (this.zeroCounts === undefined) {
      this.zeroCounts = new CountTree(this.size);
      this.zeroCounts.fill((pos) => (this.isActive(pos) ? 0 : NO_COUNT));
    }
    const counts = this.zeroCounts.clone();
    this.counts.set(group, counts);
    return counts;
  }

  /** The zero count tree addCounts copies; dropped whenever a leaf's candidacy or the size changes. */
  private zeroCounts: CountTree | undefined;

  /** Sets a count leaf; NO_COUNT for hosts that are not candidates. */
  setCount(counts: CountTree, pos: number, value: number): void {
    counts.set(pos, value);
  }

  /**
   * The first position whose leaf is a candidate with at least `cpu` and `mem` left, a count
   * (when `counts` is given) of at most `maxCount`, and that `test` accepts; -1 when none.
   */
  first(cpu: number, mem: number, counts: CountTree | null, maxCount: number, test: LeafTest): number {
    const size = this.size;
    const d = this.data;
    let node = 1;
    for (;;) {
      if (d[4 * node]! >= cpu && d[4 * node + 1]! >= mem && (counts === null || counts.bound(node) <= maxCount)) {
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
  minCount(cpu: number, mem: number, counts: CountTree, test: LeafTest): number {
    const size = this.size;
    const d = this.data;
    const floor = counts.min;
    let best = -1;
    let bestCount = NO_COUNT;
    let node = 1;
    for (;;) {
      if (d[4 * node]! >= cpu && d[4 * node + 1]! >= mem && counts.bound(node) < bestCount) {
        if (node < size) {
          node <<= 1;
          continue;
        }
        if (test.accept(node - size)) {
          best = node - size;
          bestCount = counts.leaf(node - size);
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
  collect(cpu: number, mem: number, counts: CountTree | null, maxCount: number, test: LeafTest, out: number[]): void {
    const size = this.size;
    const d = this.data;
    let node = 1;
    for (;;) {
      if (d[4 * node]! >= cpu && d[4 * node + 1]! >= mem && (counts === null || counts.bound(node) <= maxCount)) {
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
