/**
 * Container start order across the migration (§13). ECS orders a task's containers with
 * `dependsOn` (START, HEALTHY, COMPLETE, SUCCESS; ECS developer guide, "Container dependency");
 * Kubernetes with init containers, which run one after another before the app containers:
 * regular ones to completion, native sidecars (`restartPolicy: Always`, Kubernetes 1.29+) until
 * they have started (or passed their startup probe) and then on beside the app (Kubernetes docs,
 * "Init Containers", "Sidecar Containers").
 */
import type { DependencyCondition } from '../../model/task-definition.js';

interface EcsContainerOrder {
  readonly name: string;
  readonly dependsOn?: readonly { readonly containerName: string; readonly condition: DependencyCondition }[];
}

/** What an ECS container becomes in a pod. */
export type PodContainerRole =
  /** Another container waits for it to exit: a regular init container. */
  | 'init'
  /** Another container waits for it to start or be healthy: a native sidecar. */
  | 'sidecar'
  | 'app';

/**
 * The role of each container (by index): a container others wait on to COMPLETE or SUCCEED runs
 * to completion first (init); one they wait on to START or be HEALTHY keeps running beside them
 * (sidecar); the rest are the pod's containers. `initOrder` lists the init and sidecar containers
 * so that each comes after those it depends on (ECS rejects cycles), in task-definition order
 * otherwise, since kubelet starts init containers in list order.
 */
export function podContainerRoles(containers: readonly EcsContainerOrder[]): { roles: PodContainerRole[]; initOrder: number[] } {
  const index = new Map(containers.map((c, i) => [c.name, i]));
  const roles: PodContainerRole[] = containers.map(() => 'app');
  for (const c of containers) {
    for (const d of c.dependsOn ?? []) {
      const target = index.get(d.containerName);
      if (target === undefined) continue;
      if (d.condition === 'COMPLETE' || d.condition === 'SUCCESS') roles[target] = 'init';
      else if (roles[target] === 'app') roles[target] = 'sidecar';
    }
  }
  const initOrder: number[] = [];
  const placed = new Set<number>();
  const visit = (i: number, path: Set<number>): void => {
    if (placed.has(i) || path.has(i)) return;
    path.add(i);
    for (const d of containers[i]!.dependsOn ?? []) {
      const target = index.get(d.containerName);
      if (target !== undefined && roles[target] !== 'app') visit(target, path);
    }
    placed.add(i);
    initOrder.push(i);
  };
  containers.forEach((_, i) => {
    if (roles[i] !== 'app') visit(i, new Set());
  });
  return { roles, initOrder };
}

interface InitContainerOrder {
  readonly name: string;
  readonly restartPolicy?: 'Always';
}

/**
 * ECS `dependsOn` reproducing a pod's init containers: each init container waits for the one
 * before it, and every app container for the last, a regular one to exit 0 (SUCCESS), a native
 * sidecar to have started (START; a startup probe has no ECS equivalent the export can write).
 */
export function ecsDependsOnForInit(initContainers: readonly InitContainerOrder[]): {
  readonly init: ({ containerName: string; condition: 'START' | 'SUCCESS' }[] | undefined)[];
  readonly app: { containerName: string; condition: 'START' | 'SUCCESS' }[] | undefined;
} {
  const after = (c: InitContainerOrder) => [{ containerName: c.name, condition: c.restartPolicy === 'Always' ? ('START' as const) : ('SUCCESS' as const) }];
  const init = initContainers.map((_, i) => (i === 0 ? undefined : after(initContainers[i - 1]!)));
  // Every earlier init container has exited (or started, a sidecar) before the last one starts,
  // so waiting on the last is waiting on all of them.
  const last = initContainers[initContainers.length - 1];
  return { init, app: last === undefined ? undefined : after(last) };
}
