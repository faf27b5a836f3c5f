/**
 * The building blocks of the scenario schema: TypeBox definitions that are at once the JSON
 * Schema (draft-07) Ajv validates, the TypeScript type of the validated value (`Static<...>`)
 * and the place a field's description and default live (the field reference in
 * docs/scenario-reference.md is generated from them).
 *
 * Conventions every section follows:
 * - Every object is closed (`additionalProperties: false`), so a misspelt key is an error with a
 *   suggestion, never silently ignored. Property order is the order errors list known keys in.
 * - Every property has a `description`; a `default` is given where the default is a constant
 *   (and the compiler applies the same constant); a default that depends on other fields is
 *   said in the description.
 * - Enumerations are `{ enum: [...] }` (not unions of literals) and values that may be a string
 *   or a number are `{ type: [...] }`, so Ajv's errors read "must be one of ..." and "must be a
 *   string or a number".
 * - The description of a field with alternative forms (`anyOf`) is what the error message says
 *   it expects, so it is written as the completion of "expected ...".
 */
import { Type, type SchemaOptions, type Static, type TArray, type TInteger, type TObject, type TProperties, type TString, type TUnion, type TUnsafe } from '@sinclair/typebox';
import { ECS_TASKS_PER_SERVICE, MAX_API_INTEGER } from '../limits.js';

export { Type, type Static };

/** A property that may be left out. */
export const Optional = Type.Optional;

/** A closed object: only the listed properties are allowed. */
export function Closed<P extends TProperties>(properties: P, options: SchemaOptions = {}): TObject<P> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/**
 * Schema options that make `required` keys required unless `key` is `value` (JSON Schema
 * if/then/else): a missing one is reported as any missing required key. For an object whose kind
 * decides its fields, e.g. a DaemonSet has no replicas.
 */
export function RequiredUnless(key: string, value: string, required: readonly string[]): SchemaOptions {
  // Ajv's strictRequired wants each required key declared beside it: `true` declares it without a second rule.
  return { if: { properties: { [key]: { const: value } }, required: [key] }, then: true, else: { properties: Object.fromEntries(required.map((k) => [k, true])), required: [...required] } };
}

/** One of the given strings, as `{ enum }` (errors list the choices and suggest the nearest). */
export function StringEnum<const V extends readonly string[]>(values: V, options: SchemaOptions = {}): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ ...options, enum: [...values] });
}

/** A string or a number, as `{ type: ['string', 'number'] }`; a unit parser reads it. */
export function StringOrNumber(options: SchemaOptions = {}): TUnsafe<string | number> {
  return Type.Unsafe<string | number>({ ...options, type: ['string', 'number'] });
}

/** A mapping of names to strings (labels, attributes). */
export function StringMap(options: SchemaOptions = {}): TUnsafe<Record<string, string>> {
  return Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' }, ...options });
}

/** A duration: 500ms, 90s, 5m, 2h, 1h30m, or a number of seconds. */
export function Duration(options: SchemaOptions = {}): TUnsafe<string | number> {
  return Type.Unsafe<string | number>({ type: ['string', 'number'], title: 'duration', description: 'A duration: 500ms, 90s, 5m, 2h, 1h30m, or a number of seconds.', ...options });
}

/** A whole number, 0 or more, at most the APIs' integer type (MAX_API_INTEGER) unless `options` say less. */
export function Count(options: SchemaOptions = {}): TInteger {
  return Type.Integer({ minimum: 0, maximum: MAX_API_INTEGER, ...options });
}

/** A whole number of seconds, at least `minimum` (AWS and Kubernetes fields named ...Seconds), at most the APIs' integer type unless `options` say less. */
export function Seconds(description: string, minimum = 0, options: SchemaOptions = {}): TInteger {
  return Type.Integer({ minimum, maximum: MAX_API_INTEGER, description, ...options });
}

/**
 * A bound with its reason: `{ maximum, $comment }` (or `maxItems`). Error messages quote the
 * reason (`must be at most 5,000 (ECS quota: tasks per service)`); the JSON Schema keeps it as
 * a `$comment`, which validators ignore.
 */
export function Limit(maximum: number, why: string): { maximum: number; $comment: string } {
  return { maximum, $comment: why };
}

/** An ECS service's task count (desired count, Service Auto Scaling capacity): at most the ECS quota. */
export function EcsTaskCount(options: SchemaOptions = {}): TInteger {
  return Count({ ...Limit(ECS_TASKS_PER_SERVICE, 'ECS quota: tasks per service'), ...options });
}

/** The most items a list may have, with the reason (as Limit). */
export function ItemLimit(maxItems: number, why: string): { maxItems: number; $comment: string } {
  return { maxItems, $comment: why };
}

/**
 * A value in units that a unit parser reads: a size (`512Mi`, `50MB`), a CPU quantity (`250m`,
 * `2`). `title` names the kind; the field reference shows it as the type.
 */
export function Quantity(title: 'size' | 'CPU quantity' | 'quantity', description: string, options: SchemaOptions = {}): TUnsafe<string | number> {
  return StringOrNumber({ title, description, ...options });
}

/** A Kubernetes IntOrString bound: a count or a percent such as "25%". */
export function IntOrPercent(options: SchemaOptions = {}): TUnion<[TInteger, TString]> {
  return Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]+%$' })], options);
}

/** A list of strings. */
export function Strings(options: SchemaOptions = {}): TArray<TString> {
  return Type.Array(Type.String(), options);
}
