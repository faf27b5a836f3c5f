import type { Host } from '../../model/host.js';
import type { QueryExpr, QueryProperty, QueryTarget } from './cluster-query.js';

/**
 * The calendar instant simulated time 0 stands for, so `registeredAt` comparisons in cluster
 * queries have dates to compare with: 2024-01-01T00:00:00Z. A fleetsim convention, not AWS's.
 */
export const SIMULATION_EPOCH_MS = 1_704_067_200_000;

/** The ECS agent version every simulated container instance reports (`agentVersion`). */
export const SIMULATED_AGENT_VERSION = '1.86.0';

/** The task group of a service's tasks: "Tasks launched as part of a service use the service name" (`service:<name>`). */
export function serviceTaskGroup(service: string): string {
  return `service:${service}`;
}

/**
 * A host as the cluster query language sees it. One instance is reused for every host (set
 * `host`, then evaluate), so evaluating a query on the placement hot path allocates nothing here.
 *
 * - attributes: the host's `ecs.*` built-ins and custom attributes;
 * - `agentConnected`: true (fleetsim does not model agent disconnects);
 * - `agentVersion`: {@link SIMULATED_AGENT_VERSION};
 * - `ec2InstanceId`: the host id;
 * - `registeredAt`: when it became ACTIVE, on the {@link SIMULATION_EPOCH_MS} calendar;
 * - `runningTasksCount`: its tasks in RUNNING;
 * - task groups: `service:<name>` of every task placed on it and not yet stopped, from the
 *   `groupsOf` the owner passes (the engine answers from its counters, the reference from
 *   `host.tasks`).
 */
export class HostQueryTarget implements QueryTarget {
  host: Host | undefined;

  constructor(private readonly groupsOf: (host: Host) => Iterable<string>) {}

  /** Points the target at `host` and returns it, for `evaluateClusterQuery(q, target.of(h))`. */
  of(host: Host): this {
    this.host = host;
    return this;
  }

  attribute(name: string): string | undefined {
    return this.host!.attributes.get(name);
  }

  property(name: QueryProperty): string | number | boolean | undefined {
    const host = this.host!;
    switch (name) {
      case 'agentConnected':
        return true;
      case 'agentVersion':
        return SIMULATED_AGENT_VERSION;
      case 'ec2InstanceId':
        return host.id;
      case 'registeredAt':
        return host.activeAt === null ? undefined : SIMULATION_EPOCH_MS + host.activeAt;
      case 'runningTasksCount': {
        let n = 0;
        for (const task of host.tasks) if (task.status === 'RUNNING') n++;
        return n;
      }
    }
  }

  taskGroups(): Iterable<string> {
    return this.groupsOf(this.host!);
  }
}

/** The task groups of the tasks on a host, computed from `host.tasks` (allocates; for the reference and explanations). */
export function taskGroupsFromTasks(host: Host): string[] {
  const out: string[] = [];
  for (const task of host.tasks) out.push(serviceTaskGroup(task.service.name));
  return out;
}

/**
 * Whether a query's answer for a host can change after the host registers: true when it reads
 * task groups or `runningTasksCount`. Other subjects (attributes, instance id, agent version,
 * registration time) are fixed once the host is ACTIVE, so the engine evaluates such a query once
 * per host and keeps the matching set.
 */
export function isDynamicQuery(expr: QueryExpr): boolean {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.operands.some(isDynamicQuery);
    case 'not':
      return isDynamicQuery(expr.operand);
    case 'condition':
      return expr.subject.kind === 'task-group' || (expr.subject.kind === 'property' && expr.subject.name === 'runningTasksCount');
  }
}
