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

/**
 * Delivers each record to every listener, in subscription order, one record at a time: a record
 * emitted while a delivery runs (by a listener, or by anything a listener calls) is queued and
 * delivered once the current delivery has reached every listener, in emission order. So every
 * listener sees the records in the same order, and none reacts to a record in the middle of
 * another listener's handling of an earlier one.
 *
 * The queue is one array reused for the whole run (no allocation per record).
 */
export class Trace<R extends TraceRecord> {
  private readonly listeners: TraceListener<R>[] = [];
  /** Records emitted during a delivery, waiting for it to end; slots [0, queued) are in use. */
  private readonly queue: (R | undefined)[] = [];
  private queued = 0;
  private delivering = false;

  /** Adds a listener; listeners are called in subscription order. */
  subscribe(listener: TraceListener<R>): void {
    this.listeners.push(listener);
  }

  emit(record: R): void {
    if (this.delivering) {
      if (this.queued === this.queue.length) this.queue.push(record);
      else this.queue[this.queued] = record;
      this.queued++;
      return;
    }
    this.delivering = true;
    try {
      this.deliver(record);
      // Records queued meanwhile, in order; delivering one may queue more behind it.
      for (let i = 0; i < this.queued; i++) {
        const next = this.queue[i]!;
        this.queue[i] = undefined;
        this.deliver(next);
      }
    } finally {
      this.queued = 0;
      this.delivering = false;
    }
  }

  private deliver(record: R): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(record);
  }
}
