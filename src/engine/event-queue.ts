import FastPriorityQueue from 'fastpriorityqueue';
import type { Millis } from './time.js';

/**
 * A scheduled callback. Returned by `schedule` as the handle for cancellation; treat it as
 * opaque outside the engine.
 */
export interface ScheduledEvent {
  readonly at: Millis;
  readonly priority: number;
  readonly seq: number;
  /** True once the event fired or was cancelled: it will never fire (again). */
  done: boolean;
  readonly fire: (data: unknown) => void;
  readonly data: unknown;
}

/**
 * Total order of events: time, then priority band (lower first), then scheduling sequence.
 * fastpriorityqueue is not stable, so the sequence number is what makes equal-time events run in
 * the order they were scheduled.
 */
function earlier(a: ScheduledEvent, b: ScheduledEvent): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

/**
 * The pending-event set. Cancellation is lazy: a cancelled event stays in the heap, flagged
 * `done`, and is dropped when it reaches the top (fastpriorityqueue's `remove` is a linear scan).
 */
export class EventQueue {
  private readonly heap = new FastPriorityQueue<ScheduledEvent>(earlier);
  private nextSeq = 0;
  private live = 0;

  /** Number of events that will still fire (cancelled ones excluded). */
  get size(): number {
    return this.live;
  }

  push<T>(at: Millis, priority: number, fire: (data: T) => void, data: T): ScheduledEvent {
    const event: ScheduledEvent = {
      at,
      priority,
      seq: this.nextSeq++,
      done: false,
      fire: fire as (data: unknown) => void,
      data,
    };
    this.heap.add(event);
    this.live++;
    return event;
  }

  /** Marks the event so it never fires. Cancelling twice, or after it fired, is a no-op. */
  cancel(event: ScheduledEvent): void {
    if (event.done) return;
    event.done = true;
    this.live--;
  }

  /** The next event that will fire, without removing it; cancelled heads are discarded. */
  peek(): ScheduledEvent | undefined {
    let head = this.heap.peek();
    while (head !== undefined && head.done) {
      this.heap.poll();
      head = this.heap.peek();
    }
    return head;
  }

  /** Removes and returns the next live event, marking it spent so a late cancel is harmless. */
  pop(): ScheduledEvent | undefined {
    const head = this.peek();
    if (head === undefined) return undefined;
    this.heap.poll();
    head.done = true;
    this.live--;
    return head;
  }
}
