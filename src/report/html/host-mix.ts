import type { EventHandlers } from '../event-handlers.js';

/**
 * What the cluster runs on, counted from the trace: EC2 instances from launch to termination
 * (by capacity type, instance type and AZ) and Fargate tasks from placement to STOPPED (each a
 * microVM: `Fargate`, or `Fargate Spot` for tasks of the FARGATE_SPOT capacity provider).
 * Counts change in O(1) per event (a run without Fargate reads no task event); categories keep
 * their first-seen order.
 */
export class HostMix {
  readonly byCapacityType = new Map<string, number>();
  readonly byInstanceType = new Map<string, number>();
  readonly byAz = new Map<string, number>();
  private readonly hosts = new Map<string, { capacityType: string; instanceType: string; az: string }>();
  private readonly fargateTasks = new Map<string, string>();
  private readonly spotTasks = new Set<string>();

  /**
   * What it reads, by event type (the report's recorder combines these with its other readers').
   * Task events only when tasks can run on Fargate: on EC2 they change no count.
   */
  readonly handlers: EventHandlers;

  /**
   * `fargate`: whether any service runs on Fargate (launchType FARGATE, which every task placed
   * without a host has); without, it reads no task event.
   */
  constructor(fargate = true) {
    this.handlers = fargate ? { ...this.hostEvents, ...this.taskEvents } : this.hostEvents;
  }

  private readonly hostEvents: EventHandlers = {
    'host.launched': (r) => {
      const h = { capacityType: r.capacityType, instanceType: r.instanceType, az: r.az };
      this.hosts.set(r.host, h);
      this.count(h, 1);
    },
    'host.terminated': (r) => {
      const h = this.hosts.get(r.host);
      if (h === undefined) return;
      this.hosts.delete(r.host);
      this.count(h, -1);
    },
  };

  private readonly taskEvents: EventHandlers = {
    'task.created': (r) => {
      if (r.capacityProvider === 'FARGATE_SPOT') this.spotTasks.add(r.task);
    },
    'task.placed': (r) => {
      // On EC2 (the common case) with no Fargate Spot task waiting, nothing to look up.
      if (r.host !== null && this.spotTasks.size === 0) return;
      if (r.host === null) {
        const kind = this.spotTasks.has(r.task) ? 'Fargate Spot' : 'Fargate';
        this.fargateTasks.set(r.task, kind);
        bump(this.byCapacityType, kind, 1);
      }
      this.spotTasks.delete(r.task);
    },
    'task.stopped': (r) => {
      if (this.spotTasks.size === 0 && this.fargateTasks.size === 0) return;
      this.spotTasks.delete(r.task);
      const kind = this.fargateTasks.get(r.task);
      if (kind === undefined) return;
      this.fargateTasks.delete(r.task);
      bump(this.byCapacityType, kind, -1);
    },
  };

  private count(h: { capacityType: string; instanceType: string; az: string }, by: 1 | -1): void {
    bump(this.byCapacityType, h.capacityType, by);
    bump(this.byInstanceType, h.instanceType, by);
    bump(this.byAz, h.az, by);
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}
