import type { Task } from '../model/task.js';
import type { ContainerKiller } from './health-monitor.js';

/**
 * The node agents of a run as one: a task with no host runs on Fargate (its microVM's agent),
 * any other on its instance's agent (the ECS container agent or kubelet). Liveness probes,
 * taskKill faults and CoreDNS crashes reach containers through it.
 */
export class NodeAgents implements ContainerKiller {
  constructor(
    private readonly fargate: ContainerKiller,
    private readonly ec2: ContainerKiller,
  ) {}

  killContainer(task: Task): boolean {
    return (task.host === null ? this.fargate : this.ec2).killContainer(task);
  }
}
