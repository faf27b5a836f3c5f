/**
 * The order a task's containers start in (docs/models.md, "Sidecars, container dependencies and
 * init containers"): ECS container `dependsOn` and Kubernetes init containers (regular ones run
 * to completion one after another; native sidecars, init containers with `restartPolicy:
 * Always`, start and must pass their startup probe before the next one). Pure: the node agent
 * gives the container-start draws and acts on the plan.
 *
 * ECS (ContainerDependency): START waits for the dependency to have started; HEALTHY for its
 * container health check to pass; COMPLETE for it to have exited; SUCCESS for it to have exited
 * with code 0 (fleetsim's run-to-completion containers always exit 0, so COMPLETE and SUCCESS
 * wait alike). Containers without dependencies start together, as the agent starts them.
 */
import { CRASH_EXIT_CODE } from './app-failure.js';
import type { CpuArchitecture } from './catalog/instance-type.js';
import type { ContainerExitCause } from './events/pod.js';
import { appContainer, type ContainerDefinition, type DependencyCondition, type TaskDefinition } from './task-definition.js';

/** When each container of a task starts, relative to its images being ready (ms). */
export interface ContainerStartPlan {
  /** Until every container has started (a run-to-completion one has started, and its dependants waited for it): the task is RUNNING. */
  readonly allStartedMs: number;
  /**
   * Of `allStartedMs`, the time the last container to start spent waiting for its dependencies
   * (the start-up split's "dependencies" phase); 0 when nothing waits.
   */
  readonly dependencyWaitMs: number;
  /** Container names in the order they start (ties: definition order). */
  readonly order: readonly string[];
  /**
   * How long after the app (the first essential container that is not a mesh proxy) starts its
   * mesh proxy is ready; 0 when the proxy is ready first or there is none. An app that connects
   * out while it starts fails in that window (the legacy sidecar start-up race).
   */
  readonly proxyLagMs: number;
}

/** Whether the task's containers start in an order (some container depends on another). */
export function hasStartOrder(containers: readonly ContainerDefinition[]): boolean {
  for (const c of containers) if (c.dependsOn !== undefined && c.dependsOn.length > 0) return true;
  return false;
}

/** Whether starting these containers needs a plan: some container waits for another, or a mesh proxy starts beside the app. */
export function needsStartPlan(containers: readonly ContainerDefinition[]): boolean {
  if (hasStartOrder(containers)) return true;
  for (const c of containers) if (c.sidecar !== undefined) return true;
  return false;
}

/**
 * The plan for `containers` (their dependencies checked acyclic by the scenario compiler): each
 * container starts `drawStart()` ms after the last of its conditions holds (one draw per
 * container, in definition order). A dependency's HEALTHY holds `readyAfterMs` after it starts,
 * COMPLETE and SUCCESS `runsForMs` after it starts.
 */
export function containerStartPlan(containers: readonly ContainerDefinition[], drawStart: () => number): ContainerStartPlan {
  const n = containers.length;
  const index = new Map<string, number>();
  containers.forEach((c, i) => index.set(c.name, i));
  const draws = containers.map(() => drawStart());
  const start = new Array<number>(n).fill(-1);
  const waited = new Array<number>(n).fill(0);
  const resolve = (i: number, depth: number): number => {
    if (start[i]! >= 0) return start[i]!;
    if (depth > n) throw new Error(`container dependencies of '${containers[i]!.name}' form a cycle`);
    let ready = 0;
    for (const d of containers[i]!.dependsOn ?? []) {
      const j = index.get(d.containerName);
      if (j === undefined) throw new Error(`container '${containers[i]!.name}' depends on unknown '${d.containerName}'`);
      ready = Math.max(ready, resolve(j, depth + 1) + holdsAfter(containers[j]!, d.condition));
    }
    waited[i] = ready;
    start[i] = ready + draws[i]!;
    return start[i]!;
  };
  let last = 0;
  for (let i = 0; i < n; i++) if (resolve(i, 0) > start[last]!) last = i;
  const order = containers.map((c, i) => ({ name: c.name, at: start[i]!, i })).sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.name);
  const app = containers.findIndex((c) => c.essential && c.sidecar === undefined && c.init !== true);
  // (appContainer's rule, by index: the plan works on the containers alone.)
  const proxy = containers.findIndex((c) => c.sidecar !== undefined);
  const proxyLagMs = app < 0 || proxy < 0 ? 0 : Math.max(0, start[proxy]! + (containers[proxy]!.readyAfterMs ?? 0) - start[app]!);
  return { allStartedMs: start[last]!, dependencyWaitMs: waited[last]!, order, proxyLagMs };
}

/** How long after a container starts the condition a dependant waits for holds. */
function holdsAfter(c: ContainerDefinition, condition: DependencyCondition): number {
  switch (condition) {
    case 'START':
      return 0;
    case 'HEALTHY':
      return c.readyAfterMs ?? 0;
    case 'COMPLETE':
    case 'SUCCESS':
      return c.runsForMs ?? 0;
  }
}

/** A container that exits as it starts, for a reason the task's set-up decides (not the app's failure model). */
export interface StartRefusal {
  readonly afterMs: number;
  readonly exitCode: number;
  readonly oom: false;
  readonly container: string;
  readonly cause: ContainerExitCause;
}

/**
 * Whether a container of the task exits as it starts on a CPU of `architecture`:
 * - an image whose platforms lack it: the kernel cannot run its binary (`exec format error`), at
 *   once and on every start, so kubelet backs off (CrashLoopBackOff) forever and ECS stops the task
 *   ("Essential container in task exited");
 * - on the app's first start (`firstStart`), start-up calls `connectsAfterMs` after it starts
 *   through a mesh proxy not ready until `proxyLagMs` after it: they fail and the app exits 1 (a
 *   restart finds the proxy up).
 * Null: neither.
 */
export function startRefusal(td: TaskDefinition, architecture: CpuArchitecture, proxyLagMs: number, firstStart: boolean): StartRefusal | null {
  for (const c of td.containers) {
    if (c.platforms !== undefined && !c.platforms.includes(architecture)) {
      return { afterMs: 0, exitCode: EXEC_FORMAT_EXIT_CODE, oom: false, container: c.name, cause: { kind: 'exec-format-error', architecture } };
    }
  }
  if (firstStart && td.connectsAfterMs !== undefined && proxyLagMs > td.connectsAfterMs) {
    return { afterMs: td.connectsAfterMs, exitCode: CRASH_EXIT_CODE, oom: false, container: appContainer(td).name, cause: { kind: 'proxy-not-ready', proxyLagMs } };
  }
  return null;
}

/** The exit code a container whose binary the kernel refuses reports (runc's "exec format error" start failure). */
export const EXEC_FORMAT_EXIT_CODE = 1;
