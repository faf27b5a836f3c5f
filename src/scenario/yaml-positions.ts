import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Finds where a field path sits in the YAML source. `keyOf: true` points at the key of the last
 * segment (for "unknown key" errors) rather than its value. Falls back to the nearest existing
 * ancestor, so every diagnostic gets a position even for a missing field.
 */
export function positionOf(doc: Document, counter: LineCounter, path: readonly (string | number)[], keyOf = false): Position {
  let node: unknown = doc.contents;
  let best: Node | undefined = isNodeWithRange(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = pairsOf(node).get(String(segment));
      if (pair === undefined) break;
      if (last && keyOf && isNodeWithRange(pair.key)) return toPosition(counter, pair.key);
      node = pair.value;
      // A key with no value (`cpu:`) has no value node: point at the key.
      if (!isNodeWithRange(node) && isNodeWithRange(pair.key)) {
        best = pair.key;
        break;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else break;
    if (isNodeWithRange(node)) best = node;
  }
  return best === undefined ? { line: 1, column: 1 } : toPosition(counter, best);
}

/**
 * A mapping's pairs by key (the first of a repeated key, as a linear search found it), built once
 * per mapping: a file with 100,000 unknown keys gets 100,000 positions, which must not cost a
 * scan of the mapping each.
 */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairsOf(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (index === undefined) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(map, index);
  }
  return index;
}

function isNodeWithRange(node: unknown): node is Node {
  return typeof node === 'object' && node !== null && 'range' in node && Array.isArray((node as Node).range);
}

function toPosition(counter: LineCounter, node: Node): Position {
  const pos = counter.linePos(node.range![0]);
  return { line: pos.line, column: pos.col };
}
