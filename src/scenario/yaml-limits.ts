import { isAlias, isCollection, isMap, isPair, isScalar, type Document, type Node } from 'yaml';

/**
 * Limits on the shape of a scenario's YAML, checked before the document becomes data, so that a
 * hostile or broken file is an error with a position instead of a crash (docs/limits.md).
 *
 * Nesting: the deepest scenario in scenarios/ nests 8 levels (mappings and sequences); yaml's
 * parser itself gives up near 800 (a stack overflow it reports as an error), and the converter,
 * the schema check and the compiler recurse as well. 64 is eight times the deepest real scenario.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * Aliases (`*name`) resolved while converting the document, as yaml's `maxAliasCount`: a file of
 * nested aliases (an "alias bomb", a billion laughs) expands exponentially; 100 is yaml's own
 * default and far above what a scenario uses (none in scenarios/ uses an alias).
 */
export const MAX_ALIAS_COUNT = 100;

/** The message for a document nested deeper than MAX_NESTING_DEPTH. */
export const TOO_DEEP = `YAML: nested too deeply (more than ${MAX_NESTING_DEPTH} levels; docs/limits.md)`;

/** A YAML error in the words of a scenario author; yaml's stack overflow means the nesting is too deep. */
export function explainYamlError(message: string): string {
  return /Maximum call stack size exceeded/.test(message) ? TOO_DEEP : `YAML: ${message}`;
}

/**
 * The offset of the first collection nested deeper than MAX_NESTING_DEPTH, or undefined. Walks
 * the document with an explicit stack, so the check itself cannot overflow.
 */
export function tooDeep(doc: Document): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isPair(node)) {
      stack.push({ node: node.key, depth }, { node: node.value, depth });
    } else if (isCollection(node)) {
      if (depth + 1 > MAX_NESTING_DEPTH) return (node as Node).range?.[0] ?? 0;
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

/** yaml's own message for a repeated key. */
export const DUPLICATE_KEY = 'YAML: Map keys must be unique';

/**
 * The offsets of keys that repeat an earlier key of the same mapping (as yaml's `uniqueKeys`
 * reports them: equal scalar values). yaml's own check compares each key with every earlier one,
 * so a file of 100,000 keys took minutes; this one keeps a set per mapping. The loader parses
 * with `uniqueKeys: false` and reports these instead.
 */
export function duplicateKeys(doc: Document): number[] {
  const offsets: number[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) stack.push(node.key, node.value);
    else if (isCollection(node)) {
      if (isMap(node)) {
        const seen = new Set<unknown>();
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? pair.key.value : pair.key;
          if (seen.has(key)) offsets.push((pair.key as Node | null)?.range?.[0] ?? 0);
          else seen.add(key);
        }
      }
      for (const item of node.items) stack.push(item);
    }
  }
  return offsets.sort((a, b) => a - b);
}

/**
 * The document as plain data, or why not: too many aliases to expand (yaml throws for those).
 * `offset` is where the first alias is, for the diagnostic's position.
 */
export function toData(doc: Document): { ok: true; data: unknown } | { ok: false; message: string; offset: number } {
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return { ok: false, message: `YAML: aliases expand too much (more than ${MAX_ALIAS_COUNT} resolved; docs/limits.md)`, offset: firstAliasOffset(doc) };
  }
}

function firstAliasOffset(doc: Document): number {
  const stack: unknown[] = [doc.contents];
  let first = Number.POSITIVE_INFINITY;
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) first = Math.min(first, node.range?.[0] ?? 0);
    else if (isPair(node)) stack.push(node.key, node.value);
    else if (isCollection(node)) for (const item of node.items) stack.push(item);
  }
  return Number.isFinite(first) ? first : 0;
}
