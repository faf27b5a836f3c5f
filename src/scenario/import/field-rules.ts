/**
 * What fleetsim does with each field of an imported API object: the field tables of the
 * importers are written in these terms, one entry per field the API has, so that every field
 * is accounted for (issue 15): modelled, ignored with why it does not change the simulation, or
 * a warning that it would and is not modelled. A key no table has is an error with a
 * "did you mean", as a misspelt scenario key is.
 */

/** A field fleetsim turns into part of the scenario (its importer reads it). */
export interface Modelled {
  readonly kind: 'modelled';
}

/** A field that does not change what the simulation computes; listed once in the ignored-fields report. */
export interface Ignored {
  readonly kind: 'ignored';
  readonly why: string;
}

/** A field that would change the answer and that fleetsim does not model: a warning. */
export interface Unmodelled {
  readonly kind: 'warning';
  readonly why: string;
}

/** A modelled object whose own fields have rules (and whose unknown keys are errors). */
export interface Nested {
  readonly kind: 'object';
  readonly fields: Fields;
}

/** A modelled list whose items follow `item`. */
export interface ListOf {
  readonly kind: 'list';
  readonly item: FieldRule;
}

/** A rule that depends on the value: e.g. `schedulingStrategy` is modelled for REPLICA, a warning for DAEMON. */
export interface Depends {
  readonly kind: 'depends';
  readonly on: (value: unknown) => FieldRule;
}

export type FieldRule = Modelled | Ignored | Unmodelled | Nested | ListOf | Depends;

/** The rules for an object's fields, by the API's (camelCase) field name. */
export type Fields = Readonly<Record<string, FieldRule>>;

export const MODELLED: Modelled = { kind: 'modelled' };
export const ignored = (why: string): Ignored => ({ kind: 'ignored', why });
export const unmodelled = (why: string): Unmodelled => ({ kind: 'warning', why });
export const nested = (fields: Fields): Nested => ({ kind: 'object', fields });
export const listOf = (item: FieldRule): ListOf => ({ kind: 'list', item });
export const depends = (on: (value: unknown) => FieldRule): Depends => ({ kind: 'depends', on });

/** Output-only fields of `describe-*` answers: AWS or the API server sets them; they describe, not configure. */
export const READ_ONLY = ignored('read-only: set by AWS, it describes the object and configures nothing');

/** Tags and labels kept for people and billing. */
export const TAGS = ignored('tags are metadata: nothing is scheduled, placed or started by them');

/** Modelled when the value is what fleetsim models (absent, off, the default); otherwise a warning with `why`. */
export function warnUnless(isModelled: (value: unknown) => boolean, why: string): Depends {
  return depends((value) => (isModelled(value) ? MODELLED : unmodelled(why)));
}
