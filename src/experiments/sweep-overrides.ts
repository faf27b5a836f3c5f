import { isMap, isScalar, isSeq, parse, parseDocument, type Node } from 'yaml';
import { didYouMean } from '../engine/did-you-mean.js';
import { formatPath } from '../scenario/diagnostics.js';
import { SCENARIO_SCHEMA } from '../scenario/schema.js';

/**
 * `--set path=v1,v2,...`: overriding fields of a scenario file by their path in the YAML, before
 * validation. Pure text in, text out; the caller loads the result with `loadScenario`, so a bad
 * value is reported like any other scenario error (file:line:col and the field path).
 */

/** A field path as segments: `services[0].desiredCount` -> `['services', 0, 'desiredCount']`. */
export type FieldPath = readonly (string | number)[];

/** One swept parameter: the field and the values it takes, in the order given. */
export interface SweepParameter {
  /** Canonical path text, e.g. `services[0].desiredCount` (the CSV column header). */
  readonly path: string;
  readonly segments: FieldPath;
  /** The values as written (trimmed), e.g. `['4', '8']`; they label runs in the outputs. */
  readonly values: readonly string[];
  /** The values parsed as YAML (`4` -> 4, `30m` -> '30m', `true` -> true, `'4'` -> '4'). */
  readonly parsed: readonly unknown[];
}

/** One field set to one value. */
export interface Override {
  readonly path: string;
  readonly segments: FieldPath;
  readonly value: unknown;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * Parses a field path: keys separated by dots, list indexes in brackets
 * (`cluster.autoScalingGroups[0].desiredCapacity`). Keys may not contain `.`, `[`, `]` or `=`.
 */
export function parseFieldPath(text: string): Parsed<FieldPath> {
  const segments: (string | number)[] = [];
  const re = /^([^.[\]=\s]+)((?:\[\d+\])*)$/;
  if (text.trim() === '') return { ok: false, message: 'empty field path' };
  for (const part of text.trim().split('.')) {
    const m = re.exec(part);
    if (m === null) return { ok: false, message: `bad field path '${text}': write keys separated by dots and list indexes in brackets, e.g. services[0].desiredCount` };
    segments.push(m[1]!);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return { ok: true, value: segments };
}

/**
 * Parses one `--set` option, `path=v1,v2,...`. Values are split at commas outside brackets,
 * braces and quotes (so `{min: 1, max: 2}` stays one value) and each is parsed as YAML. Empty
 * and repeated values are errors (write `null` or `''` for those values).
 */
export function parseSetOption(text: string): Parsed<SweepParameter> {
  const eq = text.indexOf('=');
  if (eq < 0) return { ok: false, message: `--set ${text}: expected path=value1,value2,...` };
  const path = parseFieldPath(text.slice(0, eq));
  if (!path.ok) return { ok: false, message: `--set ${text}: ${path.message}` };
  const canonical = formatPath(path.value);
  const values = splitValues(text.slice(eq + 1));
  if (!values.ok) return { ok: false, message: `--set ${text}: ${values.message}` };
  const parsed: unknown[] = [];
  const seen = new Set<string>();
  for (const raw of values.value) {
    if (raw === '') return { ok: false, message: `--set ${text}: empty value (write null or '' if you mean it)` };
    if (seen.has(raw)) return { ok: false, message: `--set ${text}: value '${raw}' is given twice` };
    seen.add(raw);
    const doc = parseDocument(raw);
    if (doc.errors.length > 0) return { ok: false, message: `--set ${text}: value '${raw}' is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}` };
    parsed.push(doc.toJS());
  }
  return { ok: true, value: { path: canonical, segments: path.value, values: values.value, parsed } };
}

function splitValues(text: string): Parsed<string[]> {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (quote !== null || depth !== 0) return { ok: false, message: 'unbalanced quotes or brackets in the values' };
  out.push(text.slice(start).trim());
  return { ok: true, value: out };
}

/**
 * Applies overrides, in order, to a scenario's YAML text and returns the new text.
 *
 * A field that exists is replaced in place (only its value's characters change, so line numbers
 * in later diagnostics still match the file). A field that does not exist is added when the
 * scenario format allows it there (e.g. `cluster.cni.warmEniTarget` on a scenario without it);
 * the document is then re-serialized. A path that names no field of the format, or a list index
 * past the end, is an error with a "did you mean". Text that is not valid YAML comes back
 * unchanged: the loader reports the YAML error.
 */
export function applyOverrides(text: string, overrides: readonly Override[]): Parsed<string> {
  let current = text;
  for (const o of overrides) {
    const next = applyOne(current, o);
    if (!next.ok) return next;
    current = next.value;
  }
  return { ok: true, value: current };
}

type Schema = Readonly<Record<string, unknown>>;

function applyOne(text: string, o: Override): Parsed<string> {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: true, value: text };
  let node: unknown = doc.contents;
  let schemas: Schema[] = [SCENARIO_SCHEMA];
  for (let i = 0; i < o.segments.length; i++) {
    const segment = o.segments[i]!;
    const here = formatPath(o.segments.slice(0, i)) || 'the scenario';
    const unknownField = `--set ${o.path}: no field '${String(segment)}' in ${here}`;
    if (isMap(node)) {
      if (typeof segment === 'number') return { ok: false, message: `--set ${o.path}: ${here} is a mapping, not a list; no index [${segment}]` };
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (pair === undefined || !isNode(pair.value)) {
        // Absent (or written with no value): add it, if the format has such a field.
        const present = node.items.flatMap((p) => (isScalar(p.key) ? [String(p.key.value)] : []));
        const check = checkAbsentSuffix(o, i, schemas, present);
        if (!check.ok) return check;
        doc.setIn(o.segments as (string | number)[], o.value);
        return { ok: true, value: doc.toString({ lineWidth: 0 }) };
      }
      node = pair.value;
    } else if (isSeq(node)) {
      if (typeof segment !== 'number') return { ok: false, message: `${unknownField}: it is a list; index it like ${here}[0]` };
      if (segment >= node.items.length) {
        const n = node.items.length;
        return { ok: false, message: `--set ${o.path}: index [${segment}] is past the end of ${here} (${n} item${n === 1 ? '' : 's'})` };
      }
      node = node.items[segment];
    } else if (i === 0) {
      return { ok: true, value: text }; // not a mapping at all: the loader says so
    } else {
      return { ok: false, message: `--set ${o.path}: ${here} is a single value; it has no field '${String(segment)}'` };
    }
    schemas = childSchemas(schemas, segment);
  }
  if (!isNode(node) || node.range == null) return { ok: false, message: `--set ${o.path}: cannot replace this node` };
  const [start, end] = node.range;
  const replaced = text.slice(start, end);
  const trailing = /\s*$/.exec(replaced)![0];
  return { ok: true, value: `${text.slice(0, start)}${yamlText(o.value)}${trailing}${text.slice(end)}` };
}

/** The missing part of a path (from `from` on) must be keys the format allows, one under the other. */
function checkAbsentSuffix(o: Override, from: number, schemas: Schema[], present: readonly string[]): Parsed<true> {
  let current = schemas;
  for (let j = from; j < o.segments.length; j++) {
    const segment = o.segments[j]!;
    const here = formatPath(o.segments.slice(0, j)) || 'the scenario';
    if (typeof segment === 'number') return { ok: false, message: `--set ${o.path}: ${here} is not in the scenario, so it has no index [${segment}]; set the whole list instead` };
    const keys = keysOf(current);
    if (!keys.includes(segment)) {
      const candidates = new Set([...keys, ...(j === from ? present : [])]);
      return { ok: false, message: `--set ${o.path}: no field '${segment}' in ${here}${didYouMean(segment, candidates)}` };
    }
    current = childSchemas(current, segment);
  }
  return { ok: true, value: true };
}

function expand(schemas: readonly Schema[]): Schema[] {
  const out: Schema[] = [];
  for (const s of schemas) {
    out.push(s);
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      const branches = s[key];
      if (Array.isArray(branches)) out.push(...expand(branches as Schema[]));
    }
  }
  return out;
}

function keysOf(schemas: readonly Schema[]): string[] {
  const keys = new Set<string>();
  for (const s of expand(schemas)) {
    const props = s.properties;
    if (props !== null && typeof props === 'object') for (const k of Object.keys(props)) keys.add(k);
  }
  return [...keys].sort();
}

function childSchemas(schemas: readonly Schema[], segment: string | number): Schema[] {
  const out: Schema[] = [];
  for (const s of expand(schemas)) {
    if (typeof segment === 'string') {
      const child = (s.properties as Record<string, Schema> | undefined)?.[segment];
      if (child !== undefined) out.push(child);
    } else if (s.items !== null && typeof s.items === 'object' && !Array.isArray(s.items)) out.push(s.items as Schema);
  }
  return out;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

/**
 * A value as YAML text that reads back as the same value in block and flow context alike: plain
 * when that is safe, otherwise JSON (which is YAML).
 */
export function yamlText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    const plain = /^[^\s'"#,[\]{}&*!|>%@`:-][^#,[\]{}]*$/.test(value) && !value.includes(': ') && !/\s$/.test(value);
    if (plain && sameValue(value, value)) return value;
    return JSON.stringify(value);
  }
  return JSON.stringify(value);
}

function sameValue(text: string, value: unknown): boolean {
  try {
    const block: unknown = parse(text);
    const flow: unknown = parse(`[${text}]`);
    return block === value && Array.isArray(flow) && flow.length === 1 && flow[0] === value;
  } catch {
    return false;
  }
}
