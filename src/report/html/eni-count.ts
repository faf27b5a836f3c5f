import type { EventHandlers } from '../event-handlers.js';
import { IdSlots } from './id-slots.js';

/** A terminated instance's record: no count of ENIs ever comes near it. */
const TERMINATED = -0x8000_0000;

/**
 * ENIs attached to each instance, from the trace: the primary ENI of an instance launched into a
 * VPC, ipamd's further ENIs on EKS nodes (attached at `eni.attach-started`, gone at
 * `eni.detached`), and the ENI of each awsvpc task placed on it (ECS on EC2, trunk branch ENIs
 * included), from `task.eni-attached` until the task stops (a task stopped before its ENI
 * attached changes nothing).
 *
 * It keeps how many instances have each ENI count, so the most on one instance and the mean are
 * O(distinct counts) to read and O(1) to update. Each instance launch gets a record (a number);
 * instances and tasks find theirs through IdSlots (by the number in their id, not by hashing it),
 * so an event costs no map lookup and allocates nothing.
 */
export class EniCount {
  /** Instance -> 1 + its record (a relaunched id gets a new record). */
  private readonly perHost = new IdSlots('i');
  /** Tasks holding an ENI on an instance: task -> 1 + the instance's record. */
  private readonly taskHost = new IdSlots('t');
  /** Per record (one per instance launch): its ENIs, or TERMINATED (tasks still pointing at it change nothing). */
  private enis = new Int32Array(1024);
  private records = 0;
  /** hostsWith[k]: instances with k ENIs. */
  private readonly hostsWith: number[] = [];
  private total = 0;
  private hosts = 0;

  /** What it reads, by event type (the report's recorder combines these with its other readers'). */
  readonly handlers: EventHandlers = {
    'host.launched': (r) => {
      if (r.subnet !== null) this.launched(r.host);
    },
    'host.terminated': (r) => this.terminate(this.perHost.take(r.host)),
    'eni.attach-started': (r) => this.bump(this.perHost.get(r.host), 1),
    'eni.detached': (r) => this.bump(this.perHost.get(r.host), -1),
    'task.eni-attached': (r) => {
      if (r.host === null) return;
      const record = this.perHost.get(r.host);
      if (record === 0) return;
      this.taskHost.set(r.task, record);
      this.bump(record, 1);
    },
    'task.stopped': (r) => this.bump(this.taskHost.take(r.task), -1),
  };

  /** Whether any instance ever had an ENI (runs without a VPC have none). */
  get seen(): boolean {
    return this.hostsWith.length > 0;
  }

  /** The most ENIs on one instance now (0 without instances). */
  max(): number {
    for (let k = this.hostsWith.length - 1; k > 0; k--) if (this.hostsWith[k]! > 0) return k;
    return 0;
  }

  /** ENIs per instance now, on average over the instances with any. */
  mean(): number {
    return this.hosts === 0 ? 0 : this.total / this.hosts;
  }

  /** A new instance with its primary ENI (a relaunched id starts over). */
  private launched(host: string): void {
    this.terminate(this.perHost.get(host));
    if (this.records === this.enis.length) {
      const bigger = new Int32Array(this.records * 2);
      bigger.set(this.enis);
      this.enis = bigger;
    }
    const record = ++this.records;
    this.perHost.set(host, record);
    this.hosts++;
    this.count(0, 1);
    this.bump(record, 1);
  }

  /** The instance of `record` (1-based; 0: none) is gone, with its ENIs. */
  private terminate(record: number): void {
    if (record === 0) return;
    const n = this.enis[record - 1]!;
    this.hostsWith[n]!--;
    this.total -= n;
    this.hosts--;
    this.enis[record - 1] = TERMINATED;
  }

  /** Adds `by` ENIs to the instance of `record` (1-based; 0: none), unless it is terminated. */
  private bump(record: number, by: number): void {
    if (record === 0) return;
    const n = this.enis[record - 1]!;
    if (n === TERMINATED) return;
    this.hostsWith[n]!--;
    this.enis[record - 1] = n + by;
    this.count(n + by, 1);
    this.total += by;
  }

  private count(n: number, by: number): void {
    while (this.hostsWith.length <= n) this.hostsWith.push(0);
    this.hostsWith[n]! += by;
  }
}
