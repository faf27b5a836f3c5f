/**
 * One task group's per-host task counts over the positions of a host tree, with the smallest
 * count below each node, for spread on instanceId and distinctInstance.
 *
 * There is one per task group per cell, so at 100,000 hosts and 1,000 services a full Int32 min
 * tree (8 bytes per position) would take gigabytes. This one keeps a byte per leaf and an exact
 * min tree only down to blocks of 8 leaves; below a block, a node's bound is its block's min.
 * That is still a valid lower bound for pruning (searches confirm every leaf exactly). The cost
 * is a few more leaves visited per search: spread-on-instanceId placements run about 25 % slower
 * than with a full tree (results/placement-bench.md), for about a fifth of the memory.
 *
 * Leaf bytes: 0..253 are counts, BIG says "look in `big`" (a host with 254+ tasks of one group
 * is possible on the largest instances with the smallest tasks, just rare), NONE is NO_COUNT.
 */
export class CountTree {
  private leaves: Uint8Array;
  private big = new Map<number, number>();
  /** Exact min over each block of leaves, as a heap-ordered tree: the root is `blocks[1]`. */
  private blocks: Int32Array;
  private blockCount: number;
  private blockShift: number;
  /** Depth of the block level in the host tree's node numbering (log2 blockCount). */
  private blockDepth: number;

  constructor(private size: number) {
    this.leaves = new Uint8Array(size).fill(NONE);
    const layout = blockLayout(size);
    this.blockCount = layout.count;
    this.blockShift = layout.shift;
    this.blockDepth = 31 - Math.clz32(layout.count);
    this.blocks = new Int32Array(2 * layout.count).fill(NO_COUNT);
  }

  /** The smallest count of any leaf (NO_COUNT when none is a candidate). */
  get min(): number {
    return this.blocks[1]!;
  }

  /** A leaf's count, or NO_COUNT. */
  leaf(pos: number): number {
    const b = this.leaves[pos]!;
    return b < BIG ? b : b === NONE ? NO_COUNT : this.big.get(pos)!;
  }

  /**
   * A lower bound of the counts below host-tree node `node` (1-based heap numbering over `size`
   * leaves): exact at leaves and at and above the block level.
   */
  bound(node: number): number {
    if (node >= this.size) return this.leaf(node - this.size);
    const depth = 31 - Math.clz32(node);
    return this.blocks[depth <= this.blockDepth ? node : node >> (depth - this.blockDepth)]!;
  }

  /** Sets a leaf (a count, or NO_COUNT) and updates the mins above it. */
  set(pos: number, value: number): void {
    const before = this.leaf(pos);
    this.write(pos, value);
    let node = this.blockCount + (pos >> this.blockShift);
    const blockMin = this.blocks[node]!;
    // Rescan the block only when its minimum may have risen: the leaf held it and grew.
    if (value < blockMin) this.blocks[node] = value;
    else if (before === blockMin && value > before) this.blocks[node] = this.blockMin(pos >> this.blockShift);
    else return;
    node >>= 1;
    while (node >= 1) {
      const l = this.blocks[2 * node]!;
      const r = this.blocks[2 * node + 1]!;
      const min = l < r ? l : r;
      if (this.blocks[node] === min) break;
      this.blocks[node] = min;
      node >>= 1;
    }
  }

  /** Sets every leaf from `valueAt` at once (O(size), no per-leaf propagation). */
  fill(valueAt: (pos: number) => number): void {
    for (let pos = 0; pos < this.size; pos++) this.write(pos, valueAt(pos));
    this.rebuildBlocks();
  }

  /** An independent copy. */
  clone(): CountTree {
    const copy = Object.create(CountTree.prototype) as CountTree;
    copy.size = this.size;
    copy.leaves = this.leaves.slice();
    copy.blocks = this.blocks.slice();
    copy.blockCount = this.blockCount;
    copy.blockShift = this.blockShift;
    copy.blockDepth = this.blockDepth;
    copy.big = new Map(this.big);
    return copy;
  }

  /** Grows to `size` leaves (a power of two, larger), new ones NO_COUNT, keeping every value. */
  grow(size: number): void {
    const leaves = new Uint8Array(size).fill(NONE);
    leaves.set(this.leaves);
    this.leaves = leaves;
    this.size = size;
    const layout = blockLayout(size);
    this.blockCount = layout.count;
    this.blockShift = layout.shift;
    this.blockDepth = 31 - Math.clz32(layout.count);
    this.blocks = new Int32Array(2 * layout.count);
    this.rebuildBlocks();
  }

  private write(pos: number, value: number): void {
    const was = this.leaves[pos];
    if (value === NO_COUNT) this.leaves[pos] = NONE;
    else if (value < BIG) this.leaves[pos] = value;
    else {
      this.leaves[pos] = BIG;
      this.big.set(pos, value);
      return;
    }
    if (was === BIG) this.big.delete(pos);
  }

  private blockMin(block: number): number {
    const from = block << this.blockShift;
    const to = from + (1 << this.blockShift);
    let min = NO_COUNT;
    for (let pos = from; pos < to; pos++) {
      const b = this.leaves[pos]!;
      if (b < min && b !== NONE) min = b === BIG ? Math.min(min, this.big.get(pos)!) : b;
    }
    return min;
  }

  private rebuildBlocks(): void {
    for (let b = 0; b < this.blockCount; b++) this.blocks[this.blockCount + b] = this.blockMin(b);
    for (let node = this.blockCount - 1; node >= 1; node--) {
      this.blocks[node] = Math.min(this.blocks[2 * node]!, this.blocks[2 * node + 1]!);
    }
  }
}

/** Count of a leaf that is not a candidate: larger than any real count. */
export const NO_COUNT = 0x3fffffff;

const BIG = 254;
const NONE = 255;
/** log2 of the leaves per block. 8 leaves cost 1 byte per leaf of block tree; 32 saved memory but slowed searches more. */
const BLOCK_SHIFT = 3;
export const BLOCK_LEAVES = 1 << BLOCK_SHIFT;

/** Blocks of BLOCK_LEAVES leaves, or a single block holding every leaf of a small tree. */
function blockLayout(size: number): { count: number; shift: number } {
  const shift = Math.min(BLOCK_SHIFT, 31 - Math.clz32(size));
  return { count: size >> shift, shift };
}
