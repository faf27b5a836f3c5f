/**
 * The container fields that shape a task's start (docs/models.md, "Sidecars, container
 * dependencies and init containers"; "CPU architecture and per-request CPU"), shared by ECS
 * container definitions and pod containers: image platforms, the app's start-up calls, a
 * container's own readiness and run-to-completion time, and ECS `dependsOn` with
 * RegisterTaskDefinition's rules.
 */
import type { CpuArchitecture } from '../../model/catalog/instance-type.js';
import type { ContainerDefinition, ContainerDependency } from '../../model/task-definition.js';
import { parseDuration } from '../units.js';
import { nearest, type Path, type Problems } from './problems.js';

/** The start-shaping fields as a scenario container gives them. */
export interface RawStartFields {
  readonly name: string;
  readonly platforms?: readonly ('linux/amd64' | 'linux/arm64')[];
  readonly readyAfter?: string | number;
  readonly runsFor?: string | number;
}

/** The container's platforms, own readiness and run time, as ContainerDefinition fields (absent when not set). */
export function startFields(c: RawStartFields, path: Path, problems: Problems): Pick<ContainerDefinition, 'platforms' | 'readyAfterMs' | 'runsForMs'> {
  const ms = (v: string | number, field: string): number => problems.need(parseDuration(v), [...path, field]);
  return {
    ...(c.platforms === undefined ? {} : { platforms: c.platforms.map(architectureOf) }),
    ...(c.readyAfter === undefined ? {} : { readyAfterMs: ms(c.readyAfter, 'readyAfter') }),
    ...(c.runsFor === undefined ? {} : { runsForMs: ms(c.runsFor, 'runsFor') }),
  };
}

/** `linux/arm64` -> arm64; `linux/amd64` -> x86_64. */
export function architectureOf(platform: 'linux/amd64' | 'linux/arm64'): CpuArchitecture {
  return platform === 'linux/arm64' ? 'arm64' : 'x86_64';
}

/** The app's start-up calls: the first container that sets `connectsOnStart`, ms after it starts; undefined: none. */
export function connectsAfterMs(containers: readonly { readonly connectsOnStart?: string | number }[], containerPath: (j: number) => Path, problems: Problems): number | undefined {
  const at = containers.findIndex((c) => c.connectsOnStart !== undefined);
  if (at < 0) return undefined;
  return problems.need(parseDuration(containers[at]!.connectsOnStart!), [...containerPath(at), 'connectsOnStart']);
}

/** What RegisterTaskDefinition checks of a container's `dependsOn`, with the fields it needs of the others. */
export interface DependencyTarget {
  readonly name: string;
  readonly essential: boolean;
  readonly hasHealthCheck: boolean;
}

/**
 * ECS `dependsOn` compiled and checked: the container must exist and not be this one; HEALTHY
 * needs it to have a health check ("This requires that the dependent container has health checks
 * configured"); COMPLETE and SUCCESS cannot name an essential container ("This condition can't be
 * set on an essential container"); and the dependencies must not form a cycle.
 */
export function compileDependsOn(
  raw: readonly { readonly containerName: string; readonly condition: ContainerDependency['condition'] }[] | undefined,
  self: string,
  targets: readonly DependencyTarget[],
  path: Path,
  problems: Problems,
): readonly ContainerDependency[] | undefined {
  if (raw === undefined) return undefined;
  raw.forEach((d, k) => {
    const at: Path = [...path, 'dependsOn', k];
    const target = targets.find((t) => t.name === d.containerName);
    if (d.containerName === self) problems.report([...at, 'containerName'], `container '${self}' cannot depend on itself`);
    else if (target === undefined) problems.report([...at, 'containerName'], `no container '${d.containerName}' in this task definition${nearest(d.containerName, targets.map((t) => t.name))}`);
    else if (d.condition === 'HEALTHY' && !target.hasHealthCheck) problems.report([...at, 'condition'], `HEALTHY needs container '${d.containerName}' to have a healthCheck`);
    else if ((d.condition === 'COMPLETE' || d.condition === 'SUCCESS') && target.essential) problems.report([...at, 'condition'], `${d.condition} cannot be set on an essential container ('${d.containerName}'): make it essential: false`);
  });
  return raw.map((d) => ({ containerName: d.containerName, condition: d.condition }));
}

/** Reports a dependency cycle (at the first container on it), which would keep the task from ever starting. */
export function checkNoCycle(containers: readonly { readonly name: string; readonly dependsOn?: readonly ContainerDependency[] }[], containerPath: (j: number) => Path, problems: Problems): void {
  const index = new Map(containers.map((c, i) => [c.name, i]));
  const state = new Array<number>(containers.length).fill(0); // 0 new, 1 on the path, 2 done
  const visit = (i: number): boolean => {
    if (state[i] === 1) return true;
    if (state[i] === 2) return false;
    state[i] = 1;
    for (const d of containers[i]!.dependsOn ?? []) {
      const j = index.get(d.containerName);
      if (j !== undefined && j !== i && visit(j)) return true;
    }
    state[i] = 2;
    return false;
  };
  for (let i = 0; i < containers.length; i++) {
    if (state[i] === 0 && visit(i)) {
      problems.report([...containerPath(i), 'dependsOn'], `container dependencies form a cycle through '${containers[i]!.name}': the task could never start`);
      return;
    }
  }
}
