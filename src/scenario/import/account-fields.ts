/**
 * The walk that accounts for every field of an imported object against its field table
 * (field-rules.ts): unknown keys are problems with a "did you mean", ignored fields and
 * unmodelled ones become notes, and what comes back is the object with its known keys only, in
 * the table's camelCase, for the importer to read.
 */
import { suggest } from '../../engine/did-you-mean.js';
import type { FieldRule, Fields } from './field-rules.js';
import type { ImportLog } from './import-notes.js';
import type { SourceDocument, SourcePath } from './source-document.js';
import { isUnresolved } from './unresolved.js';

export interface AccountOptions {
  /** 'pascal': the file spells fields in PascalCase (CloudFormation) while the tables are camelCase. */
  readonly style?: 'camel' | 'pascal';
  /** Names that differ beyond case, file name to table name (CloudFormation's `PlacementStrategies`). */
  readonly renamed?: Readonly<Record<string, string>>;
}

export type Json = Readonly<Record<string, unknown>>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Accounts for the fields of `value`, an object at `path` of `doc`, by `fields`. Never throws;
 * a value that is not an object is a problem ("must be a mapping") and comes back empty.
 */
export function accountFor(value: unknown, fields: Fields, doc: SourceDocument, path: SourcePath, log: ImportLog, options: AccountOptions = {}): Json {
  if (!isObject(value)) {
    log.problem(doc, path, 'must be a mapping of fields');
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const name = tableName(key, options);
    const rule = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const at = [...path, key];
    if (rule === undefined) {
      const known = Object.keys(fields).map((k) => fileName(k, options));
      const hits = suggest(key, known);
      log.problem(doc, at, `unknown field '${key}'${hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : ''}`, true);
      continue;
    }
    const kept = account(child, rule, doc, at, log, options);
    if (kept !== DROPPED) out[name] = kept;
  }
  return out;
}

const DROPPED = Symbol('dropped');

function account(value: unknown, rule: FieldRule, doc: SourceDocument, at: SourcePath, log: ImportLog, options: AccountOptions): unknown {
  if (rule.kind === 'depends') return account(value, rule.on(value), doc, at, log, options);
  if (isUnresolved(value)) {
    if (rule.kind === 'ignored') log.note('ignored', doc, at, rule.why);
    else log.note('warning', doc, at, `${value.unresolved}: not imported`);
    return DROPPED;
  }
  switch (rule.kind) {
    case 'modelled':
      return value;
    case 'ignored':
      // An empty list or mapping sets nothing: describe-* output is full of them.
      if (!isEmpty(value)) log.note('ignored', doc, at, rule.why);
      return DROPPED;
    case 'warning':
      log.note('warning', doc, at, `not modelled, and it would change the answer: ${rule.why}`);
      return DROPPED;
    case 'object':
      return isObject(value) ? accountFor(value, rule.fields, doc, at, log, options) : value;
    case 'list':
      return Array.isArray(value) ? value.map((item, i) => account(item, rule.item, doc, [...at, i], log, options)).filter((v) => v !== DROPPED) : value;
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

function tableName(key: string, options: AccountOptions): string {
  const renamed = options.renamed?.[key];
  if (renamed !== undefined) return renamed;
  return options.style === 'pascal' ? key.charAt(0).toLowerCase() + key.slice(1) : key;
}

function fileName(name: string, options: AccountOptions): string {
  const renamed = Object.entries(options.renamed ?? {}).find(([, to]) => to === name)?.[0];
  if (renamed !== undefined) return renamed;
  return options.style === 'pascal' ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}
