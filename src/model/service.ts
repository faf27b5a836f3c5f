import type { TaskDefinition } from './task-definition.js';
import type { Task, TaskStatus } from './task.js';

export type LaunchType = 'EC2';

/** An ECS service: keeps `desiredCount` copies of its task definition running. */
export interface Service {
  readonly name: string;
  readonly launchType: LaunchType;
  readonly taskDefinition: TaskDefinition;
  desiredCount: number;
  /** Tasks not yet STOPPED, in creation order (a Set iterates in insertion order). */
  readonly tasks: Set<Task>;
  /** Counts by status, kept incrementally by the actions module (includes STOPPED). */
  readonly counts: Record<TaskStatus, number>;
}

export function emptyCounts(): Record<TaskStatus, number> {
  return { UNPLACED: 0, PROVISIONING: 0, PENDING: 0, RUNNING: 0, STOPPING: 0, STOPPED: 0 };
}
