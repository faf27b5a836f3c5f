import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_LEAVES, CountTree, NO_COUNT } from '../../src/policy/ecs/count-tree.js';

/** The true min of the leaves below host-tree node `node` over `size` leaves. */
function trueMin(leaves: number[], size: number, node: number): number {
  let from = node;
  let to = node;
  while (from < size) {
    from *= 2;
    to = to * 2 + 1;
  }
  let min = NO_COUNT;
  for (let i = from - size; i <= to - size; i++) min = Math.min(min, leaves[i]!);
  return min;
}

const value = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(NO_COUNT), fc.integer({ min: 250, max: 2000 }));

describe('CountTree', () => {
  it('reads leaves exactly, its min exactly, and bounds every node from below', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.tuple(fc.nat(), value), { maxLength: 200 }),
        fc.integer({ min: 0, max: 2 }),
        (log2, writes, growBy) => {
          let size = 1 << log2;
          const tree = new CountTree(size);
          const leaves = new Array<number>(size).fill(NO_COUNT);
          writes.forEach(([at, v], i) => {
            if (i === writes.length >> 1 && growBy > 0) {
              size <<= growBy;
              tree.grow(size);
              while (leaves.length < size) leaves.push(NO_COUNT);
            }
            const pos = at % size;
            tree.set(pos, v);
            leaves[pos] = v;
          });
          for (let pos = 0; pos < size; pos++) expect(tree.leaf(pos)).toBe(leaves[pos]);
          expect(tree.min).toBe(Math.min(...leaves));
          for (let node = 1; node < 2 * size; node++) {
            const bound = tree.bound(node);
            expect(bound).toBeLessThanOrEqual(trueMin(leaves, size, node));
            // Exact at leaves and on the block level and above (nodes covering a whole block, or
            // every leaf of a smaller tree).
            if (node >= size || size / (1 << (31 - Math.clz32(node))) >= Math.min(BLOCK_LEAVES, size)) {
              expect(bound).toBe(trueMin(leaves, size, node));
            }
          }
        },
      ),
    );
  });

  it('fills every leaf in one pass', () => {
    const tree = new CountTree(128);
    tree.fill((pos) => (pos % 3 === 0 ? NO_COUNT : 10 + (pos % 7)));
    expect(tree.min).toBe(10);
    expect(tree.leaf(0)).toBe(NO_COUNT);
    expect(tree.leaf(1)).toBe(11);
  });
});

describe('CountTree.clone', () => {
  it('copies every value and shares nothing', () => {
    const tree = new CountTree(64);
    tree.set(3, 2);
    tree.set(40, 700);
    const copy = tree.clone();
    copy.set(3, 0);
    copy.set(40, 1);
    expect([tree.leaf(3), tree.leaf(40), tree.min]).toEqual([2, 700, 2]);
    expect([copy.leaf(3), copy.leaf(40), copy.min]).toEqual([0, 1, 0]);
  });
});
