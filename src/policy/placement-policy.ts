import type { ClusterView } from '../model/cluster-state.js';
import type { Host } from '../model/host.js';
import type { PortMapping } from '../model/network/host-ports.js';
import type { PlacementFailure } from '../model/reasons/placement.js';
import { taskPortMappings, type NetworkMode } from '../model/task-definition.js';
import type { Task } from '../model/task.js';

/** What a task asks of a host. */
export interface PlacementRequest {
  readonly service: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  /** ECS network mode: awsvpc needs a free task ENI; bridge/host need their host ports. */
  readonly networkMode?: NetworkMode;
  readonly portMappings?: readonly PortMapping[];
  /** Only hosts of this Auto Scaling group (the task's capacity provider) qualify. */
  readonly group?: string;
  /** The image's architecture (task definition runtimePlatform); hosts must match. */
  readonly cpuArchitecture?: 'x86_64' | 'arm64';
}

/** The placement request of a task, from its task definition. */
export function requestOf(task: Task, group?: string): PlacementRequest {
  const td = task.taskDefinition;
  const request = {
    service: task.service.name,
    cpu: task.cpu,
    memoryMiB: task.memoryMiB,
    networkMode: td.networkMode,
    portMappings: taskPortMappings(td),
    ...(td.cpuArchitecture === undefined ? {} : { cpuArchitecture: td.cpuArchitecture }),
  };
  return group === undefined ? request : { ...request, group };
}

/**
 * A placement decision. "Does not fit" is a result with a reason, not an exception; the reason
 * is a code (ECS's or kube-scheduler's), worded for users by src/report/describe.
 */
export type PlacementResult = { readonly ok: true; readonly host: Host } | { readonly ok: false; readonly failure: PlacementFailure };

/**
 * Chooses a host for one task. Pure over the read-only view: it must not change state (the
 * caller acts on the decision) and must not keep references to hosts between calls.
 */
export interface PlacementPolicy {
  readonly name: string;
  place(request: PlacementRequest, view: ClusterView): PlacementResult;
}
