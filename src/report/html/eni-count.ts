import type { EventHandlers } from '../event-handlers.js';

/** One instance's ENI count; tasks holding an ENI point at it, so a stop needs no second lookup. */
interface HostEnis {
  n: number;
  /** False once the instance is terminated: tasks still pointing at it change nothing. */
  live: boolean;
}

/**
 * ENIs attached to each instance, from the trace: the primary ENI of an instance launched into a
 * VPC, ipamd's further ENIs on EKS nodes (attached at `eni.attach-started`, gone at
 * `eni.detached`), and the ENI of each awsvpc task placed on it (ECS on EC2, trunk branch ENIs
 * included), from `task.eni-attached` until the task stops.
 *
 * It keeps how many instances have each ENI count, so the most on one instance and the mean are
 * O(distinct counts) to read and O(1) to update. An event costs one map lookup (a task's stop:
 * one lookup and one delete).
 */
export class EniCount {
  private readonly perHost = new Map<string, HostEnis>();
  /** Tasks holding an ENI on an instance: task -> the instance's record. */
  private readonly taskHost = new Map<string, HostEnis>();
  /** hostsWith[k]: instances with k ENIs. */
  private readonly hostsWith: number[] = [];
  private total = 0;

  /** What it reads, by event type (the report's recorder combines these with its other readers'). */
  readonly handlers: EventHandlers = {
    'host.launched': (r) => {
      if (r.subnet !== null) this.launched(r.host);
    },
    'host.terminated': (r) => {
      const h = this.perHost.get(r.host);
      if (h === undefined) return;
      this.hostsWith[h.n]!--;
      this.total -= h.n;
      h.live = false;
      this.perHost.delete(r.host);
    },
    'eni.attach-started': (r) => this.bump(this.perHost.get(r.host), 1),
    'eni.detached': (r) => this.bump(this.perHost.get(r.host), -1),
    'task.eni-attached': (r) => {
      if (r.host === null) return;
      const h = this.perHost.get(r.host);
      if (h === undefined) return;
      this.taskHost.set(r.task, h);
      this.bump(h, 1);
    },
    'task.stopped': (r) => {
      if (this.taskHost.size === 0) return;
      const h = this.taskHost.get(r.task);
      if (h === undefined) return;
      this.taskHost.delete(r.task);
      this.bump(h, -1);
    },
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
    return this.perHost.size === 0 ? 0 : this.total / this.perHost.size;
  }

  /** A new instance with its primary ENI (a relaunched id starts over). */
  private launched(host: string): void {
    const before = this.perHost.get(host);
    if (before !== undefined) {
      this.hostsWith[before.n]!--;
      this.total -= before.n;
      before.live = false;
    }
    const h: HostEnis = { n: 0, live: true };
    this.perHost.set(host, h);
    this.count(0, 1);
    this.bump(h, 1);
  }

  private bump(h: HostEnis | undefined, by: number): void {
    if (h === undefined || !h.live) return;
    this.hostsWith[h.n]!--;
    h.n += by;
    this.count(h.n, 1);
    this.total += by;
  }

  private count(n: number, by: number): void {
    while (this.hostsWith.length <= n) this.hostsWith.push(0);
    this.hostsWith[n]! += by;
  }
}
