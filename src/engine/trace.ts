/**
 * The trace: a stream of records of what happened, in simulated-time order. Controllers emit;
 * reports subscribe. The engine fixes only the envelope; the domain defines the records.
 */
export interface TraceRecord {
  /** Simulated time in ms. */
  readonly time: number;
  /** Dot-namespaced past tense, e.g. `task.placed`, `host.launched`. */
  readonly type: string;
}

export type TraceListener<R extends TraceRecord> = (record: R) => void;

export class Trace<R extends TraceRecord> {
  private readonly listeners: TraceListener<R>[] = [];

  /** Adds a listener; listeners are called in subscription order. */
  subscribe(listener: TraceListener<R>): void {
    this.listeners.push(listener);
  }

  emit(record: R): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(record);
  }
}
