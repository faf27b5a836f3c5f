import type { FleetEvent } from '../../model/events/index.js';

/**
 * ENIs attached to each instance, from the trace: the primary ENI of an instance launched into a
 * VPC, ipamd's further ENIs on EKS nodes (attached at `eni.attach-started`, gone at
 * `eni.detached`), and the ENI of each awsvpc task placed on it (ECS on EC2, trunk branch ENIs
 * included), from `task.eni-attached` until the task stops.
 *
 * It keeps how many instances have each ENI count, so the most on one instance and the mean are
 * O(distinct counts) to read and O(1) to update.
 */
export class EniCount {
  private readonly perHost = new Map<string, number>();
  /** Tasks holding an ENI on an instance: task -> instance. */
  private readonly taskHost = new Map<string, string>();
  /** hostsWith[k]: instances with k ENIs. */
  private readonly hostsWith: number[] = [];
  private total = 0;

  readonly listener = (r: FleetEvent): void => {
    switch (r.type) {
      case 'host.launched':
        if (r.subnet !== null) this.set(r.host, 1);
        break;
      case 'host.terminated': {
        const n = this.perHost.get(r.host);
        if (n === undefined) return;
        this.hostsWith[n]!--;
        this.total -= n;
        this.perHost.delete(r.host);
        break;
      }
      case 'eni.attach-started':
        this.bump(r.host, 1);
        break;
      case 'eni.detached':
        this.bump(r.host, -1);
        break;
      case 'task.eni-attached':
        if (r.host === null) return;
        this.taskHost.set(r.task, r.host);
        this.bump(r.host, 1);
        break;
      case 'task.stopped': {
        const host = this.taskHost.get(r.task);
        if (host === undefined) return;
        this.taskHost.delete(r.task);
        this.bump(host, -1);
        break;
      }
    }
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

  private bump(host: string, by: number): void {
    const n = this.perHost.get(host);
    if (n !== undefined) this.set(host, n + by);
  }

  private set(host: string, n: number): void {
    const before = this.perHost.get(host);
    if (before !== undefined) {
      this.hostsWith[before]!--;
      this.total -= before;
    }
    while (this.hostsWith.length <= n) this.hostsWith.push(0);
    this.hostsWith[n]!++;
    this.total += n;
    this.perHost.set(host, n);
  }
}
