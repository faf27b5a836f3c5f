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
 * is a code (ECS's or kube-scheduler's), worded for users by src/report/describe in the
 * orchestrator's own words: ECS's service event for the ECS policies, kube-scheduler's
 * `0/N nodes are available: ...` for the Kubernetes ones.
 */
export type PlacementResult = { readonly ok: true; readonly host: Host } | { readonly ok: false; readonly failure: PlacementFailure };

/**
 * Chooses a host for one task. It must not change cluster state: the caller acts on the
 * decision. It may keep its own bookkeeping between calls (indexes of the hosts kept current
 * from the trace, kube-scheduler's rotating start index, scratch arrays, its random stream), all
 * of it deterministic, so the same calls in the same order make the same choices.
 * `EcsPlacementEngine`'s indexes only make it fast: it chooses what the naive scan
 * `naiveEcsPlace` would, and answers for any other view (a what-if clone) with that scan.
 */
export interface PlacementPolicy {
  readonly name: string;
  place(request: PlacementRequest, view: ClusterView): PlacementResult;
}
