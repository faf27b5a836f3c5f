/**
 * ALB slow start for one target group (docs/models.md, "Load balancer rules", item 5), kept
 * event by event: the actions module tells it when a target comes into service ({@link enter})
 * and when it leaves ({@link leave}); the load driver reads the ramping targets and the total
 * weight each tick without scanning the group. A target enters slow start when it comes into
 * service while another target is in service and out of slow start ("Newly registered targets
 * enter slow start mode only when there is at least one healthy target that is not in slow start
 * mode", ELB user guide, "Slow start mode"); its ramp ends `durationMs` later, when it joins the
 * full-share targets (generic over the target's type, so the model's object graph can hold it). Ramps start in time order and all last `durationMs`, so they also end in
 * that order: the ramping targets are a queue (a Map in insertion order) whose head ends first,
 * and {@link advance} moves the ended ones over in O(1) each.
 */
export class SlowStartLedger<Target> {
  /** Targets in slow start and when each came into service, in that order (so also in the order their ramps end). */
  readonly ramping = new Map<Target, number>();
  /** Targets in service with a full share (out of slow start, or never in it). */
  private fullShare = 0;
  /** The sum of the ramping targets' start times (integer ms: exact), for the total weight. */
  private sinceSum = 0;

  constructor(readonly durationMs: number) {}

  /** Targets in service with a full share, as of the last {@link advance}. */
  get fullShareTargets(): number {
    return this.fullShare;
  }

  /** Ends the ramps that have run their course by `now` (their targets take full shares from then). */
  advance(now: number): void {
    for (const [task, since] of this.ramping) {
      if (since + this.durationMs > now) break;
      this.ramping.delete(task);
      this.sinceSum -= since;
      this.fullShare++;
    }
  }

  /** `task` comes into service at `now`: it ramps up if another target has a full share, else takes a full share at once. */
  enter(task: Target, now: number): void {
    this.advance(now);
    if (this.fullShare > 0) {
      this.ramping.set(task, now);
      this.sinceSum += now;
    } else this.fullShare++;
  }

  /** `task` leaves service (unhealthy, deregistered, stopped). */
  leave(task: Target): void {
    const since = this.ramping.get(task);
    if (since === undefined) this.fullShare--;
    else {
      this.ramping.delete(task);
      this.sinceSum -= since;
    }
  }

  /**
   * The sum of the in-service targets' weights at `now` (after {@link advance}): a full share
   * counts 1, a ramping target (now - since) / duration (slowStartWeight in src/model/load.ts).
   */
  totalWeight(now: number): number {
    return this.fullShare + (this.ramping.size * now - this.sinceSum) / this.durationMs;
  }
}
