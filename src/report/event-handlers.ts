import type { EventOf, FleetEvent, FleetEventType } from '../model/events/index.js';

/**
 * What a trace reader does with each kind of event it reads, by event type: the alternative to a
 * listener that switches on `type`, for readers that sit on the trace of a large run together.
 * A run's events come in dozens of shapes, so reading `type` is a megamorphic property load; a
 * listener made of several readers (`handlersListener`) reads it once per event and calls only
 * the readers of that type, instead of each reader reading it and switching.
 */
export type EventHandlers = { readonly [T in FleetEventType]?: (r: EventOf<T>) => void };

type AnyHandler = (r: FleetEvent) => void;

/**
 * One trace listener for several readers' handlers: each event goes to the handlers of its type,
 * in the order of `readers` (a reader's handlers see the events in trace order, as its own
 * listener would). Per event: one map lookup, and nothing for types no reader reads.
 */
export function handlersListener(readers: readonly EventHandlers[]): (r: FleetEvent) => void {
  const byType = new Map<string, AnyHandler[]>();
  for (const handlers of readers) {
    for (const [type, handler] of Object.entries(handlers) as [FleetEventType, AnyHandler][]) {
      let list = byType.get(type);
      if (list === undefined) byType.set(type, (list = []));
      list.push(handler);
    }
  }
  const table = new Map<string, AnyHandler>();
  for (const [type, list] of byType) table.set(type, inOrder(list));
  return (r) => {
    const handler = table.get(r.type);
    if (handler !== undefined) handler(r);
  };
}

/** One handler that calls `list`'s in order (two or three without a loop: the common cases). */
function inOrder(list: readonly AnyHandler[]): AnyHandler {
  const [a, b, c] = list as [AnyHandler, AnyHandler?, AnyHandler?];
  if (b === undefined) return a;
  if (list.length === 2) return (r) => { a(r); b(r); };
  if (list.length === 3) return (r) => { a(r); b(r); c!(r); };
  return (r) => { for (let i = 0; i < list.length; i++) list[i]!(r); };
}
