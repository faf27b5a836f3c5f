import type { Task, TaskStatus } from './cluster-objects.js';

// Task is declared with Host and Service in cluster-objects.ts (they point at each other);
// its types are re-exported here, their public home.
export type { StopCode, Task, TaskStatus } from './cluster-objects.js';

export const TASK_STATUSES: readonly TaskStatus[] = ['UNPLACED', 'PROVISIONING', 'PENDING', 'RUNNING', 'STOPPING', 'STOPPED'];

/** The legal next states of each state. Anything else is a bug, caught by the invariants. */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  UNPLACED: ['PROVISIONING', 'STOPPED'],
  PROVISIONING: ['PENDING', 'STOPPING', 'STOPPED'],
  PENDING: ['RUNNING', 'STOPPING', 'STOPPED'],
  RUNNING: ['STOPPING', 'STOPPED'],
  STOPPING: ['STOPPED'],
  STOPPED: [],
};

/**
 * The task's AZ: its ENI's subnet (awsvpc, Fargate) or its instance's; undefined before it has
 * either. A task with both has them in one AZ (its ENI comes from a subnet in the instance's AZ).
 */
export function taskAz(task: Task): string | undefined {
  return task.ipSubnet?.az ?? task.host?.az;
}

/**
 * The AZ of a task that must have one by now (it is on a host or has its ENI); a task with
 * neither is a bug, thrown naming what the caller wanted the AZ `for`.
 */
export function requireTaskAz(task: Task, purpose: string): string {
  const az = taskAz(task);
  if (az === undefined) throw new Error(`${task.id} has neither a subnet nor a host: no AZ ${purpose}`);
  return az;
}

export function isLive(task: Task): boolean {
  return task.status !== 'STOPPED';
}

/** A task that holds host resources: placed and not yet stopped. */
export function holdsResources(task: Task): boolean {
  return task.status !== 'UNPLACED' && task.status !== 'STOPPED';
}

/** A pod's priority: its PriorityClass value, resolved on its workload's pod template (0 without one). */
export function podPriority(task: Task): number {
  return task.service.podScheduling.priority ?? 0;
}
