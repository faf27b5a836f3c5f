/**
 * How one event kind reads in outputs: the `entity` column of events.csv (the id it is about)
 * and its ECS/Kubernetes wording (the `detail` column, summary texts, `reason:` expectations).
 */
export interface Renderer<E> {
  readonly entity: (e: E) => string;
  readonly text: (e: E) => string;
}

/** A renderer for every kind of a union of events: the compiler checks none is missing. */
export type Wording<E extends { readonly type: string }> = { readonly [K in E['type']]: Renderer<Extract<E, { readonly type: K }>> };

/** For a switch that handles every member of a union: fails to compile when one is added. */
export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
