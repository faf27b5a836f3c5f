import type { ClusterView } from '../model/cluster-state.js';
import type { DeviceCounts } from '../model/devices.js';
import type { Host } from '../model/host.js';
import type { PortMapping } from '../model/network/host-ports.js';
import type { PlacementFailure } from '../model/reasons/placement.js';
import { taskPortMappings, type NetworkMode } from '../model/task-definition.js';
import type { Task } from '../model/task.js';
import type { FleetEvent } from '../model/events/index.js';

/**
 * What a task or pod asks of a host. It carries the task itself, so per-task rules (its
 * priority, its own labels, volumes or ordinals one day) have a place; the service name and
 * the resources are copied out because every policy reads them on its hot path.
 */
export interface PlacementRequest {
  /**
   * The task or pod being placed. Absent only in what-if requests that have no object behind
   * them (benchmarks that measure a policy alone); a policy must not require it for resources.
   */
  readonly task?: Task;
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
  /** GPUs and Neuron devices it needs free on the host (the task definition's); absent: none. */
  readonly devices?: DeviceCounts;
}

/** The placement request of an ECS task, from its task definition. */
export function requestOf(task: Task, group?: string): PlacementRequest {
  const td = task.taskDefinition;
  const request = {
    task,
    service: task.service.name,
    cpu: task.cpu,
    memoryMiB: task.memoryMiB,
    networkMode: td.networkMode,
    portMappings: taskPortMappings(td),
    ...(td.cpuArchitecture === undefined ? {} : { cpuArchitecture: td.cpuArchitecture }),
    ...(td.devices === undefined ? {} : { devices: td.devices }),
  };
  return group === undefined ? request : { ...request, group };
}

/**
 * The placement request of a Kubernetes pod: its requests (extended resources included) and itself. kube-scheduler knows
 * nothing of ENIs or host ports (NodePorts is not modelled), so neither is asked for.
 */
export function podRequestOf(task: Task): PlacementRequest {
  const devices = task.taskDefinition.devices;
  return devices === undefined ? { task, service: task.service.name, cpu: task.cpu, memoryMiB: task.memoryMiB } : { task, service: task.service.name, cpu: task.cpu, memoryMiB: task.memoryMiB, devices };
}

/**
 * A placement decision. "Does not fit" is a result with a reason, not an exception; the reason
 * is a code (ECS's or kube-scheduler's), worded for users by src/report/describe in the
 * orchestrator's own words: ECS's service event for the ECS policies, kube-scheduler's
 * `0/N nodes are available: ...` for the Kubernetes ones.
 */
export type PlacementResult =
  | { readonly ok: true; readonly host: Host }
  | {
      readonly ok: false;
      readonly failure: PlacementFailure;
      /** kube-scheduler's preemption for the pod, when it did something (the caller acts on it). */
      readonly preemption?: PreemptionDecision;
    };

/**
 * What preemption decided for a pod that fits nowhere now: the node nominated for it (its
 * status.nominatedNodeName) and the lower-priority pods to delete there, which the caller deletes
 * gracefully; or `nominated: null`, its earlier nomination cleared.
 */
export interface PreemptionDecision {
  readonly nominated: Host | null;
  readonly victims: readonly Task[];
  /** Pods of lower priority whose nomination to the same node this one cleared. */
  readonly displaced: readonly Task[];
}

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
  /**
   * Keeps the policy's own indexes current: the composition root subscribes it to the trace
   * before the first decision. Optional: a policy that reads everything from the view needs none.
   */
  readonly onRecord?: (event: FleetEvent) => void;
}
