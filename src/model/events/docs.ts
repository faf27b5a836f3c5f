/**
 * The shape of the catalogue's documentation tables, from which docs/events.md is generated
 * (src/report/events-doc.ts). The types make the compiler check that every kind, every field of
 * every kind and every reason code is documented, and that each example is a valid event.
 */

/** Every field of an event (of all its variants, for a kind with variants), but `type` and `time`. */
type FieldsOf<E> = E extends unknown ? Exclude<keyof E, 'type' | 'time'> : never;

/** What docs/events.md says about one event kind. */
export interface EventDoc<E> {
  /** When the event is emitted: who emits it, on what. */
  readonly when: string;
  /** What each field holds. */
  readonly fields: { readonly [F in FieldsOf<E>]: string };
  /** Typical events of the kind; docs/events.md shows their wording as events.csv prints it. */
  readonly examples: readonly [E, ...E[]];
}

/** One entry per kind of a union of events. */
export type EventDocs<E extends { readonly type: string }> = { readonly [K in E['type']]: EventDoc<Extract<E, { readonly type: K }>> };

/** What docs/events.md says about one reason code. */
export interface CodeDoc<R> {
  /** What the code means, and where it comes from. */
  readonly meaning: string;
  /** A value with this code; docs/events.md shows its wording. */
  readonly example: R;
}

/** The members of union `R` whose `K` can be `C` (a member may cover several codes). */
type MemberWith<R, K extends keyof R, C> = R extends unknown ? (C extends R[K] ? R : never) : never;

/** One entry per code of a union of reasons discriminated by `K` (`code` unless said otherwise). */
export type CodeDocs<R, K extends keyof R = Extract<'code', keyof R>> = {
  readonly [C in R[K] & string]: CodeDoc<MemberWith<R, K, C>>;
};
