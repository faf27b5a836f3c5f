/**
 * A definitions file a scenario imports (a task definition, a manifest, a template), parsed
 * with positions so that every diagnostic and every "ignored" line points at its line and column.
 * JSON is read as YAML (it is YAML); a YAML file may hold several documents (`---`), as
 * Kubernetes manifests do; CloudFormation's short-form tags (`!Ref`, `!Sub`, `!GetAtt`, ...) are
 * read as the long form (`{ Ref: x }`, `{ 'Fn::Sub': ... }`).
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node, type Pair, type Tags, type YAMLMap } from 'yaml';
import { formatPath } from '../diagnostics.js';
import type { Position } from '../yaml-positions.js';

/** A field path inside one document of a definitions file: `['containerDefinitions', 0, 'cpu']`. */
export type SourcePath = readonly (string | number)[];

/** One document of a definitions file: its data, and where a field path sits in the file. */
export interface SourceDocument {
  /** The file as the scenario names it (relative to the scenario's folder). */
  readonly file: string;
  /** Shown before field paths when the file holds several documents (`Deployment/web`), else ''. */
  readonly label: string;
  readonly data: unknown;
  /**
   * Line and column of `path`, or of its nearest existing ancestor; `atKey`: of the last
   * segment's key rather than its value (for "unknown field"). Keys match case-insensitively as a
   * fallback (CloudFormation's PascalCase against camelCase tables).
   */
  locate(path: SourcePath, atKey?: boolean): Position;
  /** `path` as the file spells it (its own keys' case), prefixed with the document's label. */
  describe(path: SourcePath): string;
}

export type ParsedSource = { readonly ok: true; readonly documents: SourceDocument[] } | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

/** CloudFormation's short-form intrinsic functions, as YAML tags. */
const CFN_FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'If', 'Equals', 'Not', 'And', 'Or', 'Transform'] as const;

function cloudFormationTags(): Tags {
  const tags: Tags = [
    { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
    { tag: '!Condition', resolve: (value: string) => ({ Condition: value }) },
  ];
  for (const fn of CFN_FUNCTIONS) {
    const name = `Fn::${fn}`;
    // `!GetAtt Res.Attr` is the dotted scalar form of `Fn::GetAtt: [Res, Attr]`.
    const scalar = fn === 'GetAtt' ? (value: string) => ({ [name]: splitOnce(value, '.') }) : (value: string) => ({ [name]: value });
    tags.push({ tag: `!${fn}`, resolve: scalar });
    tags.push({ tag: `!${fn}`, collection: 'seq', resolve: (seq) => ({ [name]: (seq as { toJSON(): unknown }).toJSON() }) });
    tags.push({ tag: `!${fn}`, collection: 'map', resolve: (map) => ({ [name]: (map as { toJSON(): unknown }).toJSON() }) });
  }
  return tags;
}

/** The first key given twice in one mapping of `doc`, with its offset. */
function duplicateKey(doc: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) {
          found = { key, offset: pair.key.range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

function splitOnce(value: string, separator: string): string[] {
  const at = value.indexOf(separator);
  return at === -1 ? [value] : [value.slice(0, at), value.slice(at + 1)];
}

const CUSTOM_TAGS = cloudFormationTags();

/**
 * Parses a definitions file. Never throws: a syntax error comes back with its position. Empty
 * documents (a trailing `---`) are dropped. `label` names each document for messages.
 */
export function parseSource(file: string, text: string, label: (data: unknown, index: number, count: number) => string = () => ''): ParsedSource {
  const counter = new LineCounter();
  // The parser's own duplicate-key check compares every key with every other (a template's
  // Resources may hold thousands): duplicates are found below with one set per mapping instead.
  const parsed = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false, customTags: CUSTOM_TAGS });
  const docs = Array.isArray(parsed) ? parsed : [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = counter.linePos(error.pos[0]);
      return { ok: false, line: pos.line, column: pos.col, message: `YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` };
    }
    const duplicate = duplicateKey(doc);
    if (duplicate !== undefined) {
      const pos = counter.linePos(duplicate.offset);
      return { ok: false, line: pos.line, column: pos.col, message: `YAML: Map keys must be unique ('${duplicate.key}' is given twice)` };
    }
  }
  const kept = docs.map((doc) => ({ doc, data: doc.toJS({ maxAliasCount: 100 }) as unknown })).filter((d) => d.data !== null && d.data !== undefined);
  return { ok: true, documents: kept.map(({ doc, data }, i) => sourceDocument(file, doc, counter, data, label(data, i, kept.length))) };
}

/** A parsed YAML document as a SourceDocument (the scenario file itself, whose lines overrides point at). */
export function sourceDocument(file: string, doc: Document, counter: LineCounter, data: unknown, label = ''): SourceDocument {
  return {
    file,
    label,
    data,
    locate(path, atKey = false) {
      const found = walk(doc, path);
      const node = atKey && found.key !== undefined && found.spelled.length === path.length ? found.key : found.node;
      if (node === undefined || node.range === undefined || node.range === null) return { line: 1, column: 1 };
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    },
    describe(path) {
      const spelled = walk(doc, path).spelled;
      const rest = path.slice(spelled.length);
      const text = formatPath([...spelled, ...rest]);
      return label === '' ? text : text === '' ? label : `${label} ${text}`;
    },
  };
}

/** A mapping's pairs by key, exact and in lower case: a template's Resources may hold thousands, and every note looks one up. */
interface KeyIndex {
  readonly exact: ReadonlyMap<string, Pair>;
  readonly folded: ReadonlyMap<string, Pair>;
}

const INDEXES = new WeakMap<YAMLMap, KeyIndex>();

function pairOf(map: YAMLMap, name: string): Pair | undefined {
  let index = INDEXES.get(map);
  if (index === undefined) {
    const exact = new Map<string, Pair>();
    const folded = new Map<string, Pair>();
    for (const p of map.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (!exact.has(key)) exact.set(key, p as Pair);
      if (!folded.has(key.toLowerCase())) folded.set(key.toLowerCase(), p as Pair);
    }
    index = { exact, folded };
    INDEXES.set(map, index);
  }
  return index.exact.get(name) ?? index.folded.get(name.toLowerCase());
}

/** The deepest node of `path` that exists, and the path's segments as the file spells them that far. */
function walk(doc: Document, path: SourcePath): { node: Node | undefined; key: Node | undefined; spelled: (string | number)[] } {
  let node: unknown = doc.contents;
  let best: Node | undefined = hasRange(node) ? node : undefined;
  let key: Node | undefined;
  const spelled: (string | number)[] = [];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = pairOf(node, String(segment));
      if (pair === undefined || !isScalar(pair.key)) break;
      spelled.push(String(pair.key.value));
      key = hasRange(pair.key) ? pair.key : undefined;
      node = pair.value;
      if (!hasRange(node)) {
        best = hasRange(pair.key) ? pair.key : best;
        break;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      spelled.push(segment);
      key = undefined;
    } else break;
    if (hasRange(node)) best = node;
  }
  return { node: best, key, spelled };
}

function hasRange(node: unknown): node is Node {
  return typeof node === 'object' && node !== null && 'range' in node && Array.isArray((node as Node).range);
}
