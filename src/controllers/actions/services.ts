import { SlowStartLedger } from '../../model/slow-start.js';
import { DEFAULT_DEPLOYMENT_CONFIGURATION, DEFAULT_ROLLING_UPDATE, emptyCounts, type Deployment, type RolloutState, type Service } from '../../model/service.js';
import type { Task } from '../../model/task.js';
import type { ServiceSpec } from '../../model/simulation-spec.js';
import type { TaskDefinition } from '../../model/task-definition.js';
import type { DesiredCountCause, RolloutCause, ServiceEventCause } from '../../model/events/service.js';
import type { ActionContext } from './context.js';

/** ECS services and Kubernetes Deployments: creation, desired count, deployments, service events. */
export class ServiceActions {
  constructor(private readonly ctx: ActionContext) {}

  create(spec: ServiceSpec): Service {
    const now = this.ctx.now;
    const service: Service = {
      name: spec.name,
      kind: spec.kind,
      launchType: spec.launchType,
      taskDefinition: spec.taskDefinition,
      deploymentConfiguration: spec.deploymentConfiguration ?? DEFAULT_DEPLOYMENT_CONFIGURATION,
      rollingUpdate: spec.rollingUpdate ?? DEFAULT_ROLLING_UPDATE,
      podDisruptionBudget: spec.podDisruptionBudget ?? null,
      deployment: { id: deploymentId(spec.kind, spec.name, 1), taskDefinition: spec.taskDefinition, rolloutState: 'COMPLETED', failedTasks: 0, stage: 2, startedAt: now, rollback: false },
      lastCompleted: spec.taskDefinition,
      rollbacks: 0,
      desiredCount: spec.desiredCount,
      loadBalancer: spec.loadBalancer,
      healthCheckGracePeriodMs: spec.healthCheckGracePeriodMs ?? 0,
      capacityProviderStrategy: spec.capacityProviderStrategy,
      podScheduling: spec.podScheduling,
      ...(spec.statefulSet === undefined ? {} : { statefulSet: spec.statefulSet }),
      ...(spec.managedEbsVolume === undefined ? {} : { managedEbsVolume: spec.managedEbsVolume }),
      serving: 0,
      deadServing: 0,
      servingPerAz: new Map(),
      deadServingPerAz: new Map(),
      slowStart: spec.loadBalancer !== null && spec.loadBalancer.slowStartMs > 0 ? new SlowStartLedger<Task>(spec.loadBalancer.slowStartMs) : null,
      servingPerformance: 0,
      traffic: { requests: 0, errors: 0, dropped: 0 },
      desiredChanges: { ups: 0, downs: 0, reversals: 0, last: null },
      failures: { exits: 0, restarts: 0, pullFailures: 0 },
      tasksPerCapacityProvider: new Map(),
      tasks: new Set(),
      counts: emptyCounts(),
    };
    this.ctx.state.services.set(service.name, service);
    this.ctx.emit({ type: 'service.created', time: now, service: service.name, desiredCount: spec.desiredCount, taskDefinition: spec.taskDefinition });
    return service;
  }

  setDesiredCount(service: Service, desiredCount: number, cause: DesiredCountCause): void {
    const before = service.desiredCount;
    service.desiredCount = desiredCount;
    const dc = service.desiredChanges;
    if (desiredCount !== before) {
      const direction = desiredCount > before ? 'up' : 'down';
      if (direction === 'up') dc.ups++;
      else dc.downs++;
      if (dc.last !== null && dc.last !== direction) dc.reversals++;
      dc.last = direction;
    }
    this.ctx.emit({ type: 'service.desired-count-changed', time: this.ctx.now, service: service.name, from: before, to: desiredCount, cause });
  }

  /**
   * A new PRIMARY deployment of `taskDefinition` (ECS UpdateService with a new revision, or a
   * circuit-breaker rollback); the previous one becomes ACTIVE until its tasks are gone.
   */
  startDeployment(service: Service, taskDefinition: TaskDefinition, rollback: boolean): Deployment {
    const n = Number(/(\d+)$/.exec(service.deployment.id)![1]) + 1;
    const deployment: Deployment = { id: deploymentId(service.kind, service.name, n), taskDefinition, rolloutState: 'IN_PROGRESS', failedTasks: 0, stage: 1, startedAt: this.ctx.now, rollback };
    service.deployment = deployment;
    service.taskDefinition = taskDefinition;
    if (rollback) service.rollbacks++;
    this.ctx.emit({ type: 'service.deployment-started', time: this.ctx.now, service: service.name, deployment: deployment.id, taskDefinition, rollback });
    return deployment;
  }

  /** A deployment's rolloutState changes (COMPLETED, FAILED), for `cause`. */
  setRolloutState(service: Service, deployment: Deployment, state: RolloutState, cause: RolloutCause): void {
    deployment.rolloutState = state;
    if (state === 'COMPLETED') service.lastCompleted = deployment.taskDefinition;
    this.ctx.emit({ type: 'service.rollout-state', time: this.ctx.now, service: service.name, deployment: deployment.id, state, cause });
  }

  /** A service event (ECS's `describe-services` messages, a Deployment's events), e.g. a placement failure. */
  event(service: Service, cause: ServiceEventCause): void {
    this.ctx.emit({ type: 'service.event', time: this.ctx.now, service: service.name, cause });
  }
}

/**
 * The n-th deployment's id: ECS `ecs-svc/<n>`; a Kubernetes Deployment's n-th rollout is its
 * ReplicaSet, named `<workload>-<n>` in fleetsim's messages (kubectl's revision n).
 */
function deploymentId(kind: Service['kind'], name: string, n: number): string {
  return kind === 'deployment' ? `${name}-${n}` : `ecs-svc/${n}`;
}
