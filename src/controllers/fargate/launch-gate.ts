import { Priority, type Simulation, type Timer } from '../../engine/simulation.js';
import { FARGATE_SPOT } from '../../model/capacity-provider.js';
import { CPU_SHARES_PER_VCPU } from '../../model/resources.js';
import type { FargateQuotas } from '../../model/params/fargate-quotas.js';
import type { Task } from '../../model/task.js';
import { TokenBucket } from '../../model/token-bucket.js';
import type { Actions } from '../actions/index.js';

/** A service's tasks waiting to launch, oldest first (`head`: the next one, so no shifting). */
interface Waiting {
  readonly tasks: Task[];
  head: number;
  /** Its per-service launch bucket (500 a minute). */
  readonly bucket: TokenBucket;
  /** Whether the service has been told why its tasks wait (once per episode). */
  told: 'rate' | 'vcpu' | null;
}

/**
 * Fargate's launch quotas in front of the microVMs (docs/models.md, "Service quotas"): every task
 * (or pod) takes a token from the account's On-Demand or Spot bucket (burst 100, 20 a second) and
 * from its service's (500 a minute), and launches only while the account's Fargate vCPUs of that
 * kind stay within the quota. Tasks that must wait stay in PROVISIONING in their service's queue;
 * services take turns, one task each, so one service's burst does not starve another's. One timer
 * wakes the gate when the next token is due; a stopped task that held vCPUs wakes it too.
 */
export class FargateLaunchGate {
  private readonly onDemand: TokenBucket;
  private readonly spot: TokenBucket;
  private readonly waiting = new Map<string, Waiting>();
  /** Tasks let through and not yet stopped, with the vCPUs they hold. */
  private readonly admitted = new Map<Task, number>();
  private vcpuOnDemand = 0;
  private vcpuSpot = 0;
  private wake: Timer | null = null;
  private wakeAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly quotas: FargateQuotas,
    /** Starts the task's microVM and ENI (the launcher's provisioning). */
    private readonly launch: (task: Task) => void,
  ) {
    this.onDemand = new TokenBucket(quotas.onDemandLaunchBurst, quotas.onDemandLaunchesPerSecond);
    this.spot = new TokenBucket(quotas.spotLaunchBurst, quotas.spotLaunchesPerSecond);
  }

  /** A task placed on Fargate (PROVISIONING) asks to launch: now if the quotas allow, else in turn. */
  enqueue(task: Task): void {
    const name = task.service.name;
    let w = this.waiting.get(name);
    if (w === undefined) {
      const perMinute = this.quotas.serviceLaunchesPerMinute;
      this.waiting.set(name, (w = { tasks: [], head: 0, bucket: this.serviceBucket(name, perMinute), told: null }));
    }
    w.tasks.push(task);
    this.pump();
  }

  /** The task stopped: its vCPUs go back to the quota. */
  release(task: Task): void {
    const vcpu = this.admitted.get(task);
    if (vcpu === undefined) return;
    this.admitted.delete(task);
    if (isSpot(task)) this.vcpuSpot -= vcpu;
    else this.vcpuOnDemand -= vcpu;
    if (this.waiting.size > 0) this.pump();
  }

  /** Per-service buckets outlive their queues: a service's rate is a property of the service. */
  private readonly serviceBuckets = new Map<string, TokenBucket>();
  private serviceBucket(name: string, perMinute: number): TokenBucket {
    let b = this.serviceBuckets.get(name);
    if (b === undefined) this.serviceBuckets.set(name, (b = new TokenBucket(perMinute, perMinute / 60)));
    return b;
  }

  private readonly pump = (): void => {
    const now = this.sim.now;
    let launched = true;
    while (launched) {
      launched = false;
      for (const [name, w] of this.waiting) {
        const task = this.nextLive(w);
        if (task === undefined) {
          this.waiting.delete(name);
          continue;
        }
        const vcpu = task.cpu / CPU_SHARES_PER_VCPU;
        const spot = isSpot(task);
        if ((spot ? this.vcpuSpot : this.vcpuOnDemand) + vcpu > (spot ? this.quotas.spotVcpu : this.quotas.onDemandVcpu)) {
          this.tell(task, w, 'vcpu');
          continue;
        }
        const account = spot ? this.spot : this.onDemand;
        if (account.available(now) < 1 - 1e-9 || w.bucket.available(now) < 1 - 1e-9) {
          this.tell(task, w, 'rate');
          continue;
        }
        account.tryTake(now);
        w.bucket.tryTake(now);
        w.head++;
        this.admitted.set(task, vcpu);
        if (spot) this.vcpuSpot += vcpu;
        else this.vcpuOnDemand += vcpu;
        // Round-robin: the service goes to the back of the line.
        this.waiting.delete(name);
        this.waiting.set(name, w);
        this.launch(task);
        launched = true;
        break;
      }
    }
    this.scheduleWake(now);
  };

  /** The queue's first task still waiting (a task stopped while it waited is dropped). */
  private nextLive(w: Waiting): Task | undefined {
    while (w.head < w.tasks.length && w.tasks[w.head]!.status !== 'PROVISIONING') w.head++;
    if (w.head >= w.tasks.length) return undefined;
    if (w.head > 1024 && w.head * 2 > w.tasks.length) {
      w.tasks.splice(0, w.head);
      w.head = 0;
    }
    return w.tasks[w.head];
  }

  /** When the next waiting task can get its tokens (vCPU waits are woken by `release`). */
  private scheduleWake(now: number): void {
    let next = Number.POSITIVE_INFINITY;
    for (const w of this.waiting.values()) {
      const task = this.nextLive(w);
      if (task === undefined || w.told === 'vcpu') continue;
      const account = isSpot(task) ? this.spot : this.onDemand;
      next = Math.min(next, now + Math.max(account.msUntil(now), w.bucket.msUntil(now)));
    }
    if (next === this.wakeAt || next === Number.POSITIVE_INFINITY) return;
    if (this.wake !== null) this.sim.cancel(this.wake);
    this.wakeAt = next;
    this.wake = this.sim.at(next, this.onWake, undefined, Priority.Decision);
  }

  private readonly onWake = (): void => {
    this.wake = null;
    this.wakeAt = Number.POSITIVE_INFINITY;
    this.pump();
  };

  /** The service's event saying why its tasks wait, once per episode (until its queue empties, or the reason changes). */
  private tell(task: Task, w: Waiting, why: 'rate' | 'vcpu'): void {
    if (w.told === why) return;
    w.told = why;
    const spot = isSpot(task);
    if (why === 'vcpu') this.actions.services.event(task.service, { code: 'FARGATE_VCPU_LIMIT', spot, limit: spot ? this.quotas.spotVcpu : this.quotas.onDemandVcpu });
    else this.actions.services.event(task.service, { code: 'FARGATE_LAUNCH_RATE', spot, burst: spot ? this.quotas.spotLaunchBurst : this.quotas.onDemandLaunchBurst, perSecond: spot ? this.quotas.spotLaunchesPerSecond : this.quotas.onDemandLaunchesPerSecond, servicePerMinute: this.quotas.serviceLaunchesPerMinute });
  }
}

function isSpot(task: Task): boolean {
  return task.capacityProvider === FARGATE_SPOT;
}
