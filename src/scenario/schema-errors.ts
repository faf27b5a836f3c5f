import type { ErrorObject } from 'ajv';
import { suggest } from '../engine/did-you-mean.js';

/** A schema violation turned into a sentence, with the path it is about. */
export interface SchemaProblem {
  readonly path: (string | number)[];
  /** True when the path's last segment is a key that should not be there. */
  readonly atKey: boolean;
  readonly message: string;
}

/**
 * Translates ajv errors into one clear message each: unknown keys with "did you mean",
 * missing keys, wrong types with what was found, enum choices. Branch errors inside an `anyOf`
 * are folded into the anyOf's own message, which says what the field accepts.
 */
export function explainSchemaErrors(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath));
  // A value over a bound in one branch of an anyOf: the bound says more than the list of forms.
  const overBound = new Map(errors.filter((e) => e.keyword === 'maximum' && insideAnyOf(e.schemaPath, anyOfPaths) !== undefined).map((e) => [`${insideAnyOf(e.schemaPath, anyOfPaths)}|${e.instancePath}`, e]));
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // Looked up by prefix (a schema path is a few segments deep), so thousands of errors stay linear.
    if (insideAnyOf(e.schemaPath, anyOfPaths) !== undefined) continue;
    // An if/then/else (fields.ts RequiredUnless) failing says only "must match the else schema": the branch's own error says what.
    if (e.keyword === 'if') continue;
    const path = pointerToPath(e.instancePath, data);
    const problem = explain(e.keyword === 'anyOf' ? (overBound.get(`${e.schemaPath}|${e.instancePath}`) ?? e) : e, path, data);
    const key = `${problem.path.join('/')}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function explain(e: ErrorObject, path: (string | number)[], data: unknown): SchemaProblem {
  const value = valueAt(data, path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hits = suggest(key, known);
      const hint = hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : known.length > 0 ? ` (expected one of: ${known.join(', ')})` : '';
      return { path: [...path, key], atKey: true, message: `unknown key '${key}'${hint}` };
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return { path, atKey: false, message: `missing required key '${key}'` };
    }
    case 'type': {
      const want = String((e.params as { type: string | string[] }).type).split(',').map(typeWord).join(' or ');
      return { path, atKey: false, message: `must be ${want}, got ${describe(value)}` };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const hits = typeof value === 'string' ? suggest(value, allowed) : [];
      const hint = hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : '';
      return { path, atKey: false, message: `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}${hint}` };
    }
    case 'minimum':
      return { path, atKey: false, message: `must be at least ${(e.params as { limit: number }).limit}, got ${describe(value)}` };
    case 'maximum':
      return { path, atKey: false, message: `must be at most ${count((e.params as { limit: number }).limit)}${because(e)}, got ${describe(value)}` };
    case 'maxItems':
      return { path, atKey: false, message: `has ${count(Array.isArray(value) ? value.length : 0)} items, more than ${count((e.params as { limit: number }).limit)}${because(e)}` };
    case 'minItems':
      return { path, atKey: false, message: `must have at least ${(e.params as { limit: number }).limit} item(s)` };
    case 'minProperties':
      return { path, atKey: false, message: 'must not be empty' };
    case 'minLength':
      return { path, atKey: false, message: 'must not be empty' };
    case 'pattern':
      return { path, atKey: false, message: `${describe(value)} is not allowed here: ${patternHint(e.schema as string)}` };
    case 'anyOf': {
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      return { path, atKey: false, message: `got ${describe(value)}; expected ${description ?? 'a different form'}` };
    }
    default:
      return { path, atKey: false, message: e.message ?? 'is invalid' };
  }
}

/** The schema path of the anyOf `schemaPath` is a branch of, if any. */
function insideAnyOf(schemaPath: string, anyOfPaths: ReadonlySet<string>): string | undefined {
  for (let cut = schemaPath.lastIndexOf('/'); cut > 0; cut = schemaPath.lastIndexOf('/', cut - 1)) {
    const prefix = schemaPath.slice(0, cut);
    if (anyOfPaths.has(prefix)) return prefix;
  }
  return undefined;
}

/** ` (why)` from a bound's `$comment` (schema/fields.ts, Limit), or ''. */
function because(e: ErrorObject): string {
  const why = (e.parentSchema as { $comment?: unknown } | undefined)?.$comment;
  return typeof why === 'string' ? ` (${why})` : '';
}

function patternHint(pattern: string): string {
  if (pattern.includes('255')) return 'use letters, digits, hyphens and underscores (up to 255)';
  return 'start with a letter or digit and use letters, digits, ., _ and -';
}

function typeWord(t: string): string {
  return t === 'integer' ? 'a whole number' : t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `a ${t}`;
}

/** How a value reads in an error message. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 10_000 && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return count(value);
  return String(value);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** JSON pointer (`/services/0/cpu`) to path segments, with array indexes as numbers. */
function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: string | number = Array.isArray(node) ? Number(part) : part;
    out.push(segment);
    node = node === null || typeof node !== 'object' ? undefined : (node as Record<string | number, unknown>)[segment];
  }
  return out;
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let node = data;
  for (const p of path) node = node === null || typeof node !== 'object' ? undefined : (node as Record<string | number, unknown>)[p];
  return node;
}
