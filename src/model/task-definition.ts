/**
 * Task definitions and the workloads built on them, as compiled from a scenario. Units are
 * fleetsim's internal ones (see resources.ts): cpu in shares, memory in MiB, sizes in MiB.
 */
import type { PortMapping } from './network/host-ports.js';

export type NetworkMode = 'awsvpc' | 'bridge' | 'host' | 'none';

export interface ContainerDefinition {
  readonly name: string;
  /** Image reference, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1`. */
  readonly image: string;
  /** Compressed image size in MiB (what a pull downloads). */
  readonly imageSizeMiB: number;
  /** Number of layers; pulls fetch layers in parallel (bounded by the runtime). */
  readonly layers: number;
  /** An essential container stopping stops the task (ECS semantics). */
  readonly essential: boolean;
  /** Ports the container exposes; bind host ports in `bridge` and `host` modes. */
  readonly portMappings: readonly PortMapping[];
}

export interface TaskDefinition {
  readonly family: string;
  readonly revision: number;
  /** Task-level CPU in shares (ECS `cpu`, e.g. 256 units = 256,000 shares). */
  readonly cpu: number;
  /** Task-level memory in MiB (ECS `memory`). */
  readonly memoryMiB: number;
  readonly networkMode: NetworkMode;
  readonly containers: readonly ContainerDefinition[];
}

/** All port mappings of the task's containers, in container order. */
export function taskPortMappings(td: TaskDefinition): PortMapping[] {
  return td.containers.flatMap((c) => c.portMappings);
}

/** `api:3` — the family:revision form ECS prints. */
export function taskDefinitionArn(td: TaskDefinition): string {
  return `${td.family}:${td.revision}`;
}
