import type { CodeDocs } from '../events/docs.js';
import { sameSchedulingFailure, type SchedulingFailure } from './scheduling.js';

/**
 * Why ECS could not place a task, as codes: what the closest matching container instance lacks.
 * report/describe renders ECS's service event (`(service web) was unable to place a task because
 * no container instance met all of its requirements. The closest matching ...`).
 */
export type EcsUnmetRequirement =
  /** The instance is not in the Auto Scaling group of the task's capacity provider. */
  | { readonly code: 'CAPACITY_PROVIDER_GROUP'; readonly group: string }
  /** The instance's architecture differs from the task definition's cpuArchitecture. */
  | { readonly code: 'CPU_ARCHITECTURE' }
  /** Too few unreserved CPU units. */
  | { readonly code: 'INSUFFICIENT_CPU' }
  /** Too little unreserved memory. */
  | { readonly code: 'INSUFFICIENT_MEMORY' }
  /** Too few unreserved GPUs for the task's GPU resourceRequirements (ECS's `RESOURCE:GPU`). */
  | { readonly code: 'RESOURCE_GPU' }
  /** awsvpc: no task ENI left on the instance (ECS's `RESOURCE:ENI`). */
  | { readonly code: 'RESOURCE_ENI' }
  /** bridge/host: a host port the task needs is in use or reserved (ECS's `RESOURCE:PORTS`). */
  | { readonly code: 'RESOURCE_PORTS' }
  /** The distinctInstance constraint: the instance runs a task of the service already. */
  | { readonly code: 'DISTINCT_INSTANCE' }
  /** A memberOf constraint's cluster query excludes the instance. */
  | { readonly code: 'MEMBER_OF' };

export type EcsUnmetCode = EcsUnmetRequirement['code'];

export const UNMET_CPU_ARCHITECTURE: EcsUnmetRequirement = Object.freeze({ code: 'CPU_ARCHITECTURE' });
export const UNMET_INSUFFICIENT_CPU: EcsUnmetRequirement = Object.freeze({ code: 'INSUFFICIENT_CPU' });
export const UNMET_INSUFFICIENT_MEMORY: EcsUnmetRequirement = Object.freeze({ code: 'INSUFFICIENT_MEMORY' });
export const UNMET_RESOURCE_GPU: EcsUnmetRequirement = Object.freeze({ code: 'RESOURCE_GPU' });
export const UNMET_RESOURCE_ENI: EcsUnmetRequirement = Object.freeze({ code: 'RESOURCE_ENI' });
export const UNMET_RESOURCE_PORTS: EcsUnmetRequirement = Object.freeze({ code: 'RESOURCE_PORTS' });
export const UNMET_DISTINCT_INSTANCE: EcsUnmetRequirement = Object.freeze({ code: 'DISTINCT_INSTANCE' });
export const UNMET_MEMBER_OF: EcsUnmetRequirement = Object.freeze({ code: 'MEMBER_OF' });

export type EcsPlacementFailure =
  /** No ACTIVE container instance at all. */
  | { readonly code: 'NO_CONTAINER_INSTANCES' }
  /** Every instance lacks something; `closest` is the one ECS names, `unmet` what it lacks, in ECS's order. */
  | { readonly code: 'NO_INSTANCE_MET_REQUIREMENTS'; readonly closest: string; readonly unmet: readonly EcsUnmetRequirement[] };

export const NO_CONTAINER_INSTANCES: EcsPlacementFailure = Object.freeze({ code: 'NO_CONTAINER_INSTANCES' });

/** Why a placement policy (ECS's or kube-scheduler's) found no host. */
export type PlacementFailure = EcsPlacementFailure | SchedulingFailure;

/** Whether two placement failures say the same thing (their wording would be equal). */
export function samePlacementFailure(a: PlacementFailure, b: PlacementFailure): boolean {
  if (a.code === 'NO_NODES_AVAILABLE' || a.code === 'FIT_ERROR') return (b.code === 'NO_NODES_AVAILABLE' || b.code === 'FIT_ERROR') && sameSchedulingFailure(a, b);
  if (a.code !== b.code) return false;
  if (a.code === 'NO_CONTAINER_INSTANCES' || b.code !== 'NO_INSTANCE_MET_REQUIREMENTS') return true;
  if (a.closest !== b.closest || a.unmet.length !== b.unmet.length) return false;
  for (let i = 0; i < a.unmet.length; i++) {
    const x = a.unmet[i]!;
    const y = b.unmet[i]!;
    if (x.code !== y.code) return false;
    if (x.code === 'CAPACITY_PROVIDER_GROUP' && y.code === 'CAPACITY_PROVIDER_GROUP' && x.group !== y.group) return false;
  }
  return true;
}

export const ECS_PLACEMENT_FAILURE_DOCS = {
  NO_CONTAINER_INSTANCES: { meaning: 'No container instance is ACTIVE in the cluster.', example: NO_CONTAINER_INSTANCES },
  NO_INSTANCE_MET_REQUIREMENTS: {
    meaning: 'Every instance lacks something; ECS names the closest one (fewest unmet requirements, then the most room) and what it lacks.',
    example: { code: 'NO_INSTANCE_MET_REQUIREMENTS', closest: 'i-000001', unmet: [UNMET_INSUFFICIENT_CPU, UNMET_RESOURCE_ENI] },
  },
} satisfies CodeDocs<EcsPlacementFailure>;

export const ECS_UNMET_REQUIREMENT_DOCS = {
  CAPACITY_PROVIDER_GROUP: { meaning: "The instance is not in the Auto Scaling group of the task's capacity provider.", example: { code: 'CAPACITY_PROVIDER_GROUP', group: 'ecs-m5' } },
  CPU_ARCHITECTURE: { meaning: "The instance's architecture differs from the task definition's runtimePlatform.", example: UNMET_CPU_ARCHITECTURE },
  INSUFFICIENT_CPU: { meaning: 'Too few unreserved CPU units.', example: UNMET_INSUFFICIENT_CPU },
  INSUFFICIENT_MEMORY: { meaning: 'Too little unreserved memory.', example: UNMET_INSUFFICIENT_MEMORY },
  RESOURCE_GPU: { meaning: "Too few unreserved GPUs for the task's GPU resourceRequirements (an instance without GPUs has none).", example: UNMET_RESOURCE_GPU },
  RESOURCE_ENI: { meaning: 'awsvpc: the instance has no task ENI left (trunking raises the limit).', example: UNMET_RESOURCE_ENI },
  RESOURCE_PORTS: { meaning: 'bridge/host: a host port the task needs is in use, or reserved by the agent.', example: UNMET_RESOURCE_PORTS },
  DISTINCT_INSTANCE: { meaning: 'The distinctInstance constraint: the instance runs a task of the service already.', example: UNMET_DISTINCT_INSTANCE },
  MEMBER_OF: { meaning: "A memberOf constraint's cluster query excludes the instance.", example: UNMET_MEMBER_OF },
} satisfies CodeDocs<EcsUnmetRequirement>;
